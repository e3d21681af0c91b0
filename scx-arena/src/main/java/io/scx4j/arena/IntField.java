package io.scx4j.arena;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.MemorySegment;

/**
 * An {@code int} field of a {@link RecordLayout}: every method takes the segment and the offset
 * of the <em>record</em> (from {@link ContextTable#offset(int)} or {@link Slab#offset(long)}).
 *
 * <p>Plain {@code get}/{@code set} for data one thread owns; {@code getAcquire}/{@code setRelease}
 * to publish to other threads or processes; atomic read-modify-write for words several writers
 * touch. See {@code docs/visibility.md}.
 */
public final class IntField {
    private final String name;
    private final long offset;

    IntField(String name, long offset) {
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
    public int get(MemorySegment segment, long record) {
        return (int) Mem.INT.get(segment, record + offset);
    }

    /** Plain write. */
    public void set(MemorySegment segment, long record, int value) {
        Mem.INT.set(segment, record + offset, value);
    }

    /** Acquire read: sees everything written before the matching release write. */
    public int getAcquire(MemorySegment segment, long record) {
        return (int) Mem.INT.getAcquire(segment, record + offset);
    }

    /** Release write: publishes everything this thread wrote before. */
    public void setRelease(MemorySegment segment, long record, int value) {
        Mem.INT.setRelease(segment, record + offset, value);
    }

    /** Volatile read. */
    public int getVolatile(MemorySegment segment, long record) {
        return (int) Mem.INT.getVolatile(segment, record + offset);
    }

    /** Atomic compare-and-set. */
    public boolean compareAndSet(MemorySegment segment, long record, int expected, int value) {
        return Mem.INT.compareAndSet(segment, record + offset, expected, value);
    }

    /** Atomic add, returning the previous value. */
    public int getAndAdd(MemorySegment segment, long record, int delta) {
        return (int) Mem.INT.getAndAdd(segment, record + offset, delta);
    }

    /** Atomic OR, returning the previous value. */
    public int getAndBitwiseOr(MemorySegment segment, long record, int bits) {
        return (int) Mem.INT.getAndBitwiseOr(segment, record + offset, bits);
    }

    /** Atomic AND, returning the previous value. */
    public int getAndBitwiseAnd(MemorySegment segment, long record, int bits) {
        return (int) Mem.INT.getAndBitwiseAnd(segment, record + offset, bits);
    }

    @Override
    public String toString() {
        return "int " + name + " @" + offset;
    }
}
