package io.scx4j.core.report;

import java.util.Objects;

/**
 * What a run was, beyond its {@link io.scx4j.core.RunResult}: the inputs a reader needs to reproduce it.
 *
 * @param workload the workload's name (a scenario, a file)
 * @param topology the topology's name
 * @param seed     the engine's seed ({@link io.scx4j.core.EngineConfig#seed()})
 */
public record RunLabel(String workload, String topology, long seed) {
    public RunLabel {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(topology, "topology");
    }
}
