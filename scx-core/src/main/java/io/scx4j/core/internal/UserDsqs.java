package io.scx4j.core.internal;

import java.util.Arrays;

/**
 * The user DSQs by id: an open-addressing hash table keyed by the primitive 64-bit DSQ id, so looking a DSQ up on
 * every insert, move and dispatch boxes no {@code Long} (a {@code Map<Long, ...>} allocates one for every id outside
 * the small-value cache, i.e. for most ids a policy picks). The kernel keeps user DSQs in an rhashtable keyed by the
 * same 64-bit id ({@code kernel/sched/ext.c}: {@code dsq_hash}, {@code find_user_dsq()}).
 *
 * <p>Linear probing with backward-shift deletion (no tombstones); the table doubles when half full. Growth happens
 * only in {@code scx_bpf_create_dsq()}, never on the per-event path.
 */
final class UserDsqs {
    private static final int INITIAL_CAPACITY = 16;

    private long[] keys = new long[INITIAL_CAPACITY];
    private DispatchQueue[] values = new DispatchQueue[INITIAL_CAPACITY];
    private int size;

    /** The DSQ with this id, or null. */
    DispatchQueue get(long dsqId) {
        int mask = values.length - 1;
        for (int i = slot(dsqId, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == dsqId) {
                return values[i];
            }
        }
        return null;
    }

    boolean containsKey(long dsqId) {
        return get(dsqId) != null;
    }

    /** Maps {@code dsqId} to {@code q} (replacing any DSQ of that id); returns the one replaced, or null. */
    DispatchQueue put(long dsqId, DispatchQueue q) {
        if (q == null) {
            throw new IllegalArgumentException("null DSQ for id " + dsqId);
        }
        if (2 * (size + 1) > values.length) {
            grow();
        }
        int mask = values.length - 1;
        int i = slot(dsqId, mask);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == dsqId) {
                DispatchQueue old = values[i];
                values[i] = q;
                return old;
            }
        }
        keys[i] = dsqId;
        values[i] = q;
        size++;
        return null;
    }

    /** Removes the DSQ of this id; returns it, or null if there was none. */
    DispatchQueue remove(long dsqId) {
        int mask = values.length - 1;
        int i = slot(dsqId, mask);
        while (values[i] != null && keys[i] != dsqId) {
            i = (i + 1) & mask;
        }
        DispatchQueue old = values[i];
        if (old == null) {
            return null;
        }
        // backward-shift: move later entries of the probe run into the hole when their home slot allows it
        int hole = i;
        for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = null;
        size--;
        return old;
    }

    void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        DispatchQueue[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new DispatchQueue[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L; // Fibonacci hashing: spreads consecutive ids
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
