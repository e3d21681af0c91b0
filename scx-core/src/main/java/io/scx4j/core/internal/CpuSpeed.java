package io.scx4j.core.internal;

/**
 * Speed arithmetic of the machine model, in fixed point: a speed of {@link #ONE} executes one reference nanosecond of
 * work per nanosecond (a capacity-1024 CPU at maximum frequency, idle SMT sibling, warm cache). A CPU's speed is
 * {@code capacity × cur_perf × smt >> 10}, each factor on the kernel's 1024 scale ({@code SCHED_CAPACITY_SCALE},
 * {@code SCX_CPUPERF_ONE}); with every factor at 1024 it is {@code capacity << 10}, so {@code work = delta × speed >> 20}
 * is exactly the engine's historical {@code delta × capacity / 1024}.
 *
 * <p>A running task passes through up to three phases, each consumed in order as it runs and integrated piecewise:
 * a stall ({@link TaskStruct#stallNs}: context-switch cost, no progress), a cache warm-up
 * ({@link TaskStruct#coldNs}: progress at the cold factor), then full speed. Allocation-free, O(1).
 */
final class CpuSpeed {
    /** Speed 1.0 (2^20). */
    static final long ONE = 1L << 20;
    private static final long SAFE = 1L << 42;

    private CpuSpeed() {}

    /** {@code capacity × perf × smt >> 10}, at least 1. */
    static long of(int capacity, int perf, int smtQ) {
        return Math.max(1, ((long) capacity * perf * smtQ) >> 10);
    }

    /** Speed during warm-up: {@code speed × coldQ / 1024}. */
    static long cold(long speed, int coldQ) {
        return (speed * coldQ) >> 10;
    }

    /** Work done in {@code t} ns at {@code speed}. */
    static long work(long t, long speed) {
        return t < SAFE ? (t * speed) >> 20 : (long) ((double) t * speed / ONE);
    }

    /**
     * Work {@code p} does in {@code t} ns at {@code speed}, carrying the fraction of a work-ns below the fixed point
     * in {@link TaskStruct#workFrac}, so that accounting in many stretches (ticks) loses nothing to rounding.
     */
    private static long work(TaskStruct p, long t, long speed) {
        if (t >= SAFE) {
            return work(t, speed);
        }
        long x = t * speed + p.workFrac;
        p.workFrac = x & (ONE - 1);
        return x >> 20;
    }

    /**
     * Ns needed for {@code work} at {@code speed} with {@code frac} (in 2^-20 work-ns) already carried, rounded up so
     * that the work done in the result covers it.
     */
    static long time(long work, long speed, long frac) {
        if (work <= 0) {
            return 0;
        }
        return work < SAFE ? Math.ceilDiv((work << 20) - frac, speed) : (long) Math.ceil((double) work * ONE / speed);
    }

    /**
     * Work {@code p} does running {@code delta} ns on a CPU of {@code speed}, consuming its stall and warm-up phases;
     * the warm-up time lost is added to the task's {@code cacheWarmupNs}.
     */
    static long workDone(TaskStruct p, long delta, long speed, int coldQ) {
        if (p.stallNs > 0) {
            long s = Math.min(delta, p.stallNs);
            p.stallNs -= s;
            delta -= s;
        }
        long w = 0;
        if (delta > 0 && p.coldNs > 0) {
            long c = Math.min(delta, p.coldNs);
            p.coldNs -= c;
            delta -= c;
            w = work(p, c, cold(speed, coldQ));
            p.counters.cacheWarmupNs += c - ((c * coldQ) >> 10);
        }
        return w + work(p, delta, speed);
    }

    /** Ns from the start of {@code p}'s next stretch on a CPU of {@code speed} until its remaining work is done (>= 1). */
    static long timeToFinish(TaskStruct p, long speed, int coldQ) {
        long remaining = p.remainingWork;
        long t = p.stallNs;
        long frac = p.workFrac;
        if (p.coldNs > 0) {
            long cs = cold(speed, coldQ);
            long coldWork = p.coldNs < SAFE ? (p.coldNs * cs + frac) >> 20 : work(p.coldNs, cs);
            if (cs > 0 && remaining <= coldWork) {
                return t + Math.max(1, time(remaining, cs, frac));
            }
            t += p.coldNs;
            remaining -= coldWork;
            frac = 0;
        }
        return t + Math.max(1, time(remaining, speed, frac));
    }
}
