package io.scx4j.arena;

import java.io.Serial;

/**
 * A slab handle was dereferenced or freed after its record was freed (stale), or was never
 * handed out by the slab (forged): its generation does not match the record's.
 */
public final class StaleHandleException extends IllegalStateException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** With a message naming the handle and the record's current generation. */
    public StaleHandleException(String message) {
        super(message);
    }
}
