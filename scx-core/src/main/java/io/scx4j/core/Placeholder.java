package io.scx4j.core;

/** Temporary: removed when the package gets its first real type. */
final class Placeholder {
    private Placeholder() {}
}
