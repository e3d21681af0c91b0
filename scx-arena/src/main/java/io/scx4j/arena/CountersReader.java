package io.scx4j.arena;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads counters laid out by {@link Counters}, in this process or another one that maps the same
 * file, without any coordination with the writer beyond the layout.
 *
 * <p>{@link #value(int)} is one acquire load and allocates nothing. {@link #forEach} lists live
 * counters consistently: it reads a record's state (acquire) and registration id, then its label
 * and value, then checks the state and registration id again, and skips the record if they
 * changed underneath (the counter was freed or reused meanwhile). A writer that died in the middle
 * of an allocation left the state {@code UNUSED}, so the half-written record is never listed.
 */
public final class CountersReader {
    /** Receives one live counter. */
    @FunctionalInterface
    public interface CounterVisitor {
        /** Called for each live counter. */
        void accept(int id, int typeId, String label, long value);
    }

    private final MemorySegment metadata;
    private final MemorySegment values;
    private final int maxCounters;

    /** A reader over the two regions. */
    public CountersReader(MemorySegment metadata, MemorySegment values) {
        this.metadata = metadata;
        this.values = values;
        this.maxCounters = Counters.maxCounters(metadata, values);
    }

    /** Number of counter records. */
    public int maxCounters() {
        return maxCounters;
    }

    /** State of record {@code id}: {@link Counters#UNUSED}, {@code ALLOCATED} or {@code RECLAIMED}. */
    public int state(int id) {
        return (int) Mem.INT.getAcquire(metadata, meta(id) + Counters.STATE);
    }

    /** Acquire read of counter {@code id}'s value. */
    public long value(int id) {
        return (long) Mem.LONG.getAcquire(values,
                (long) Objects.checkIndex(id, maxCounters) * Counters.VALUE_RECORD_BYTES);
    }

    /** Type id of record {@code id}. */
    public int typeId(int id) {
        return (int) Mem.INT.get(metadata, meta(id) + Counters.TYPE_ID);
    }

    /** Registration id of record {@code id} (0 if never allocated). */
    public long registrationId(int id) {
        return (long) Mem.LONG.getAcquire(metadata, meta(id) + Counters.REGISTRATION_ID);
    }

    /** Label of record {@code id}. */
    public String label(int id) {
        long meta = meta(id);
        int length = Math.clamp((int) Mem.INT.get(metadata, meta + Counters.LABEL_LENGTH), 0,
                Counters.MAX_LABEL_BYTES);
        byte[] bytes = new byte[length];
        MemorySegment.copy(metadata, ValueLayout.JAVA_BYTE, meta + Counters.LABEL, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The id of the live counter with this label, or -1. */
    public int find(String label) {
        for (int id = 0; id < maxCounters; id++) {
            int state = state(id);
            if (state == Counters.UNUSED) {
                return -1; // records are allocated lowest first: nothing lives past an unused one
            }
            if (state == Counters.ALLOCATED && label.equals(label(id)) && state(id) == Counters.ALLOCATED) {
                return id;
            }
        }
        return -1;
    }

    /** Visits every live counter (see the class comment for consistency). */
    public void forEach(CounterVisitor visitor) {
        for (int id = 0; id < maxCounters; id++) {
            int state = state(id);
            if (state == Counters.UNUSED) {
                return;
            }
            if (state != Counters.ALLOCATED) {
                continue;
            }
            long registration = registrationId(id);
            int typeId = typeId(id);
            String label = label(id);
            long value = value(id);
            if (state(id) == Counters.ALLOCATED && registrationId(id) == registration) {
                visitor.accept(id, typeId, label, value);
            }
        }
    }

    private long meta(int id) {
        return (long) Objects.checkIndex(id, maxCounters) * Counters.METADATA_RECORD_BYTES;
    }
}
