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
 * @param energyJ    energy all CPUs used, joules (machine model; 0 when its power effect is off)
 */
public record RunResult(String policy, long durationNs, List<TaskResult> tasks, List<CpuResult> cpus,
        List<ExitInfo> exits, ScxEvents events, double energyJ) {

    /** Average power over the run, watts ({@code energyJ / duration}); 0 for an empty run. */
    public double averageWatts() {
        return durationNs == 0 ? 0 : energyJ * 1e9 / durationNs;
    }

    /** Time all tasks lost warming caches up after moving to other CPUs. */
    public long cacheWarmupNs() {
        return tasks.stream().mapToLong(TaskResult::cacheWarmupNs).sum();
    }

    /** Migrations of all tasks, all domains. */
    public long migrations() {
        return tasks.stream().mapToLong(TaskResult::migrations).sum();
    }

    /** Migrations of all tasks to an SMT sibling. */
    public long migrationsSameCore() {
        return tasks.stream().mapToLong(TaskResult::migrationsSameCore).sum();
    }

    /** Migrations of all tasks within an LLC, to another core. */
    public long migrationsSameLlc() {
        return tasks.stream().mapToLong(TaskResult::migrationsSameLlc).sum();
    }

    /** Migrations of all tasks within a NUMA node, to another LLC. */
    public long migrationsSameNode() {
        return tasks.stream().mapToLong(TaskResult::migrationsSameNode).sum();
    }

    /** Migrations of all tasks to another NUMA node. */
    public long migrationsCrossNode() {
        return tasks.stream().mapToLong(TaskResult::migrationsCrossNode).sum();
    }

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
