package io.scx4j.core.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A set of tasks to run on the simulated machine.
 *
 * @param name       short name (a scenario's name, a file's base name)
 * @param tasks      the tasks forked at their start times
 * @param templates  tasks created only by a {@link Step.Fork} step naming their comm (rt-app {@code instance: 0})
 * @param durationNs how long the workload asks to run (rt-app {@code global.duration}); 0 when it does not say
 * @param cpusSeen   how many CPUs the workload's source showed (a replayed trace); 0 when it does not say
 */
public record Workload(String name, List<TaskSpec> tasks, List<TaskSpec> templates, long durationNs, int cpusSeen) {
    public Workload {
        tasks = List.copyOf(tasks);
        templates = List.copyOf(templates);
        if (durationNs < 0 || cpusSeen < 0) {
            throw new IllegalArgumentException("workload '" + name + "': duration and CPUs seen must be >= 0");
        }
    }

    /** A workload of {@code tasks} with no templates and no duration of its own. */
    public Workload(String name, List<TaskSpec> tasks) {
        this(name, tasks, List.of(), 0, 0);
    }

    /** A workload of {@code tasks}. */
    public static Workload of(String name, TaskSpec... tasks) {
        return new Workload(name, List.of(tasks));
    }

    /** The templates by comm. */
    public Map<String, TaskSpec> templatesByComm() {
        return templates.stream().collect(Collectors.toMap(TaskSpec::comm, Function.identity()));
    }

    /** {@code n} copies of {@code spec}, named {@code comm-0 .. comm-(n-1)}, all in the group {@code spec.group()}. */
    public static List<TaskSpec> copies(int n, TaskSpec spec) {
        List<TaskSpec> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(spec.toBuilder().comm(spec.comm() + "-" + i).pid(0).build());
        }
        return out;
    }
}
