package io.scx4j.core.workload;

import io.scx4j.topology.Topology;
import java.util.Objects;
import java.util.function.Function;

/**
 * A built-in workload: what it models and which sched_ext question it answers. The workload is built for a
 * topology so it can scale with the machine (one worker per CPU, say).
 *
 * @param name     the name {@code scx run --workload NAME} takes
 * @param models   what it models, one sentence
 * @param question the scheduling question it answers, one sentence
 * @param build    builds the workload for a machine
 */
public record Scenario(String name, String models, String question, Function<Topology, Workload> build) {
    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(build, "build");
    }

    /** The workload on {@code topology}. */
    public Workload workload(Topology topology) {
        return build.apply(topology);
    }
}
