package io.scx4j.policy.lavd;

/**
 * The options a {@link LavdPolicy} runs with: scx_lavd's command-line flags ({@code src/main.rs}, reference
 * policies.md §1.13) that apply to the simulated machine, with upstream's defaults. Built from a
 * {@link io.scx4j.api.PolicyConfig} by {@link LavdPolicyProvider}.
 *
 * @param powerMode           a fixed power mode, or null for {@code --autopilot} (the default)
 * @param noCoreCompaction    {@code --no-core-compaction}: keep every CPU active
 * @param sliceMaxNs          {@code --slice-max-us} (5000) in ns
 * @param sliceMinNs          {@code --slice-min-us} (500) in ns
 * @param preemptShift        {@code --preempt-shift} (6): tasks in the top ~0.5^N of lat_cri may preempt
 * @param pinnedSliceNs       {@code --pinned-slice-us} (5000) in ns, 0 = off
 * @param migDeltaPct         {@code --mig-delta-pct} (0 = dynamic)
 * @param lbLowUtilPct        {@code --lb-low-util-pct} (25)
 * @param lbLocalDsqUtilPct   {@code --lb-local-dsq-util-pct} (10)
 * @param noPreemption        {@code --no-preemption}
 * @param noWakeSync          {@code --no-wake-sync}
 * @param noSliceBoost        {@code --no-slice-boost}
 * @param noFreqScaling       {@code --no-freq-scaling}
 * @param perCpuDsq           {@code --per-cpu-dsq}
 * @param fixStarvation       scx4j only, off by default ({@code fix-starvation}): fixes for ways upstream's
 *                            algorithm can leave a queued task unrun for good, found by the no-starvation property:
 *                            every task that runs advances the logical clock ({@link Deadline#progressWindow}),
 *                            a task that never sleeps gets a load estimate, so steals of it spend the balancing
 *                            budget ({@code LavdPolicy#stopping}), and a planned steal gives way to an earlier
 *                            deadline in the stealer's own queue; the module README has the cases
 * @param maxTasks            size of the per-task arena (scx4j only)
 * @param seed                seed of the policy's own pseudo-random choices (scx4j only; {@code bpf_get_prandom_u32})
 */
public record LavdOptions(
        @org.jspecify.annotations.Nullable PowerMode powerMode,
        boolean noCoreCompaction,
        long sliceMaxNs,
        long sliceMinNs,
        int preemptShift,
        long pinnedSliceNs,
        int migDeltaPct,
        int lbLowUtilPct,
        int lbLocalDsqUtilPct,
        boolean noPreemption,
        boolean noWakeSync,
        boolean noSliceBoost,
        boolean noFreqScaling,
        boolean perCpuDsq,
        boolean fixStarvation,
        int maxTasks,
        long seed) {

    public LavdOptions {
        if (sliceMinNs <= 0 || sliceMaxNs < sliceMinNs) {
            throw new IllegalArgumentException("slice bounds: need 0 < slice-min-us <= slice-max-us, got min "
                    + sliceMinNs / 1000 + " us, max " + sliceMaxNs / 1000 + " us");
        }
        if (preemptShift < 0 || preemptShift > 10) {
            throw new IllegalArgumentException("preempt-shift must be in 0..10, got " + preemptShift);
        }
        if (maxTasks <= 0) {
            throw new IllegalArgumentException("max-tasks must be positive, got " + maxTasks);
        }
    }

    /** Upstream's defaults: autopilot, 500 µs–5 ms slices, preempt shift 6, pinned slice 5 ms. */
    public static LavdOptions defaults() {
        return new LavdOptions(null, false, TimeSlice.SLICE_MAX_NS_DFL, TimeSlice.SLICE_MIN_NS_DFL, 6, 5_000_000L,
                0, 25, 10, false, false, false, false, false, false, 16_384, 0x5ca1ab1eL);
    }

    /** These options with a fixed power mode (null: autopilot). */
    public LavdOptions withPowerMode(@org.jspecify.annotations.Nullable PowerMode mode) {
        return new LavdOptions(mode, noCoreCompaction, sliceMaxNs, sliceMinNs, preemptShift, pinnedSliceNs,
                migDeltaPct, lbLowUtilPct, lbLocalDsqUtilPct, noPreemption, noWakeSync, noSliceBoost, noFreqScaling,
                perCpuDsq, fixStarvation, maxTasks, seed);
    }

    /** These options with the scx4j {@code fix-starvation} fixes on or off. */
    public LavdOptions withFixStarvation(boolean on) {
        return new LavdOptions(powerMode, noCoreCompaction, sliceMaxNs, sliceMinNs, preemptShift, pinnedSliceNs,
                migDeltaPct, lbLowUtilPct, lbLocalDsqUtilPct, noPreemption, noWakeSync, noSliceBoost, noFreqScaling,
                perCpuDsq, on, maxTasks, seed);
    }

    /** {@code use_per_cpu_dsq()}: per-CPU DSQs exist with {@code --per-cpu-dsq} or a pinned slice. */
    public boolean usePerCpuDsq() {
        return perCpuDsq || pinnedSliceNs > 0;
    }
}
