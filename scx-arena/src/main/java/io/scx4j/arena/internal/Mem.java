package io.scx4j.arena.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Shared access handles and small arithmetic helpers for the arena structures.
 *
 * <p>{@link #LONG} and {@link #INT} are the aligned var handles of {@link ValueLayout#JAVA_LONG}
 * and {@link ValueLayout#JAVA_INT}; their coordinates are {@code (MemorySegment, long offset)}.
 * Because the layouts are naturally aligned, every access mode is available on them (plain,
 * opaque, acquire/release, volatile, CAS, get-and-add, bitwise atomics), as documented in
 * {@code java.lang.foreign.MemoryLayout} ("access mode restrictions"). An access at a misaligned
 * physical address throws {@link IllegalArgumentException}, which is why every structure checks
 * the alignment of its segment once, when it is created or wrapped.
 *
 * <p>Held in {@code static final} fields, so the JIT treats them as constants.
 */
public final class Mem {
    /** Aligned {@code long} access, coordinates {@code (MemorySegment, long offset)}. */
    public static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    /** Aligned {@code int} access, coordinates {@code (MemorySegment, long offset)}. */
    public static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    /** Aligned {@code double} access, coordinates {@code (MemorySegment, long offset)}. */
    public static final VarHandle DOUBLE = ValueLayout.JAVA_DOUBLE.varHandle();

    /** Two cache lines: the unit of padding between independently written hot words. */
    public static final long CACHE_LINE_PAIR = 128;

    private Mem() {}

    /** Rounds {@code value} up to a multiple of {@code alignment} (a power of two). */
    public static long align(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    /** Rounds {@code value} up to a multiple of {@code alignment} (a power of two). */
    public static int align(int value, int alignment) {
        return (value + alignment - 1) & -alignment;
    }

    /**
     * Fails unless {@code segment}'s address plus {@code offset} is a multiple of {@code alignment}.
     *
     * @param what names the structure in the message
     */
    public static void requireAligned(MemorySegment segment, long offset, long alignment, String what) {
        if (((segment.address() + offset) & (alignment - 1)) != 0) {
            throw new IllegalArgumentException(what + " must start at a " + alignment
                    + "-byte aligned address, got 0x" + Long.toHexString(segment.address() + offset));
        }
    }

    /** Fails unless {@code segment} holds at least {@code bytes} bytes. */
    public static void requireSize(MemorySegment segment, long bytes, String what) {
        if (segment.byteSize() < bytes) {
            throw new IllegalArgumentException(what + " needs " + bytes + " bytes, segment has "
                    + segment.byteSize());
        }
    }

    /** Zeroes {@code bytes} bytes (a multiple of 8) from an 8-aligned {@code offset}, with plain stores. */
    public static void zeroWords(MemorySegment segment, long offset, long bytes) {
        if (bytes <= 512) { // a loop of plain stores: no slice object on the hot path
            for (long o = offset, end = offset + bytes; o < end; o += 8) {
                LONG.set(segment, o, 0L);
            }
        } else {
            segment.asSlice(offset, bytes).fill((byte) 0);
        }
    }

    /** This process's id. */
    public static long pid() {
        return ProcessHandle.current().pid();
    }

    /** Whether a process with this id exists and is alive (false for ids ≤ 0). */
    public static boolean isAlive(long pid) {
        if (pid <= 0) {
            return false;
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
