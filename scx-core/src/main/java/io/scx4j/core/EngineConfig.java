package io.scx4j.core;

import io.scx4j.topology.CpuMask;
import java.time.Duration;
import java.util.Objects;

/**
 * Engine parameters, with kernel-like defaults.
 *
 * @param seed            seed of the run's random stream (same seed and inputs, same run)
 * @param hz              scheduler tick rate ({@code CONFIG_HZ}, default 1000)
 * @param shuffleSameTime order events of equal virtual time by a seeded shuffle (default) instead of insertion order
 * @param callbackBudget  wall-clock time one policy callback may take before the policy is ejected as runaway
 * @param nohzFull        the {@code nohz_full=} CPUs: the tick stops there while the running task needs none (default
 *                        none)
 */
public record EngineConfig(long seed, int hz, boolean shuffleSameTime, Duration callbackBudget, CpuMask nohzFull) {
    public EngineConfig {
        Objects.requireNonNull(nohzFull, "nohzFull");
        if (hz < 100 || hz > 10_000) {
            throw new IllegalArgumentException("hz must be in 100..10000, got " + hz);
        }
        if (callbackBudget.isNegative() || callbackBudget.isZero()) {
            throw new IllegalArgumentException("callback budget must be positive, got " + callbackBudget);
        }
    }

    /** A configuration without nohz_full CPUs. */
    public EngineConfig(long seed, int hz, boolean shuffleSameTime, Duration callbackBudget) {
        this(seed, hz, shuffleSameTime, callbackBudget, CpuMask.empty());
    }

    /**
     * Seed 1, 1000 HZ, shuffled ties, 1 s callback budget: far above any honest callback, so class loading, JIT
     * warm-up and GC pauses on a loaded machine never eject a correct policy (the run would stop being a function
     * of its seed), while a loop still ends within a second; no nohz_full CPU.
     */
    public static EngineConfig defaults() {
        return new EngineConfig(1, 1000, true, Duration.ofSeconds(1));
    }

    /** The same configuration with {@code cpus} as the nohz_full CPUs ({@code nohz_full=<cpulist>}). */
    public EngineConfig withNohzFull(CpuMask cpus) {
        return new EngineConfig(seed, hz, shuffleSameTime, callbackBudget, cpus);
    }

    public EngineConfig withSeed(long newSeed) {
        return new EngineConfig(newSeed, hz, shuffleSameTime, callbackBudget, nohzFull);
    }

    public EngineConfig withHz(int newHz) {
        return new EngineConfig(seed, newHz, shuffleSameTime, callbackBudget, nohzFull);
    }

    public EngineConfig withShuffleSameTime(boolean shuffle) {
        return new EngineConfig(seed, hz, shuffle, callbackBudget, nohzFull);
    }

    public EngineConfig withCallbackBudget(Duration budget) {
        return new EngineConfig(seed, hz, shuffleSameTime, budget, nohzFull);
    }

    /** Nanoseconds between ticks. */
    public long tickNs() {
        return 1_000_000_000L / hz;
    }
}
