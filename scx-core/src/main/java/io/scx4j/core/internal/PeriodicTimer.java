package io.scx4j.core.internal;

/**
 * A named periodic timer of a workload (rt-app {@code timer}, reference simulators-workloads-traces.md §2.5): anchored
 * at its first use, each use advances the boundary by one period from the previous boundary, not from now, so
 * preemption delays do not shift the period. One per ref, or one per task instance for refs starting with
 * {@code unique}.
 */
final class PeriodicTimer {
    boolean started;
    /** The current boundary ({@code t_next} in rt-app's {@code run_event}). */
    long next;

    /**
     * One use of the timer at {@code now}: returns how long to sleep until the next boundary, or 0 when the boundary
     * has already passed (a miss). On a miss an absolute timer keeps its phase, so the misses cascade until the task
     * catches up; a relative one is re-anchored at {@code now}.
     */
    long use(long now, long periodNs, boolean absolute) {
        if (!started) {
            started = true;
            next = now;
        }
        next += periodNs;
        if (now < next) {
            return next - now;
        }
        if (!absolute) {
            next = now;
        }
        return 0;
    }
}
