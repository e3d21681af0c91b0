package io.scx4j.core.internal;

/** Fixture: stands in for an engine-internal class. */
public class EngineInternals {}
