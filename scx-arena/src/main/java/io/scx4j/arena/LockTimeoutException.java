package io.scx4j.arena;

import java.io.Serial;

/** An {@link ArenaLock} could not be acquired within its timeout; the message names the owner. */
public final class LockTimeoutException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** With a message naming the lock owner. */
    public LockTimeoutException(String message) {
        super(message);
    }
}
