package io.scx4j.lib;

import io.scx4j.api.Task;
import io.scx4j.api.Weights;

/**
 * The global virtual clock of a weighted virtual-time (vtime) scheduler, and the arithmetic around it.
 *
 * <p><b>What vtime is.</b> sched_ext lets a policy order a user DSQ by {@link Task#dsqVtime() p->scx.dsq_vtime}
 * ({@link io.scx4j.api.Scx#dsqInsertVtime scx_bpf_dsq_insert_vtime}); the task with the smallest vtime is consumed
 * first. The kernel never advances a task's vtime: the policy does, usually by charging each task the time it ran
 * divided by its weight. A heavier task (lower nice) is charged less per nanosecond and so comes back to the head of
 * the queue sooner: that is weighted fair sharing. This class holds the three pieces every such policy needs, as
 * {@code scx_simple.bpf.c} (sched-ext/scx, {@code scheds/c/}) writes them:
 * <ol>
 *   <li>a global clock, {@code vtime_now}, that follows the vtime of the tasks that start running
 *       ({@link #advanceTo}, called from {@code ops.running});</li>
 *   <li>a clamp for waking tasks ({@link #clamp}, called from {@code ops.enqueue}): a task that slept for a long
 *       time has a vtime far behind {@code vtime_now}; left alone it would monopolise the CPUs until it caught up.
 *       It is allowed to be at most one slice behind;</li>
 *   <li>the charge ({@link #charge}, called from {@code ops.stopping}): the time used, scaled by
 *       {@code 100 / weight} (100 is the weight of a nice-0 task, {@link Weights#DFL}).</li>
 * </ol>
 *
 * <p><b>Wrap-safe comparisons.</b> Vtime and clock values are unsigned 64-bit counters in the kernel, compared with
 * {@code time_before64(a, b)} ({@code include/linux/jiffies.h}): {@code (s64)(a - b) < 0}. The difference is taken
 * first and its sign tested, so the comparison stays right when a counter wraps around, as long as the two values
 * are less than 2<sup>63</sup> apart. {@link #timeBefore} and {@link #timeAfter} are that comparison; Java's
 * {@code long} subtraction wraps exactly like the kernel's {@code u64}.
 *
 * <p>Not thread-safe: the engine calls a policy's callbacks one at a time. (In BPF, {@code vtime_now} is updated
 * racily from many CPUs; {@code scx_simple} accepts the small temporary error.)
 */
public final class VtimeClock {
    private long vtimeNow;

    /** A clock at vtime 0. */
    public VtimeClock() {
        this(0);
    }

    /** A clock starting at {@code vtimeNow}. */
    public VtimeClock(long vtimeNow) {
        this.vtimeNow = vtimeNow;
    }

    /** {@code vtime_now}: the largest vtime of any task that started running so far (wrap-safe). */
    public long now() {
        return vtimeNow;
    }

    /**
     * {@code ops.running}: a task with vtime {@code vtime} starts running; the clock moves forward to it if it is
     * ahead. The clock never moves backwards.
     *
     * @return the clock after the update
     */
    public long advanceTo(long vtime) {
        if (timeBefore(vtimeNow, vtime)) {
            vtimeNow = vtime;
        }
        return vtimeNow;
    }

    /**
     * {@code ops.enqueue}: the vtime to queue a task with, limiting the credit an idle task can bank to
     * {@code budget}: a vtime more than {@code budget} behind {@link #now()} becomes {@code now() - budget}; any other
     * vtime is returned unchanged. {@code scx_simple} uses one slice ({@code SCX_SLICE_DFL}) as the budget.
     *
     * @param vtime  the task's {@link Task#dsqVtime()}
     * @param budget how far behind the clock a task may be, in vtime ns (non-negative)
     */
    public long clamp(long vtime, long budget) {
        long floor = vtimeNow - budget;
        return timeBefore(vtime, floor) ? floor : vtime;
    }

    /**
     * The vtime charge for running {@code usedNs} at {@code weight}: {@code usedNs * 100 / weight}. A nice-0 task
     * (weight 100) is charged its real run time; weight 200 half of it; weight 50 twice.
     *
     * @param usedNs the run time to charge, non-negative
     * @param weight {@link Task#weight()}, in [1, 10000]
     */
    public static long charge(long usedNs, int weight) {
        if (weight < Weights.MIN || weight > Weights.MAX) {
            throw new IllegalArgumentException("weight must be in [1, 10000], got " + weight);
        }
        return usedNs * Weights.DFL / weight;
    }

    /**
     * How much of a slice was used, as {@code scx_simple}'s {@code ops.stopping} measures it: the slice the task was
     * given minus what is left ({@link Task#slice()}, which the kernel decrements as the task runs). Saturates at
     * 0 if the task has more left than it was given (the kernel refilled it with a larger default) or an
     * {@link io.scx4j.api.Scx#SLICE_INF infinite} slice (compared unsigned, like the kernel's {@code u64}).
     *
     * <p>A yield ({@code sched_yield()}, whose default zeroes the slice) or a preemption by
     * {@link io.scx4j.api.KickFlags#PREEMPT} also zeroes the slice, so it counts as using all of it; measure
     * {@link Task#sumExecRuntime()} instead if that penalises such tasks too much.
     *
     * @param assigned  the slice the policy inserted the task with, in ns
     * @param remaining {@link Task#slice()} at {@code ops.stopping}
     */
    public static long usedSlice(long assigned, long remaining) {
        return Long.compareUnsigned(remaining, assigned) >= 0 ? 0 : assigned - remaining;
    }

    /**
     * {@code ops.stopping}, all in one: adds {@code charge(usedSlice(assigned, p.slice()), p.weight())} to
     * {@code p}'s vtime.
     *
     * @return the task's new vtime
     */
    public static long chargeStopping(Task p, long assigned) {
        long vtime = p.dsqVtime() + charge(usedSlice(assigned, p.slice()), p.weight());
        p.setDsqVtime(vtime);
        return vtime;
    }

    /**
     * {@code time_before64(a, b)}: {@code a} is earlier than {@code b}, wrap-safe: {@code (a - b) < 0}.
     * Right whenever the two values are less than 2<sup>63</sup> apart, including across a wrap of the 64-bit
     * counter.
     */
    public static boolean timeBefore(long a, long b) {
        return a - b < 0;
    }

    /** {@code time_after64(a, b)}: {@code a} is later than {@code b}, wrap-safe: {@code (b - a) < 0}. */
    public static boolean timeAfter(long a, long b) {
        return b - a < 0;
    }

    @Override
    public String toString() {
        return "VtimeClock[now=" + Long.toUnsignedString(vtimeNow) + "]";
    }
}
