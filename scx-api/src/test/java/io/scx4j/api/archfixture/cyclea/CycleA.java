package io.scx4j.api.archfixture.cyclea;

/** Fixture: half of a package cycle. */
public class CycleA {
    io.scx4j.api.archfixture.cycleb.CycleB b;
}
