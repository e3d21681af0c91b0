package io.scx4j.policy.lavd;

import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyOption;
import io.scx4j.api.PolicyOptionException;
import io.scx4j.api.PolicyProvider;
import java.util.List;

/**
 * Provides {@link LavdPolicy} as policy {@code lavd}, registered for {@link java.util.ServiceLoader}. Options carry
 * scx_lavd's flag names without the leading dashes ({@code src/main.rs}; reference policies.md §1.13), e.g.
 * {@code --option slice-max-us=3000 --option powersave=true}.
 */
public final class LavdPolicyProvider implements PolicyProvider {
    /** {@code --autopilot}: choose the power mode from the load (the default when no mode is given). */
    public static final PolicyOption<Boolean> AUTOPILOT =
            PolicyOption.ofBoolean("autopilot", false, "choose the power mode from the load (default if no mode)");
    /** {@code --performance}. */
    public static final PolicyOption<Boolean> PERFORMANCE =
            PolicyOption.ofBoolean("performance", false, "fixed performance mode: no core compaction");
    /** {@code --balanced}. */
    public static final PolicyOption<Boolean> BALANCED =
            PolicyOption.ofBoolean("balanced", false, "fixed balanced mode: compaction, performance CPU order");
    /** {@code --powersave}. */
    public static final PolicyOption<Boolean> POWERSAVE =
            PolicyOption.ofBoolean("powersave", false, "fixed powersave mode: compaction, little cores first");
    /** {@code --no-core-compaction}. */
    public static final PolicyOption<Boolean> NO_CORE_COMPACTION =
            PolicyOption.ofBoolean("no-core-compaction", false, "keep every CPU active");
    /** {@code --slice-max-us}. */
    public static final PolicyOption<Long> SLICE_MAX_US =
            PolicyOption.ofLong("slice-max-us", 5_000, "maximum time slice in us").withRange(1L, 1_000_000L);
    /** {@code --slice-min-us}. */
    public static final PolicyOption<Long> SLICE_MIN_US =
            PolicyOption.ofLong("slice-min-us", 500, "minimum time slice in us").withRange(1L, 1_000_000L);
    /** {@code --preempt-shift}. */
    public static final PolicyOption<Integer> PREEMPT_SHIFT =
            PolicyOption.ofInt("preempt-shift", 6, "only the top ~0.5^N most latency-critical tasks preempt")
                    .withRange(0, 10);
    /** {@code --pinned-slice-us}. */
    public static final PolicyOption<Long> PINNED_SLICE_US =
            PolicyOption.ofLong("pinned-slice-us", 5_000, "slice while pinned tasks wait on a CPU, 0 = off")
                    .withRange(0L, 1_000_000L);
    /** {@code --mig-delta-pct}. */
    public static final PolicyOption<Integer> MIG_DELTA_PCT =
            PolicyOption.ofInt("mig-delta-pct", 0, "fixed load-balancing threshold in %, 0 = dynamic")
                    .withRange(0, 100);
    /** {@code --lb-low-util-pct}. */
    public static final PolicyOption<Integer> LB_LOW_UTIL_PCT =
            PolicyOption.ofInt("lb-low-util-pct", 25, "skip load balancing below this per-CPU utilisation %")
                    .withRange(0, 100);
    /** {@code --lb-local-dsq-util-pct}. */
    public static final PolicyOption<Integer> LB_LOCAL_DSQ_UTIL_PCT =
            PolicyOption.ofInt("lb-local-dsq-util-pct", 10, "direct local dispatch below this CPU utilisation %")
                    .withRange(0, 100);
    /** {@code --no-preemption}. */
    public static final PolicyOption<Boolean> NO_PREEMPTION =
            PolicyOption.ofBoolean("no-preemption", false, "never preempt a running task");
    /** {@code --no-wake-sync}. */
    public static final PolicyOption<Boolean> NO_WAKE_SYNC =
            PolicyOption.ofBoolean("no-wake-sync", false, "ignore SCX_WAKE_SYNC");
    /** {@code --no-slice-boost}. */
    public static final PolicyOption<Boolean> NO_SLICE_BOOST =
            PolicyOption.ofBoolean("no-slice-boost", false, "never boost a time slice");
    /** {@code --no-freq-scaling}. */
    public static final PolicyOption<Boolean> NO_FREQ_SCALING =
            PolicyOption.ofBoolean("no-freq-scaling", false, "always request full CPU performance");
    /** {@code --per-cpu-dsq}. */
    public static final PolicyOption<Boolean> PER_CPU_DSQ =
            PolicyOption.ofBoolean("per-cpu-dsq", false, "queue every task on a per-CPU DSQ (experimental)");
    /** The starvation fixes (scx4j, not upstream; {@link LavdOptions#fixStarvation}). */
    public static final PolicyOption<Boolean> FIX_STARVATION = PolicyOption.ofBoolean("fix-starvation", false,
            "scx4j fix, not upstream: every task that runs advances the logical clock, so no queued task starves");
    /** Size of the per-task arena (scx4j). */
    public static final PolicyOption<Integer> MAX_TASKS =
            PolicyOption.ofInt("max-tasks", 16_384, "tasks the per-task arena holds").withRange(1, 1 << 22);

    /** Used by {@link java.util.ServiceLoader}. */
    public LavdPolicyProvider() {}

    @Override
    public String name() {
        return "lavd";
    }

    @Override
    public String description() {
        return "scx_lavd: latency-criticality aware virtual deadlines, compute domains, core compaction";
    }

    @Override
    public List<PolicyOption<?>> options() {
        return List.of(AUTOPILOT, PERFORMANCE, BALANCED, POWERSAVE, NO_CORE_COMPACTION, SLICE_MAX_US, SLICE_MIN_US,
                PREEMPT_SHIFT, PINNED_SLICE_US, MIG_DELTA_PCT, LB_LOW_UTIL_PCT, LB_LOCAL_DSQ_UTIL_PCT, NO_PREEMPTION,
                NO_WAKE_SYNC, NO_SLICE_BOOST, NO_FREQ_SCALING, PER_CPU_DSQ, FIX_STARVATION, MAX_TASKS);
    }

    @Override
    public LavdPolicy create(PolicyConfig config) {
        return new LavdPolicy(options(config));
    }

    /**
     * The options of {@code config}.
     *
     * @throws PolicyOptionException if more than one of autopilot/performance/balanced/powersave is set, or the
     *     slice bounds are inverted
     */
    public static LavdOptions options(PolicyConfig config) {
        int modes = (config.get(AUTOPILOT) ? 1 : 0) + (config.get(PERFORMANCE) ? 1 : 0)
                + (config.get(BALANCED) ? 1 : 0) + (config.get(POWERSAVE) ? 1 : 0);
        if (modes > 1) {
            throw new PolicyOptionException("policy 'lavd': options autopilot, performance, balanced and powersave "
                    + "are mutually exclusive; " + modes + " were set");
        }
        PowerMode mode = config.get(PERFORMANCE) ? PowerMode.PERFORMANCE
                : config.get(BALANCED) ? PowerMode.BALANCED
                : config.get(POWERSAVE) ? PowerMode.POWERSAVE : null;
        long min = config.get(SLICE_MIN_US);
        long max = config.get(SLICE_MAX_US);
        if (min > max) {
            throw new PolicyOptionException("lavd", "slice-min-us", String.valueOf(min),
                    "at most slice-max-us (" + max + ")");
        }
        LavdOptions d = LavdOptions.defaults();
        return new LavdOptions(mode, config.get(NO_CORE_COMPACTION), max * 1_000, min * 1_000,
                config.get(PREEMPT_SHIFT), config.get(PINNED_SLICE_US) * 1_000, config.get(MIG_DELTA_PCT),
                config.get(LB_LOW_UTIL_PCT), config.get(LB_LOCAL_DSQ_UTIL_PCT), config.get(NO_PREEMPTION),
                config.get(NO_WAKE_SYNC), config.get(NO_SLICE_BOOST), config.get(NO_FREQ_SCALING),
                config.get(PER_CPU_DSQ), config.get(FIX_STARVATION), config.get(MAX_TASKS), d.seed());
    }
}
