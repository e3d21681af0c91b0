package io.scx4j.api.archfixture.cycleb;

/** Fixture: the other half of a package cycle. */
public class CycleB {
    io.scx4j.api.archfixture.cyclea.CycleA a;
}
