package io.scx4j.api.archfixture.clean;

/** Fixture: uses only the public API. */
public class CleanPolicyPart {
    io.scx4j.api.Dsq dsq;
}
