package io.scx4j.policy.lavd;

/**
 * Time slices: {@code calc_sys_time_slice} ({@code sys_stat.bpf.c}) and {@code calc_time_slice}
 * ({@code main.bpf.c}) of sched-ext/scx 7a58a3a1a857; reference policies.md §1.5.
 *
 * <p><b>The idea.</b> LAVD aims to run every queued task once within a targeted latency of 10 ms: the system slice
 * is {@code 10 ms × active CPUs / queued tasks}, bounded by {@code --slice-min-us}/{@code --slice-max-us} and
 * smoothed. A task whose bursts are longer than that would be preempted for nothing, so its slice is
 * <em>boosted</em>: to its average burst (plus 500 µs) when the machine has room, or, under load, only for
 * latency-critical tasks and at most twice the system slice. Pinned tasks waiting on the CPU cancel any boost.
 */
public final class TimeSlice {
    /** {@code LAVD_TARGETED_LATENCY_NS}: 10 ms. */
    public static final long TARGETED_LATENCY_NS = 10_000_000;
    /** {@code LAVD_SLICE_MIN_NS_DFL}: 500 µs, default of {@code --slice-min-us}. */
    public static final long SLICE_MIN_NS_DFL = 500_000;
    /** {@code LAVD_SLICE_MAX_NS_DFL}: 5 ms, default of {@code --slice-max-us}. */
    public static final long SLICE_MAX_NS_DFL = 5_000_000;
    /** {@code LAVD_SLICE_BOOST_BONUS}: 500 µs added to the average burst of a fully boosted task. */
    public static final long BOOST_BONUS_NS = SLICE_MIN_NS_DFL;
    /** {@code LAVD_SLICE_BOOST_MAX}: 500 ms, so even a boosted task's placement is revisited. */
    public static final long BOOST_MAX_NS = 500_000_000;
    /** {@code LAVD_SLICE_BOOST_UTIL_WALL}: full boosts only while average utilisation is at most 95 % (of 1024). */
    public static final long BOOST_UTIL_WALL = (95L << 10) / 100;

    /** How {@link #taskSlice} decided. */
    public enum Kind {
        /** The system slice, no boost. */
        REGULAR,
        /** Pinned tasks wait on this CPU: the pinned slice, no boost. */
        PINNED,
        /** Full boost at light load. */
        BOOSTED,
        /** Partial boost of a latency-critical task at heavy load. */
        BOOSTED_LAT_CRI
    }

    private TimeSlice() {}

    /**
     * One sample of the system slice before smoothing: {@code clamp(10 ms × nr_active / nr_queued, min, max)} if
     * anything is queued, else {@code max}.
     */
    public static long sysSliceSample(long nrActive, long nrQueued, long sliceMinNs, long sliceMaxNs) {
        if (nrQueued > 0) {
            long s = TARGETED_LATENCY_NS * nrActive / nrQueued;
            return clamp(s, sliceMinNs, sliceMaxNs);
        }
        return sliceMaxNs;
    }

    /**
     * {@code can_boost_slice}: average utilisation at most 95 % and no more queued tasks than active CPUs.
     *
     * @param avgUtilWall system utilisation in [0, 1024]
     */
    public static boolean canBoost(long avgUtilWall, long nrQueued, long nrActive) {
        return avgUtilWall <= BOOST_UTIL_WALL && nrQueued <= nrActive;
    }

    /**
     * The decision of {@code calc_time_slice}; {@link #taskSlice} gives the length.
     *
     * @param pinnedSliceNs  {@code --pinned-slice-us} in ns, 0 when off
     * @param nrPinnedWaiting pinned tasks queued for this CPU
     * @param sliceBoost      {@code --no-slice-boost} not given
     */
    public static Kind kind(long pinnedSliceNs, long nrPinnedWaiting, boolean sliceBoost, long avgRuntimeWall,
                            long sysSlice, boolean canBoost, long latCri, long avgLatCri) {
        if (pinnedSliceNs > 0 && nrPinnedWaiting > 0) {
            return Kind.PINNED;
        }
        if (sliceBoost && nrPinnedWaiting == 0 && avgRuntimeWall >= sysSlice) {
            if (canBoost) {
                return Kind.BOOSTED;
            }
            if (latCri > avgLatCri) {
                return Kind.BOOSTED_LAT_CRI;
            }
        }
        return Kind.REGULAR;
    }

    /**
     * The slice length for a decision of {@link #kind}:
     * <ul>
     *   <li>{@code PINNED}: {@code min(pinned_slice, sys_slice)};</li>
     *   <li>{@code BOOSTED}: {@code clamp(avg_runtime + 500 µs, slice_min, 500 ms)};</li>
     *   <li>{@code BOOSTED_LAT_CRI}: {@code clamp(sys_slice + sys_slice × lat_cri / (avg_lat_cri + 1), slice_min,
     *       min(avg_runtime, 2 × sys_slice))};</li>
     *   <li>{@code REGULAR}: the system slice.</li>
     * </ul>
     */
    public static long taskSlice(Kind kind, long pinnedSliceNs, long sysSlice, long sliceMinNs, long avgRuntimeWall,
                                 long latCri, long avgLatCri) {
        return switch (kind) {
            case PINNED -> Math.min(pinnedSliceNs, sysSlice);
            case BOOSTED -> clamp(avgRuntimeWall + BOOST_BONUS_NS, sliceMinNs, BOOST_MAX_NS);
            case BOOSTED_LAT_CRI -> {
                long bonus = sysSlice * latCri / (avgLatCri + 1);
                yield clamp(sysSlice + bonus, sliceMinNs, Math.min(avgRuntimeWall, sysSlice * 2));
            }
            case REGULAR -> sysSlice;
        };
    }

    /** {@code clamp(v, lo, hi)} as the BPF macro: {@code min(max(v, lo), hi)} (hi wins if lo > hi). */
    public static long clamp(long v, long lo, long hi) {
        return Math.min(Math.max(v, lo), hi);
    }
}
