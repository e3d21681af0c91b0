package io.scx4j.core.workload;

import io.scx4j.api.SchedPolicy;
import io.scx4j.topology.CpuMask;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task of a workload: who it is (comm, pid, group, policy, nice or RT priority, affinity, cgroup, uid), when it
 * is forked, and what it does.
 *
 * @param comm            command name
 * @param pid             pid, or 0 to have one assigned
 * @param policy          scheduling policy
 * @param nice            nice level, -20..19 (ignored for FIFO/RR)
 * @param affinity        CPUs the task may run on; null for every possible CPU (the kernel's default mask)
 * @param startNs         fork time
 * @param program         the behaviour, run in order
 * @param repeat          how many times the program runs; -1 for ever; then the task exits
 * @param group           the task group results are reported under (an rt-app thread name, a scenario's role)
 * @param rtPriority      SCHED_FIFO/RR priority 1..99; 0 for the other policies
 * @param cgroup          cgroup path, "/" for the root
 * @param uid             user id
 * @param workingSetBytes bytes of cache the task keeps warm (the machine model's cache warm-up after moves; 0 = the model's
 *                        default, {@link io.scx4j.core.MachineModel.Cache#defaultWorkingSetBytes()})
 */
public record TaskSpec(
        String comm, int pid, SchedPolicy policy, int nice, @Nullable CpuMask affinity, long startNs,
        List<Step> program, int repeat, String group, int rtPriority, String cgroup, int uid, long workingSetBytes) {
    public TaskSpec {
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(cgroup, "cgroup");
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
        if (rtPriority < 0 || rtPriority > 99) {
            throw new IllegalArgumentException("task '" + comm + "': RT priority " + rtPriority + " out of range 0..99");
        }
        if (workingSetBytes < 0) {
            throw new IllegalArgumentException("task '" + comm + "': working set must be >= 0 bytes");
        }
        if (!cgroup.startsWith("/")) {
            throw new IllegalArgumentException("task '" + comm + "': cgroup path must start with '/', got '" + cgroup + "'");
        }
    }

    /** A task in group {@code comm}, root cgroup, uid 0, no working set. */
    public TaskSpec(String comm, int pid, SchedPolicy policy, int nice, @Nullable CpuMask affinity, long startNs,
            List<Step> program, int repeat) {
        this(comm, pid, policy, nice, affinity, startNs, program, repeat, comm, 0, "/", 0, 0);
    }

    /** A SCHED_NORMAL nice-0 task on all CPUs, forked at 0, running {@code program} for ever. */
    public static TaskSpec of(String comm, Step... program) {
        return new TaskSpec(comm, 0, SchedPolicy.NORMAL, 0, null, 0, List.of(program), -1);
    }

    /** A builder starting from this spec. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public TaskSpec withPid(int newPid) {
        return toBuilder().pid(newPid).build();
    }

    public TaskSpec withComm(String newComm) {
        return toBuilder().comm(newComm).build();
    }

    public TaskSpec withPolicy(SchedPolicy newPolicy) {
        return toBuilder().policy(newPolicy).build();
    }

    public TaskSpec withNice(int newNice) {
        return toBuilder().nice(newNice).build();
    }

    public TaskSpec withAffinity(@Nullable CpuMask newAffinity) {
        return toBuilder().affinity(newAffinity).build();
    }

    public TaskSpec startingAt(long newStartNs) {
        return toBuilder().startNs(newStartNs).build();
    }

    public TaskSpec repeating(int times) {
        return toBuilder().repeat(times).build();
    }

    public TaskSpec inGroup(String newGroup) {
        return toBuilder().group(newGroup).build();
    }

    /** Changes one or more fields of a {@link TaskSpec}. */
    public static final class Builder {
        private String comm;
        private int pid;
        private SchedPolicy policy;
        private int nice;
        private @Nullable CpuMask affinity;
        private long startNs;
        private List<Step> program;
        private int repeat;
        private String group;
        private int rtPriority;
        private String cgroup;
        private int uid;
        private long workingSetBytes;

        private Builder(TaskSpec s) {
            comm = s.comm;
            pid = s.pid;
            policy = s.policy;
            nice = s.nice;
            affinity = s.affinity;
            startNs = s.startNs;
            program = s.program;
            repeat = s.repeat;
            group = s.group;
            rtPriority = s.rtPriority;
            cgroup = s.cgroup;
            uid = s.uid;
            workingSetBytes = s.workingSetBytes;
        }

        public Builder comm(String v) { comm = v; return this; }
        public Builder pid(int v) { pid = v; return this; }
        public Builder policy(SchedPolicy v) { policy = v; return this; }
        public Builder nice(int v) { nice = v; return this; }
        public Builder affinity(@Nullable CpuMask v) { affinity = v; return this; }
        public Builder startNs(long v) { startNs = v; return this; }
        public Builder program(List<Step> v) { program = v; return this; }
        public Builder repeat(int v) { repeat = v; return this; }
        public Builder group(String v) { group = v; return this; }
        public Builder rtPriority(int v) { rtPriority = v; return this; }
        public Builder cgroup(String v) { cgroup = v; return this; }
        public Builder uid(int v) { uid = v; return this; }
        public Builder workingSetBytes(long v) { workingSetBytes = v; return this; }

        public TaskSpec build() {
            return new TaskSpec(comm, pid, policy, nice, affinity, startNs, program, repeat, group, rtPriority,
                    cgroup, uid, workingSetBytes);
        }
    }
}
