package io.scx4j.core.internal;

import java.util.Arrays;

/**
 * The simulator's single event queue: a binary min-heap over parallel primitive arrays, ordered by
 * (time, tie-break). Nothing is allocated per event once the arrays have grown to the run's peak size.
 *
 * <p>The tie-break decides the order of events at the same virtual time: either insertion order, or a value drawn
 * from the run's seeded random stream (a seeded shuffle), which is what the engine does by default so that policies
 * are not tuned to an accidental order. Either way the order is a function of the seed alone.
 */
final class EventQueue {
    private long[] time = new long[256];
    private long[] tie = new long[256];
    private int[] type = new int[256];
    private int[] a = new int[256];
    private long[] b = new long[256];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long peekTime() {
        return time[0];
    }

    int peekType() {
        return type[0];
    }

    int peekA() {
        return a[0];
    }

    long peekB() {
        return b[0];
    }

    void add(long t, long tieBreak, int eventType, int argA, long argB) {
        if (size == time.length) {
            int n = size * 2;
            time = Arrays.copyOf(time, n);
            tie = Arrays.copyOf(tie, n);
            type = Arrays.copyOf(type, n);
            a = Arrays.copyOf(a, n);
            b = Arrays.copyOf(b, n);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(t, tieBreak, time[parent], tie[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, t, tieBreak, eventType, argA, argB);
    }

    /** Removes the head; read it with the peek methods first. */
    void poll() {
        int last = --size;
        if (last == 0) {
            return;
        }
        long t = time[last];
        long tb = tie[last];
        int ty = type[last];
        int aa = a[last];
        long bb = b[last];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && less(time[right], tie[right], time[child], tie[child])) {
                child = right;
            }
            if (!less(time[child], tie[child], t, tb)) {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, t, tb, ty, aa, bb);
    }

    private static boolean less(long t1, long tb1, long t2, long tb2) {
        return t1 < t2 || (t1 == t2 && tb1 < tb2);
    }

    private void move(int from, int to) {
        time[to] = time[from];
        tie[to] = tie[from];
        type[to] = type[from];
        a[to] = a[from];
        b[to] = b[from];
    }

    private void set(int i, long t, long tb, int ty, int aa, long bb) {
        time[i] = t;
        tie[i] = tb;
        type[i] = ty;
        a[i] = aa;
        b[i] = bb;
    }
}
