package io.scx4j.arena;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.MemorySegment;

/**
 * One allocated counter of a {@link Counters} set: a {@code long} in shared memory that readers in
 * other processes see live. Zero allocation per update.
 *
 * <p>Atomic methods ({@link #increment()}, {@link #add(long)}, {@link #compareAndSet}) are safe
 * with any number of writers. The {@code *Release} methods are cheaper (a plain load and a release
 * store, no locked instruction) and are correct only when this counter has a single writer thread,
 * the rule Agrona's {@code AtomicCounter.incrementRelease} documents too.
 */
public final class Counter implements AutoCloseable {
    private final Counters owner;
    private final MemorySegment values;
    private final long offset;
    private final int id;
    private final long registrationId;
    private final String label;

    Counter(Counters owner, int id, long registrationId, String label) {
        this.owner = owner;
        this.values = owner.values();
        this.offset = (long) id * Counters.VALUE_RECORD_BYTES + Counters.VALUE;
        this.id = id;
        this.registrationId = registrationId;
        this.label = label;
    }

    /** Record index. */
    public int id() {
        return id;
    }

    /** Unique id of this allocation. */
    public long registrationId() {
        return registrationId;
    }

    /** Label given at allocation. */
    public String label() {
        return label;
    }

    /** Acquire read of the value. */
    public long get() {
        return (long) Mem.LONG.getAcquire(values, offset);
    }

    /** Atomically adds one; returns the previous value. */
    public long increment() {
        return (long) Mem.LONG.getAndAdd(values, offset, 1L);
    }

    /** Atomically adds {@code delta}; returns the previous value. */
    public long add(long delta) {
        return (long) Mem.LONG.getAndAdd(values, offset, delta);
    }

    /** Single-writer increment: plain read, release store. */
    public void incrementRelease() {
        Mem.LONG.setRelease(values, offset, (long) Mem.LONG.get(values, offset) + 1);
    }

    /** Single-writer add: plain read, release store. */
    public void addRelease(long delta) {
        Mem.LONG.setRelease(values, offset, (long) Mem.LONG.get(values, offset) + delta);
    }

    /** Release store of the value. */
    public void set(long value) {
        Mem.LONG.setRelease(values, offset, value);
    }

    /** Atomic compare-and-set. */
    public boolean compareAndSet(long expected, long value) {
        return Mem.LONG.compareAndSet(values, offset, expected, value);
    }

    /** Raises the value to {@code candidate} if it is larger (atomic); returns whether it did. */
    public boolean proposeMax(long candidate) {
        long current = get();
        while (candidate > current) {
            long witness = (long) Mem.LONG.compareAndExchange(values, offset, current, candidate);
            if (witness == current) {
                return true;
            }
            current = witness;
        }
        return false;
    }

    /** Frees the counter. */
    @Override
    public void close() {
        owner.free(id);
    }

    @Override
    public String toString() {
        return "Counter[" + id + " " + label + " = " + get() + "]";
    }
}
