package io.scx4j.core.report;

import io.scx4j.api.Task;
import io.scx4j.core.EventSink;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the first {@code capacity} slices of a run (a task running on a CPU from one switch to the next) in
 * primitive arrays, for timelines ({@link HtmlReport}). Later slices are counted, not kept, so memory stays bounded
 * on long runs. Recording a slice allocates only when the arrays grow (doubling, up to the capacity).
 */
public final class SliceRecorder implements EventSink {
    private final int capacity;
    private final @Nullable Task[] running;
    private final long[] since;
    private int[] cpu = new int[1024];
    private int[] pid = new int[1024];
    private long[] start = new long[1024];
    private long[] end = new long[1024];
    private int size;
    private long dropped;
    private long completeUntil = Long.MAX_VALUE;

    /** Records up to {@code capacity} slices on a machine of {@code nrCpus} CPUs. */
    public SliceRecorder(int nrCpus, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.running = new Task[nrCpus];
        this.since = new long[nrCpus];
    }

    @Override
    public void onSwitch(long timeNs, int c, @Nullable Task prev, @Nullable Task next) {
        close(c, timeNs);
        running[c] = next;
        since[c] = timeNs;
    }

    /** Closes the slices still running at {@code endNs}, the end of the run. */
    public void finish(long endNs) {
        for (int c = 0; c < running.length; c++) {
            close(c, endNs);
            running[c] = null;
        }
    }

    private void close(int c, long t) {
        Task p = running[c];
        if (p == null || t <= since[c]) {
            return;
        }
        if (size == capacity) {
            dropped++;
            completeUntil = Math.min(completeUntil, since[c]);
            return;
        }
        if (size == cpu.length) {
            int n = Math.min(capacity, size * 2);
            cpu = Arrays.copyOf(cpu, n);
            pid = Arrays.copyOf(pid, n);
            start = Arrays.copyOf(start, n);
            end = Arrays.copyOf(end, n);
        }
        cpu[size] = c;
        pid[size] = p.pid();
        start[size] = since[c];
        end[size] = t;
        size++;
    }

    /** Slices kept. */
    public int size() {
        return size;
    }

    /** Slices seen after the capacity was reached. */
    public long dropped() {
        return dropped;
    }

    /**
     * Every slice that started before this time was kept ({@link Long#MAX_VALUE} when none was dropped): a timeline
     * drawn up to here is complete.
     */
    public long completeUntilNs() {
        return completeUntil;
    }

    public int nrCpus() {
        return running.length;
    }

    public int cpu(int i) {
        return cpu[i];
    }

    public int pid(int i) {
        return pid[i];
    }

    public long startNs(int i) {
        return start[i];
    }

    public long endNs(int i) {
        return end[i];
    }
}
