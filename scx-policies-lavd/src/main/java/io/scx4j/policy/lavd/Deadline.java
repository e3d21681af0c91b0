package io.scx4j.policy.lavd;

/**
 * Virtual deadlines and LAVD's logical clock: {@code calc_when_to_run} and {@code calc_greedy_penalty} of
 * {@code scheds/rust/scx_lavd/src/bpf/lat_cri.bpf.c}, {@code advance_cur_logical_clk} of {@code main.bpf.c}
 * (sched-ext/scx 7a58a3a1a857; reference policies.md §1.4).
 *
 * <p><b>The idea.</b> Every runnable task is queued by a virtual deadline (its {@code dsq_vtime}): the logical
 * clock now, minus a small <em>compete window</em> that lets a task that just woke slot in slightly "in the past",
 * plus a delta. The delta is inversely proportional to the task's latency criticality, so critical tasks get near
 * deadlines and run first; proportional to a runtime estimate (a task that has already run long since it woke
 * gets a later deadline); and proportional to a greed penalty between 100 % and 200 % for tasks that used more
 * than their fair share of CPU. The clock itself advances when a task starts running: towards that task's
 * deadline, by a fraction {@code 1/nr_queued}, so it slows down under overload and woken tasks still compete with
 * the backlog.
 *
 * <p>Pure functions on unsigned 64-bit values.
 */
public final class Deadline {
    /** {@code LAVD_SHIFT}: fixed-point scale 1024. */
    public static final int SHIFT = 10;
    /** {@code LAVD_SCALE}. */
    public static final long SCALE = 1L << SHIFT;
    /** {@code LAVD_ACC_RUNTIME_MAX} = {@code LAVD_SLICE_MAX_NS_DFL}: 5 ms. */
    public static final long ACC_RUNTIME_MAX_NS = 5_000_000;
    /** {@code LAVD_TASK_LAG_MAX}: a nice-0 task's lag is bounded by ±500 ms of service time. */
    public static final long TASK_LAG_MAX_NS = 500_000_000;
    /** {@code LAVD_LC_GREEDY_SHIFT}: the penalty adds up to half again (100 %–200 %). */
    public static final int GREEDY_SHIFT = 1;
    /** {@code LAVD_DL_COMPETE_WINDOW}: {@code 300 ms >> 16} = 4577 ns. */
    public static final long COMPETE_WINDOW_NS = 300_000_000L >> 16;
    /** {@code LAVD_MAX_RETRY}: not needed here (the engine calls back one at a time), kept for the record. */
    public static final int MAX_RETRY = 3;

    private Deadline() {}

    /** {@code scale_by_task_weight_inverse}: {@code value × 100 / weight}. */
    public static long scaleByWeightInverse(long value, int weight) {
        return value * 100 / weight;
    }

    /**
     * {@code calc_greedy_penalty}'s formula on an already clamped lag: {@code 1024 + (((lag_max - lag) << 10) /
     * lag_max >> 1)}, from 1024 (lag = +lag_max, under-served) to 2048 (lag = -lag_max, greedy).
     *
     * @param lag    {@code avg_svc_time_iwgt - svc_time_iwgt}, clamped to [-lagMax, lagMax] ({@link #clampLag})
     * @param lagMax {@link #scaleByWeightInverse}({@link #TASK_LAG_MAX_NS}, weight)
     */
    public static long greedyPenalty(long lag, long lagMax) {
        long penalty = ((-lag + lagMax) << SHIFT) / lagMax;
        return SCALE + (penalty >>> GREEDY_SHIFT);
    }

    /** The lag bound of {@code calc_greedy_penalty}: {@code lag} clamped to {@code [-lagMax, lagMax]}. */
    public static long clampLag(long lag, long lagMax) {
        return Math.max(-lagMax, Math.min(lag, lagMax));
    }

    /** {@code calc_adjusted_runtime}: {@code 5 ms + min(acc_runtime_invr, 5 ms)}, i.e. 5–10 ms. */
    public static long adjustedRuntime(long accRuntimeInvrNs) {
        return ACC_RUNTIME_MAX_NS + Math.min(accRuntimeInvrNs, ACC_RUNTIME_MAX_NS);
    }

    /**
     * {@code calc_virtual_deadline_delta}: {@code (adjusted_runtime × penalty / lat_cri) >> 10}.
     *
     * @param latCri the task's latency criticality, at least 1
     */
    public static long deadlineDelta(long adjustedRuntimeNs, long greedyPenalty, long latCri) {
        return (adjustedRuntimeNs * greedyPenalty / Math.max(latCri, 1)) >>> SHIFT;
    }

    /**
     * {@code calc_compete_window}: {@link #COMPETE_WINDOW_NS}, shrunk by {@code nr_active / nr_queued} when more tasks
     * are queued than CPUs are active.
     */
    public static long competeWindow(long nrQueued, long nrActive) {
        long a = Math.max(nrActive, 1);
        if (nrQueued > a) {
            return COMPETE_WINDOW_NS * a / nrQueued;
        }
        return COMPETE_WINDOW_NS;
    }

    /**
     * The clock part of the {@code fix-starvation} option (scx4j, not upstream): the compete window capped at half the
     * deadline delta.
     *
     * <p>Why: {@link #advanceClock} only moves the clock when the task that starts running has a deadline after it.
     * A task whose delta is below the compete window, a very latency-critical one (high wait frequency, pinned,
     * woken: {@code lat_cri} above ~1100 makes a 5 ms adjusted runtime fall under the 4577 ns window), is queued
     * <em>before</em> the clock. When every task that runs is such a task, the clock stops, each of them re-enters
     * the queue before a task already waiting there, and that task never runs; the kernel's watchdog then ejects
     * the scheduler. Upstream knows the mechanism (sched-ext/scx issue #3303, PR #3711 shrinks the window only when
     * more tasks are queued than CPUs are active, which three tasks pinned to one of two CPUs are not). With the cap
     * every deadline lies at least {@code delta/2} after the clock, so each run advances it by at least
     * {@code delta / (2·nr_queued)} and a waiting task's deadline is reached after a bounded number of runs. The
     * boost keeps its order: a smaller delta still means an earlier deadline.
     */
    public static long progressWindow(long competeWindow, long deadlineDelta) {
        return Math.min(competeWindow, deadlineDelta >>> 1);
    }

    /** {@code calc_when_to_run}: {@code clock - compete_window + delta} (wrapping like u64). */
    public static long whenToRun(long logicalClock, long competeWindow, long deadlineDelta) {
        return logicalClock - competeWindow + deadlineDelta;
    }

    /**
     * {@code advance_cur_logical_clk}: the clock after a task with deadline {@code vtime} started running. It never
     * goes backwards; otherwise it moves {@code (vtime - clock) / max(nr_queued, 1)} towards the deadline.
     */
    public static long advanceClock(long clock, long vtime, long nrQueued) {
        if (Long.compareUnsigned(vtime, clock) <= 0) {
            return clock;
        }
        return clock + Long.divideUnsigned(vtime - clock, Math.max(nrQueued, 1));
    }
}
