package io.scx4j.core;

import java.time.Duration;

/**
 * Engine parameters, with kernel-like defaults.
 *
 * @param seed            seed of the run's random stream (same seed and inputs, same run)
 * @param hz              scheduler tick rate ({@code CONFIG_HZ}, default 1000)
 * @param shuffleSameTime order events of equal virtual time by a seeded shuffle (default) instead of insertion order
 * @param callbackBudget  wall-clock time one policy callback may take before the policy is ejected as runaway
 * @param proxyExecution  a task blocked on a workload mutex stays runnable as a donor and, when picked, runs the mutex
 *                        owner in its place (Linux {@code CONFIG_SCHED_PROXY_EXEC}; default off)
 */
public record EngineConfig(long seed, int hz, boolean shuffleSameTime, Duration callbackBudget, boolean proxyExecution) {
    public EngineConfig {
        if (hz < 100 || hz > 10_000) {
            throw new IllegalArgumentException("hz must be in 100..10000, got " + hz);
        }
        if (callbackBudget.isNegative() || callbackBudget.isZero()) {
            throw new IllegalArgumentException("callback budget must be positive, got " + callbackBudget);
        }
    }

    /** Engine parameters without proxy execution. */
    public EngineConfig(long seed, int hz, boolean shuffleSameTime, Duration callbackBudget) {
        this(seed, hz, shuffleSameTime, callbackBudget, false);
    }

    /**
     * Seed 1, 1000 HZ, shuffled ties, 1 s callback budget, no proxy execution. The budget is far above any honest
     * callback, so class loading, JIT warm-up and GC pauses on a loaded machine never eject a correct policy (the run
     * would stop being a function of its seed), while a loop still ends within a second.
     */
    public static EngineConfig defaults() {
        return new EngineConfig(1, 1000, true, Duration.ofSeconds(1), false);
    }

    public EngineConfig withSeed(long newSeed) {
        return new EngineConfig(newSeed, hz, shuffleSameTime, callbackBudget, proxyExecution);
    }

    public EngineConfig withHz(int newHz) {
        return new EngineConfig(seed, newHz, shuffleSameTime, callbackBudget, proxyExecution);
    }

    public EngineConfig withShuffleSameTime(boolean shuffle) {
        return new EngineConfig(seed, hz, shuffle, callbackBudget, proxyExecution);
    }

    public EngineConfig withCallbackBudget(Duration budget) {
        return new EngineConfig(seed, hz, shuffleSameTime, budget, proxyExecution);
    }

    public EngineConfig withProxyExecution(boolean on) {
        return new EngineConfig(seed, hz, shuffleSameTime, callbackBudget, on);
    }

    /** Nanoseconds between ticks. */
    public long tickNs() {
        return 1_000_000_000L / hz;
    }
}
