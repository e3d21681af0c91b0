package io.scx4j.arena;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.MemorySegment;

/**
 * A {@code double} field of a {@link RecordLayout} (loads, EWMAs); methods take the segment and
 * the offset of the record.
 */
public final class DoubleField {
    private final String name;
    private final long offset;

    DoubleField(String name, long offset) {
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
    public double get(MemorySegment segment, long record) {
        return (double) Mem.DOUBLE.get(segment, record + offset);
    }

    /** Plain write. */
    public void set(MemorySegment segment, long record, double value) {
        Mem.DOUBLE.set(segment, record + offset, value);
    }

    /** Acquire read. */
    public double getAcquire(MemorySegment segment, long record) {
        return (double) Mem.DOUBLE.getAcquire(segment, record + offset);
    }

    /** Release write. */
    public void setRelease(MemorySegment segment, long record, double value) {
        Mem.DOUBLE.setRelease(segment, record + offset, value);
    }

    @Override
    public String toString() {
        return "double " + name + " @" + offset;
    }
}
