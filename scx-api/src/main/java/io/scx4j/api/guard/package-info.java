/**
 * The loop guard: the one class instrumented policy code calls at every loop back-edge, so that a callback stuck in a
 * loop that calls no helper can still be stopped ({@link io.scx4j.api.guard.MayGoto}). Policy authors never call it
 * themselves; the engine's instrumenting class loader inserts the calls.
 */
package io.scx4j.api.guard;
