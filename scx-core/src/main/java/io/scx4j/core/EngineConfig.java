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
 * @param proxyExecution  a task blocked on a workload mutex stays runnable as a donor and, when picked, runs the mutex
 *                        owner in its place (Linux {@code CONFIG_SCHED_PROXY_EXEC}; default off)
 * @param nohzFull        the {@code nohz_full=} CPUs: the tick stops there while the running task needs none (default
 *                        none)
 */
public record EngineConfig(long seed, int hz, boolean shuffleSameTime, Duration callbackBudget, boolean proxyExecution,
        CpuMask nohzFull) {
    public EngineConfig {
        Objects.requireNonNull(nohzFull, "nohzFull");
        if (hz < 100 || hz > 10_000) {
            throw new IllegalArgumentException("hz must be in 100..10000, got " + hz);
        }
        if (callbackBudget.isNegative() || callbackBudget.isZero()) {
            throw new IllegalArgumentException("callback budget must be positive, got " + callbackBudget);
        }
    }

    /** Engine parameters without nohz_full CPUs. */
    public EngineConfig(long seed, int hz, boolean shuffleSameTime, Duration callbackBudget, boolean proxyExecution) {
        this(seed, hz, shuffleSameTime, callbackBudget, proxyExecution, CpuMask.empty());
    }

    /** Engine parameters without proxy execution or nohz_full CPUs. */
    public EngineConfig(long seed, int hz, boolean shuffleSameTime, Duration callbackBudget) {
        this(seed, hz, shuffleSameTime, callbackBudget, false, CpuMask.empty());
    }

    /**
     * Seed 1, 1000 HZ, shuffled ties, 1 s callback budget, no proxy execution, no nohz_full CPU. The budget is far
     * above any honest callback, so class loading, JIT warm-up and GC pauses on a loaded machine never eject a correct
     * policy (the run would stop being a function of its seed), while a loop still ends within a second.
     */
    public static EngineConfig defaults() {
        return new EngineConfig(1, 1000, true, Duration.ofSeconds(1), false, CpuMask.empty());
    }

    /** The same configuration with {@code cpus} as the nohz_full CPUs ({@code nohz_full=<cpulist>}). */
    public EngineConfig withNohzFull(CpuMask cpus) {
        return new EngineConfig(seed, hz, shuffleSameTime, callbackBudget, proxyExecution, cpus);
    }

    public EngineConfig withSeed(long newSeed) {
        return new EngineConfig(newSeed, hz, shuffleSameTime, callbackBudget, proxyExecution, nohzFull);
    }

    public EngineConfig withHz(int newHz) {
        return new EngineConfig(seed, newHz, shuffleSameTime, callbackBudget, proxyExecution, nohzFull);
    }

    public EngineConfig withShuffleSameTime(boolean shuffle) {
        return new EngineConfig(seed, hz, shuffle, callbackBudget, proxyExecution, nohzFull);
    }

    public EngineConfig withCallbackBudget(Duration budget) {
        return new EngineConfig(seed, hz, shuffleSameTime, budget, proxyExecution, nohzFull);
    }

    public EngineConfig withProxyExecution(boolean on) {
        return new EngineConfig(seed, hz, shuffleSameTime, callbackBudget, on, nohzFull);
    }

    /** Nanoseconds between ticks. */
    public long tickNs() {
        return 1_000_000_000L / hz;
    }
}
