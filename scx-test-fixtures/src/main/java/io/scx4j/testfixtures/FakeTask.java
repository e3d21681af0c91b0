package io.scx4j.testfixtures;

import io.scx4j.api.Cgroup;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.api.TaskLocal;
import io.scx4j.api.Weights;
import io.scx4j.topology.CpuMask;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Task} with real, settable fields and real task-local storage, for unit-testing a policy's callbacks
 * without the engine: build one, hand it to {@code selectCpu}, {@code enqueue}, {@code running}, {@code stopping},
 * ..., and look at what the policy wrote back ({@link #slice()}, {@link #dsqVtime()}, its {@link TaskLocal} state).
 *
 * <p>In the kernel a BPF scheduler sees a {@code struct task_struct *p}; it reads {@code p->pid},
 * {@code p->cpus_ptr}, {@code p->scx.weight}, {@code p->se.sum_exec_runtime}, ..., and writes only
 * {@code p->scx.slice} and {@code p->scx.dsq_vtime}. A FakeTask is that view with every field under the test's
 * control. The fluent setters ({@link #weight(int)}, {@link #cpus(CpuMask)}, {@link #sumExec(long)}, ...) stand for
 * what the kernel would have set; {@link #setSlice} and {@link #setDsqVtime} are what the policy itself calls.
 *
 * <p>Defaults: a nice-0 {@code SCHED_NORMAL} user thread ({@code tgid == pid}, {@code comm} {@code "fake<pid>"}),
 * weight 100, slice {@link Scx#SLICE_DFL}, vtime 0, allowed on CPUs 0..63, never run, no cgroup. Asking for the
 * cgroup of a task that has none set is an {@link UnsupportedOperationException} naming {@link #cgroup(Cgroup)}: a
 * test that needs one says which.
 *
 * <p>Not thread-safe, like the engine's own tasks: callbacks run one at a time.
 */
public final class FakeTask implements Task {
    private final int pid;
    private int tgid;
    private String comm;
    private SchedPolicy policy = SchedPolicy.NORMAL;
    private int nice;
    private int weight = Weights.DFL;
    private CpuMask cpus = CpuMask.range(0, 64);
    private boolean migrationDisabled;
    private boolean exiting;
    private boolean kthread;
    private @Nullable Cgroup cgroup;
    private long scxFlags;
    private long slice = Scx.SLICE_DFL;
    private long dsqVtime;
    private long sumExec;
    private long coreSchedAt;
    private final Map<Integer, Object> locals = new HashMap<>();

    /** A task with this {@code pid} (also its {@code tgid}: a single-threaded process) and the defaults above. */
    public FakeTask(int pid) {
        this.pid = (int) checkRange("pid", pid, 0, Integer.MAX_VALUE);
        this.tgid = pid;
        this.comm = "fake" + pid;
    }

    /** Makes this task a thread of process {@code tgid} ({@code p->tgid}). */
    public FakeTask tgid(int tgid) {
        this.tgid = (int) checkRange("tgid", tgid, 0, Integer.MAX_VALUE);
        return this;
    }

    /** Sets {@code p->comm}; the kernel keeps at most 15 characters ({@code TASK_COMM_LEN} - 1), so must this. */
    public FakeTask comm(String comm) {
        if (comm.length() > 15) {
            throw new IllegalArgumentException("comm must be at most 15 characters (TASK_COMM_LEN - 1), got \""
                    + comm + "\" (" + comm.length() + ")");
        }
        this.comm = comm;
        return this;
    }

    /** Sets the scheduling policy ({@code p->policy}); the weight is left alone (set it with {@link #weight(int)}). */
    public FakeTask policy(SchedPolicy policy) {
        this.policy = policy;
        return this;
    }

    /**
     * Sets the nice level and, as {@code set_user_nice()} does, the weight that goes with it
     * ({@link Weights#scxWeightOfNice}: nice -20 gives 8668, 0 gives 100, 19 gives 1).
     */
    public FakeTask nice(int nice) {
        this.weight = Weights.scxWeightOfNice(nice); // checks -20..19
        this.nice = nice;
        return this;
    }

    /** Sets {@code p->scx.weight} directly, in [1, 10000] (the kernel's {@code CGROUP_WEIGHT_MIN..MAX}). */
    public FakeTask weight(int weight) {
        this.weight = (int) checkRange("weight (p->scx.weight)", weight, Weights.MIN, Weights.MAX);
        return this;
    }

    /** Sets {@code p->cpus_ptr}, the CPUs the task may run on; {@link #nrCpusAllowed()} follows. */
    public FakeTask cpus(CpuMask mask) {
        if (mask.isEmpty()) {
            throw new IllegalArgumentException("cpus: a task must be allowed on at least one CPU, got an empty mask");
        }
        this.cpus = mask;
        return this;
    }

    /** Marks the task as pinned to its current CPU for now ({@code is_migration_disabled(p)}). */
    public FakeTask migrationDisabled(boolean disabled) {
        this.migrationDisabled = disabled;
        return this;
    }

    /** Marks the task as exiting ({@code PF_EXITING}). */
    public FakeTask exiting(boolean exiting) {
        this.exiting = exiting;
        return this;
    }

    /** Marks the task as a kernel thread ({@code PF_KTHREAD}), e.g. a per-CPU kworker or ksoftirqd. */
    public FakeTask kthread(boolean kthread) {
        this.kthread = kthread;
        return this;
    }

    /** Puts the task in {@code cgroup} ({@code scx_bpf_task_cgroup(p)}). */
    public FakeTask cgroup(Cgroup cgroup) {
        this.cgroup = cgroup;
        return this;
    }

    /** Sets the policy-visible bits of {@code p->scx.flags} ({@link io.scx4j.api.TaskFlags}). */
    public FakeTask scxFlags(long flags) {
        this.scxFlags = flags;
        return this;
    }

    /** Sets the remaining slice ({@code p->scx.slice}) as the kernel left it, e.g. 0 after a used-up slice. */
    public FakeTask slice(long ns) {
        setSlice(ns);
        return this;
    }

    /** Sets {@code p->scx.dsq_vtime} as a previous callback left it. */
    public FakeTask vtime(long vtime) {
        setDsqVtime(vtime);
        return this;
    }

    /** Sets {@code p->se.sum_exec_runtime}, the CPU time the task has consumed so far, in ns. */
    public FakeTask sumExec(long ns) {
        this.sumExec = checkRange("sumExec (p->se.sum_exec_runtime)", ns, 0, Long.MAX_VALUE);
        return this;
    }

    /** Sets {@code p->scx.core_sched_at}, the FIFO order key of core scheduling. */
    public FakeTask coreSchedAt(long ns) {
        this.coreSchedAt = ns;
        return this;
    }

    private static long checkRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be in [" + min + ", "
                    + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "..." : max) + "], got " + value);
        }
        return value;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public int tgid() {
        return tgid;
    }

    @Override
    public String comm() {
        return comm;
    }

    @Override
    public SchedPolicy policy() {
        return policy;
    }

    @Override
    public int nice() {
        return nice;
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public CpuMask cpusAllowed() {
        return cpus;
    }

    @Override
    public int nrCpusAllowed() {
        return cpus.weight();
    }

    @Override
    public boolean migrationDisabled() {
        return migrationDisabled;
    }

    @Override
    public boolean exiting() {
        return exiting;
    }

    @Override
    public boolean kthread() {
        return kthread;
    }

    @Override
    public Cgroup cgroup() {
        if (cgroup == null) {
            throw new UnsupportedOperationException(comm + " has no cgroup: give it one with FakeTask.cgroup(Cgroup)");
        }
        return cgroup;
    }

    @Override
    public long scxFlags() {
        return scxFlags;
    }

    @Override
    public long slice() {
        return slice;
    }

    @Override
    public void setSlice(long ns) {
        this.slice = ns;
    }

    @Override
    public long dsqVtime() {
        return dsqVtime;
    }

    @Override
    public void setDsqVtime(long vtime) {
        this.dsqVtime = vtime;
    }

    @Override
    public long sumExecRuntime() {
        return sumExec;
    }

    @Override
    public long coreSchedAt() {
        return coreSchedAt;
    }

    /** The slot's value, null if never set (a fresh task has empty task-local storage). */
    @Override
    public @Nullable Object local(int slot) {
        return locals.get(slot);
    }

    @Override
    public void setLocal(int slot, @Nullable Object value) {
        if (value == null) {
            locals.remove(slot);
        } else {
            locals.put(slot, value);
        }
    }

    /** {@code comm[pid]}, as the kernel's {@code %s[%d]} in sched tracepoints. */
    @Override
    public String toString() {
        return comm + "[" + pid + "]";
    }
}
