package io.scx4j.arena;

import java.io.Serial;

/**
 * An arena file or segment does not hold the layout the reader expects: wrong magic, a layout
 * version the reader does not speak, a truncated file, or a header never published.
 */
public final class ArenaFormatException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** With a message naming what was expected and what was found. */
    public ArenaFormatException(String message) {
        super(message);
    }
}
