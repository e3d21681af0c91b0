package io.scx4j.api;

/** Temporary: removed when the package gets its first real type. */
final class Placeholder {
    private Placeholder() {}
}
