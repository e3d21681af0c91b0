package io.scx4j.core.workload;

import java.util.List;
import java.util.Optional;

/**
 * The built-in scenarios, by name ({@code scx run --workload NAME}, {@code scx list}).
 *
 * <p>{@code cpu-mix}: on an N-CPU machine, N CPU-bound batch tasks (50 ms bursts), N interactive tasks that run
 * 0.5 ms and sleep 4 ms, and two render tasks that run 3 ms every 16.6 ms (a 60 Hz frame). It asks whether
 * short-running, frequently waking tasks still get a CPU quickly when every CPU could be kept busy by batch work.
 */
public final class Scenarios {
    private static final Scenario CPU_MIX = new Scenario("cpu-mix",
            "CPU-bound batch tasks beside short interactive tasks and a 60 Hz render loop",
            "do short, frequently waking tasks still get a CPU quickly while batch work could fill every CPU?",
            topology -> {
                int n = topology.cpus().size();
                var tasks = new java.util.ArrayList<TaskSpec>();
                tasks.addAll(Workload.copies(n,
                        TaskSpec.of("batch", Step.run(50_000_000L)).inGroup("batch")));
                tasks.addAll(Workload.copies(n,
                        TaskSpec.of("interactive", Step.run(500_000L), Step.sleep(4_000_000L)).inGroup("interactive")));
                tasks.addAll(Workload.copies(2,
                        TaskSpec.of("render", Step.run(3_000_000L), Step.sleep(13_600_000L)).inGroup("render")));
                return new Workload("cpu-mix", tasks);
            });

    private static final List<Scenario> ALL = List.of(CPU_MIX);

    private Scenarios() {}

    /** Every built-in scenario, in a fixed order. */
    public static List<Scenario> all() {
        return ALL;
    }

    /** The scenario named {@code name}. */
    public static Optional<Scenario> find(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
