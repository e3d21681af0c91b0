package io.scx4j.core.workload;

import io.scx4j.api.SchedPolicy;
import io.scx4j.topology.CpuMask;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task of a workload: who it is (comm, pid, policy, nice, affinity), when it is forked, and what it does.
 *
 * @param comm     command name
 * @param pid      pid, or 0 to have one assigned
 * @param policy   scheduling policy
 * @param nice     nice level, -20..19
 * @param affinity CPUs the task may run on; null for all online CPUs
 * @param startNs  fork time
 * @param program  the behaviour, run in order
 * @param repeat   how many times the program runs; -1 for ever; then the task exits
 */
public record TaskSpec(
        String comm, int pid, SchedPolicy policy, int nice, @Nullable CpuMask affinity, long startNs,
        List<Step> program, int repeat) {
    public TaskSpec {
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(policy, "policy");
        program = List.copyOf(program);
        if (program.isEmpty()) {
            throw new IllegalArgumentException("task '" + comm + "': program is empty");
        }
        if (nice < -20 || nice > 19) {
            throw new IllegalArgumentException("task '" + comm + "': nice " + nice + " out of range -20..19");
        }
        if (repeat == 0 || repeat < -1) {
            throw new IllegalArgumentException("task '" + comm + "': repeat must be >= 1 or -1 (for ever), got " + repeat);
        }
        if (startNs < 0) {
            throw new IllegalArgumentException("task '" + comm + "': start time must be >= 0");
        }
        if (affinity != null && affinity.isEmpty()) {
            throw new IllegalArgumentException("task '" + comm + "': affinity mask is empty");
        }
    }

    /** A SCHED_NORMAL nice-0 task on all CPUs, forked at 0, running {@code program} for ever. */
    public static TaskSpec of(String comm, Step... program) {
        return new TaskSpec(comm, 0, SchedPolicy.NORMAL, 0, null, 0, List.of(program), -1);
    }

    public TaskSpec withPid(int newPid) {
        return new TaskSpec(comm, newPid, policy, nice, affinity, startNs, program, repeat);
    }

    public TaskSpec withPolicy(SchedPolicy newPolicy) {
        return new TaskSpec(comm, pid, newPolicy, nice, affinity, startNs, program, repeat);
    }

    public TaskSpec withNice(int newNice) {
        return new TaskSpec(comm, pid, policy, newNice, affinity, startNs, program, repeat);
    }

    public TaskSpec withAffinity(@Nullable CpuMask newAffinity) {
        return new TaskSpec(comm, pid, policy, nice, newAffinity, startNs, program, repeat);
    }

    public TaskSpec startingAt(long newStartNs) {
        return new TaskSpec(comm, pid, policy, nice, affinity, newStartNs, program, repeat);
    }

    public TaskSpec repeating(int times) {
        return new TaskSpec(comm, pid, policy, nice, affinity, startNs, program, times);
    }
}
