package io.scx4j.core.report;

import io.scx4j.api.Task;
import java.util.Arrays;

/**
 * The wake-up flows of a {@link ChromeTraceSink} waiting for their two slices: the waker's slice in which the
 * wake-up happened and the wakee's next slice. A flow is written (start and finish together) once the wakee's slice
 * is closed with a positive length and the start is known to lie inside the waker's slice: at once if that slice is
 * still running and had begun before the wake-up (it then ends after it), else when it closes. A flow is dropped when
 * the waker's slice turned out empty (nothing to bind the start to), and moved on to the wakee's following slice
 * when the wakee's first one was empty. Flows still waiting at the end of the run are never written, so every start
 * in the file has its finish.
 *
 * <p>Parallel primitive arrays, kept in wake-up order: nothing is allocated per event once they are large enough.
 */
final class WakeFlows {
    private static final long UNKNOWN = -1;

    private Task[] wakee = new Task[16];
    private long[] wakeTs = new long[16];
    private int[] wakerCpu = new int[16];
    private long[] wakerSlice = new long[16];
    /** When the waker's slice began. */
    private long[] wakerSince = new long[16];
    /** The start's {@code ts} once the waker's slice is closed and written, else {@link #UNKNOWN}. */
    private long[] startTs = new long[16];
    /** The CPU of the wakee's next slice once it is switched in, else -1. */
    private int[] wakeeCpu = new int[16];
    private long[] wakeeSlice = new long[16];
    /** When the wakee's next slice started: the finish's {@code ts} if that slice turns out non-empty. */
    private long[] wakeeStart = new long[16];
    /** The finish's {@code ts} once the wakee's slice is closed and written, else {@link #UNKNOWN}. */
    private long[] finishTs = new long[16];
    /** The wake-up carried {@code WF_SYNC} (the waker was about to sleep). */
    private boolean[] sync = new boolean[16];
    private int n;

    /**
     * {@code p} was woken at {@code timeNs} by the task running in slice {@code slice} of CPU {@code cpu}, with
     * {@code WF_SYNC} if {@code syncWake}.
     */
    void add(Task p, long timeNs, int cpu, long slice, long sliceSince, boolean syncWake) {
        if (n == wakee.length) {
            grow();
        }
        wakee[n] = p;
        wakeTs[n] = timeNs;
        wakerCpu[n] = cpu;
        wakerSlice[n] = slice;
        wakerSince[n] = sliceSince;
        startTs[n] = UNKNOWN;
        wakeeCpu[n] = -1;
        wakeeSlice[n] = 0;
        finishTs[n] = UNKNOWN;
        sync[n] = syncWake;
        n++;
    }

    /** {@code p} starts slice {@code slice} on CPU {@code cpu}: the next slice of every flow waiting for one. */
    void switchedIn(Task p, int cpu, long slice, long timeNs) {
        for (int i = 0; i < n; i++) {
            if (wakee[i] == p && wakeeCpu[i] < 0) {
                wakeeCpu[i] = cpu;
                wakeeSlice[i] = slice;
                wakeeStart[i] = timeNs;
                finishTs[i] = UNKNOWN;
            }
        }
    }

    /**
     * Slice {@code slice} of CPU {@code cpu} ended at {@code endNs}, written to the trace if {@code written}: settles
     * the flows bound to it and writes, through {@code sink}, every flow whose both ends are now settled.
     */
    void sliceClosed(int cpu, long slice, boolean written, long endNs, ChromeTraceSink sink) {
        int kept = 0;
        for (int i = 0; i < n; i++) {
            boolean drop = false;
            if (wakerCpu[i] == cpu && wakerSlice[i] == slice && startTs[i] == UNKNOWN) {
                if (written) {
                    startTs[i] = Math.min(wakeTs[i], endNs - 1); // inside [since, end): the end is not in the slice
                } else {
                    drop = true;
                }
            }
            if (wakeeCpu[i] == cpu && wakeeSlice[i] == slice && finishTs[i] == UNKNOWN) {
                if (written) {
                    finishTs[i] = wakeeStart[i];
                    if (startTs[i] == UNKNOWN && sink.sliceOpen(wakerCpu[i], wakerSlice[i])
                            && wakerSince[i] < wakeTs[i] && wakeTs[i] < endNs) {
                        // the waker still runs the slice it began before the wake-up: it ends after endNs, later
                        // than the wake-up, so the wake-up time is inside it (and after its X event's ts)
                        startTs[i] = wakeTs[i];
                    }
                } else {
                    wakeeCpu[i] = -1; // an empty slice: bind to the wakee's next one
                }
            }
            if (!drop && startTs[i] != UNKNOWN && finishTs[i] != UNKNOWN) {
                sink.writeFlow(startTs[i], wakerCpu[i], finishTs[i], wakeeCpu[i], sync[i]);
                drop = true;
            }
            if (!drop) {
                move(i, kept++);
            }
        }
        for (int i = kept; i < n; i++) {
            wakee[i] = null;
        }
        n = kept;
    }

    /** Flows waiting for a slice (for tests). */
    int pending() {
        return n;
    }

    private void move(int from, int to) {
        if (from == to) {
            return;
        }
        wakee[to] = wakee[from];
        wakeTs[to] = wakeTs[from];
        wakerCpu[to] = wakerCpu[from];
        wakerSlice[to] = wakerSlice[from];
        wakerSince[to] = wakerSince[from];
        startTs[to] = startTs[from];
        wakeeCpu[to] = wakeeCpu[from];
        wakeeSlice[to] = wakeeSlice[from];
        wakeeStart[to] = wakeeStart[from];
        finishTs[to] = finishTs[from];
        sync[to] = sync[from];
    }

    private void grow() {
        int len = wakee.length * 2;
        wakee = Arrays.copyOf(wakee, len);
        wakeTs = Arrays.copyOf(wakeTs, len);
        wakerCpu = Arrays.copyOf(wakerCpu, len);
        wakerSlice = Arrays.copyOf(wakerSlice, len);
        wakerSince = Arrays.copyOf(wakerSince, len);
        startTs = Arrays.copyOf(startTs, len);
        wakeeCpu = Arrays.copyOf(wakeeCpu, len);
        wakeeSlice = Arrays.copyOf(wakeeSlice, len);
        wakeeStart = Arrays.copyOf(wakeeStart, len);
        finishTs = Arrays.copyOf(finishTs, len);
        sync = Arrays.copyOf(sync, len);
    }
}
