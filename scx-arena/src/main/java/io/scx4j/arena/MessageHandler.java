package io.scx4j.arena;

import java.lang.foreign.MemorySegment;

/** Receives one message read from an {@link MpscRing}. */
@FunctionalInterface
public interface MessageHandler {
    /**
     * Called once per message; the payload is {@code buffer[offset, offset + length)} and is
     * valid only during the call.
     */
    void onMessage(int typeId, MemorySegment buffer, long offset, int length);
}
