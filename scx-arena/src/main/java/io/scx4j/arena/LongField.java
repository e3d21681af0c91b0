package io.scx4j.arena;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.MemorySegment;

/**
 * A {@code long} field of a {@link RecordLayout}: every method takes the segment and the offset
 * of the <em>record</em> (from {@link ContextTable#offset(int)} or {@link Slab#offset(long)}).
 *
 * <p>Plain {@code get}/{@code set} for data one thread owns; {@code getAcquire}/{@code setRelease}
 * to publish to other threads or processes; atomic read-modify-write for words several writers
 * touch. See {@code docs/visibility.md}.
 */
public final class LongField {
    private final String name;
    private final long offset;

    LongField(String name, long offset) {
        this.name = name;
        this.offset = offset;
    }

    /** Field name. */
    public String name() {
        return name;
    }

    /** Byte offset within the record. */
    public long offset() {
        return offset;
    }

    /** Plain read. */
    public long get(MemorySegment segment, long record) {
        return (long) Mem.LONG.get(segment, record + offset);
    }

    /** Plain write. */
    public void set(MemorySegment segment, long record, long value) {
        Mem.LONG.set(segment, record + offset, value);
    }

    /** Acquire read: sees everything written before the matching release write. */
    public long getAcquire(MemorySegment segment, long record) {
        return (long) Mem.LONG.getAcquire(segment, record + offset);
    }

    /** Release write: publishes everything this thread wrote before. */
    public void setRelease(MemorySegment segment, long record, long value) {
        Mem.LONG.setRelease(segment, record + offset, value);
    }

    /** Volatile read. */
    public long getVolatile(MemorySegment segment, long record) {
        return (long) Mem.LONG.getVolatile(segment, record + offset);
    }

    /** Atomic compare-and-set. */
    public boolean compareAndSet(MemorySegment segment, long record, long expected, long value) {
        return Mem.LONG.compareAndSet(segment, record + offset, expected, value);
    }

    /** Atomic add, returning the previous value. */
    public long getAndAdd(MemorySegment segment, long record, long delta) {
        return (long) Mem.LONG.getAndAdd(segment, record + offset, delta);
    }

    /** Atomic OR, returning the previous value. */
    public long getAndBitwiseOr(MemorySegment segment, long record, long bits) {
        return (long) Mem.LONG.getAndBitwiseOr(segment, record + offset, bits);
    }

    /** Atomic AND, returning the previous value. */
    public long getAndBitwiseAnd(MemorySegment segment, long record, long bits) {
        return (long) Mem.LONG.getAndBitwiseAnd(segment, record + offset, bits);
    }

    @Override
    public String toString() {
        return "long " + name + " @" + offset;
    }
}
