package io.scx4j.core.workload;

import java.util.ArrayList;
import java.util.List;

/** A set of tasks to run on the simulated machine. */
public record Workload(String name, List<TaskSpec> tasks) {
    public Workload {
        tasks = List.copyOf(tasks);
    }

    /** A workload of {@code tasks}. */
    public static Workload of(String name, TaskSpec... tasks) {
        return new Workload(name, List.of(tasks));
    }

    /** {@code n} copies of {@code spec}, named {@code comm-0 .. comm-(n-1)}. */
    public static List<TaskSpec> copies(int n, TaskSpec spec) {
        List<TaskSpec> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new TaskSpec(spec.comm() + "-" + i, 0, spec.policy(), spec.nice(), spec.affinity(),
                    spec.startNs(), spec.program(), spec.repeat()));
        }
        return out;
    }
}
