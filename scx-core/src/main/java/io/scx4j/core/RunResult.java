package io.scx4j.core;

import io.scx4j.api.ExitInfo;
import io.scx4j.api.ScxEvents;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a run: per-task and per-CPU results, the policy exits that happened, and the sched_ext event
 * counters.
 *
 * @param policy     the policy's name ({@code fair} when none was loaded)
 * @param durationNs simulated time covered
 * @param tasks      per task, in creation order
 * @param cpus       per CPU
 * @param exits      every policy exit, in order (an unload or an ejection)
 * @param events     sched_ext event counters
 */
public record RunResult(String policy, long durationNs, List<TaskResult> tasks, List<CpuResult> cpus,
        List<ExitInfo> exits, ScxEvents events) {

    /** The first exit that was an error (an ejection), if any. */
    public Optional<ExitInfo> ejection() {
        return exits.stream().filter(e -> e.kind().isError()).findFirst();
    }

    /** The result of the task with this comm. */
    public TaskResult task(String comm) {
        return tasks.stream().filter(t -> t.comm().equals(comm)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no task '" + comm + "' in this run"));
    }

    /** Total CPU time of all tasks. */
    public long totalRuntimeNs() {
        return tasks.stream().mapToLong(TaskResult::runtimeNs).sum();
    }
}
