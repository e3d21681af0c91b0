package io.scx4j.policy.lavd;

/**
 * The arithmetic of core compaction, autopilot and the big/little split, from
 * {@code scheds/rust/scx_lavd/src/bpf/power.bpf.c} ({@code calc_required_capacity}, {@code calc_nr_active_cpus},
 * {@code do_autopilot}, {@code init_autopilot_caps}, {@code update_thr_perf_cri}, {@code update_cpuperf_target});
 * reference policies.md §1.10–1.11. The energy-model path (PCO table) is not ported: the no-EM path is used, as
 * upstream does with {@code --no-use-em}.
 */
public final class PowerMath {
    /** {@code LAVD_CC_REQ_CAPACITY_HEADROOM}: 25 % of 1024. */
    public static final long REQ_CAPACITY_HEADROOM = (25L << 10) / 100;
    /** {@code LAVD_CC_PER_CPU_UTIL}: an active CPU is planned at 50 % utilisation. */
    public static final long PER_CPU_UTIL = (50L << 10) / 100;
    /** {@code LAVD_AP_HIGH_UTIL_DFL_SMT_RT}: performance mode above 25 % of total capacity with SMT. */
    public static final long AP_HIGH_UTIL_SMT = (25L << 10) / 100;
    /** {@code LAVD_AP_HIGH_UTIL_DFL_NO_SMT_RT}: ... 50 % without SMT. */
    public static final long AP_HIGH_UTIL_NO_SMT = (50L << 10) / 100;
    /** {@code LAVD_CPU_UTIL_MAX_FOR_CPUPERF}: at 85 % utilisation a CPU is asked for full performance. */
    public static final long CPU_UTIL_MAX_FOR_CPUPERF = (85L << 10) / 100;

    private PowerMath() {}

    /**
     * {@code calc_required_capacity} plus the headroom of {@code calc_nr_active_cpus}: {@code nr_online ×
     * avg_util_invr}, inflated by 25 %.
     *
     * @param avgUtilInvr system invariant utilisation in [0, 1024]
     */
    public static long requiredCapacity(int nrOnline, long avgUtilInvr) {
        long req = nrOnline * avgUtilInvr;
        return req + ((req * REQ_CAPACITY_HEADROOM) >> 10);
    }

    /**
     * {@code calc_nr_active_cpus} (no energy model): walk CPUs in preference order adding half of each one's
     * capacity until the sum covers {@code requiredCapacity}; the number walked. All CPUs if never covered.
     *
     * @param capacityInOrder capacities of the online CPUs in preference order
     */
    public static int nrActiveCpus(long requiredCapacity, int[] capacityInOrder) {
        long sum = 0;
        for (int i = 0; i < capacityInOrder.length; i++) {
            sum += (capacityInOrder[i] * PER_CPU_UTIL) >> 10;
            if (sum >= requiredCapacity) {
                return i + 1;
            }
        }
        return capacityInOrder.length;
    }

    /**
     * {@code do_autopilot} with {@code init_autopilot_caps} (no energy model): powersave while the required
     * capacity is at most half of one little core, balanced up to {@code total × 25 %} (SMT) or {@code 50 %}, then
     * performance.
     */
    public static PowerMode autopilot(long requiredCapacity, int littleCoreCapacity, long totalCapacity,
                                      boolean smt) {
        long low = littleCoreCapacity / 2;
        long high = (totalCapacity * (smt ? AP_HIGH_UTIL_SMT : AP_HIGH_UTIL_NO_SMT)) >> 10;
        if (requiredCapacity <= low) {
            return PowerMode.POWERSAVE;
        }
        if (requiredCapacity <= high) {
            return PowerMode.BALANCED;
        }
        return PowerMode.PERFORMANCE;
    }

    /**
     * {@code update_thr_perf_cri}: the perf_cri above which a task counts as performance-critical (wants a big
     * core). With only big cores active everything is; with only little cores nothing is; otherwise the
     * threshold is interpolated so that roughly the little-core share of capacity goes to the least critical tasks.
     *
     * @param bigCoreScale big cores' share of active capacity, in [0, 1024]
     */
    public static long thrPerfCri(long bigCoreScale, long minPerfCri, long avgPerfCri, long maxPerfCri) {
        if (bigCoreScale <= 0) {
            return maxPerfCri;
        }
        if (bigCoreScale >= 1024) {
            return 0;
        }
        long little = 1024 - bigCoreScale;
        long half = (50L << 10) / 100;
        if (little < half) {
            long delta = avgPerfCri - minPerfCri;
            return minPerfCri + delta * little / 512;
        }
        long delta = maxPerfCri - avgPerfCri;
        return avgPerfCri + delta * (little - half) / 512;
    }

    /**
     * {@code update_cpuperf_target} as fixed upstream by sched-ext/scx PR #3793 ("fix and rate-limit the CPU
     * performance target for schedutil governor", part 1/4, "fixes the scale"): the target is on the system-wide
     * capacity scale schedutil reads it in ({@code SCX_CPUPERF_ONE} = the fastest CPU), so it is the CPU's
     * capacity- and frequency-invariant utilisation {@code max(avg, cur)}, capped at the CPU's capacity
     * ({@code scx_bpf_cpuperf_cap()}); from 85 % wall-clock busy (or with {@code --no-freq-scaling}) the capacity
     * itself. The reference commit (7a58a3a) passed the wall-clock busy share instead, which a CPU of capacity below
     * 1024 reads as more than it needs: a little core asked for its top frequency from about half busy.
     *
     * <p>Not ported from the same PR: the steal-time subtraction (part 2: the engine reports no RT/IRQ steal to the
     * policy) and the rounding/deadband filter on the target (part 4).
     *
     * @param avgUtilWall running average of the wall-clock busy share, of 1024
     * @param curUtilWall busy share of the last interval, of 1024
     * @param avgUtilInvr running average of the invariant utilisation, of 1024
     * @param curUtilInvr invariant utilisation of the last interval, of 1024
     * @param cap         the CPU's capacity ({@code scx_bpf_cpuperf_cap()})
     */
    public static int cpuperfTarget(long avgUtilWall, long curUtilWall, long avgUtilInvr, long curUtilInvr, int cap,
                                    boolean noFreqScaling) {
        if (noFreqScaling || Math.max(avgUtilWall, curUtilWall) >= CPU_UTIL_MAX_FOR_CPUPERF) {
            return cap;
        }
        return (int) Math.min(Math.max(avgUtilInvr, curUtilInvr), cap);
    }
}
