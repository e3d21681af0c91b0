package io.scx4j.api;

import io.scx4j.topology.CpuMask;

/**
 * A task as a policy sees it: the fields of {@code struct task_struct} and its {@code struct sched_ext_entity}
 * ({@code p->scx}) that a BPF scheduler reads, plus the two it may write ({@link #setSlice}, {@link #setDsqVtime}).
 *
 * <p>Instances are owned by the engine and stay the same object for the task's whole life, so a policy may keep
 * references (in a DSQ of its own, a map keyed by pid, ...). Per-task policy state lives in {@link TaskLocal}
 * slots, the counterpart of BPF task-local storage ({@code BPF_MAP_TYPE_TASK_STORAGE}).
 */
public interface Task {
    /** {@code p->pid}: the thread id. */
    int pid();

    /** {@code p->tgid}: the process (thread group) id. */
    int tgid();

    /** {@code p->comm}: the command name, at most 15 characters in the kernel. */
    String comm();

    /** The task's scheduling policy ({@code p->policy}). */
    SchedPolicy policy();

    /** The nice level, -20..19 ({@code PRIO_TO_NICE(p->static_prio)}). */
    int nice();

    /** {@code p->scx.weight}: in [1, 10000], 100 at nice 0 (see {@link Weights}). Also delivered by {@link SchedOps#setWeight}. */
    int weight();

    /** {@code p->cpus_ptr}: the CPUs the task may run on. */
    CpuMask cpusAllowed();

    /** {@code p->nr_cpus_allowed}. */
    int nrCpusAllowed();

    /** {@code is_migration_disabled(p)}: the task must stay on its current CPU for now. */
    boolean migrationDisabled();

    /** {@code p->flags & PF_EXITING}: the task is exiting. */
    boolean exiting();

    /** {@code p->flags & PF_KTHREAD}: a kernel thread. */
    boolean kthread();

    /** {@code scx_bpf_task_cgroup(p)}: the task's scheduling cgroup (the root when cgroups are not modelled). */
    Cgroup cgroup();

    /** The policy-visible bits of {@code p->scx.flags}, see {@link TaskFlags}. */
    long scxFlags();

    /**
     * {@code p->scx.slice}: the remaining time slice in ns. The engine subtracts executed time (saturating at 0)
     * unless it is {@link Scx#SLICE_INF}; at 0 the task is switched out at the next tick.
     */
    long slice();

    /** {@code scx_bpf_task_set_slice(p, slice)} (or a direct write of {@code p->scx.slice}). 0 forces a reschedule at the next tick. */
    void setSlice(long slice);

    /**
     * {@code p->scx.dsq_vtime}: the sort key of vtime-ordered DSQs. The kernel never advances it; the policy does.
     * Changing it while the task sits on a vtime DSQ does not reorder that DSQ.
     */
    long dsqVtime();

    /** {@code scx_bpf_task_set_dsq_vtime(p, vtime)}. */
    void setDsqVtime(long vtime);

    /** {@code p->se.sum_exec_runtime}: total CPU time consumed, in ns. Use this, not the slice, to measure runtime. */
    long sumExecRuntime();

    /** {@code p->scx.core_sched_at}: when the task last became runnable or had its slice refilled (FIFO order key). */
    long coreSchedAt();

    /** The value of a task-local slot, or null if never set; prefer {@link TaskLocal#get(Task)}. */
    Object local(int slot);

    /** Sets a task-local slot; prefer {@link TaskLocal#set(Task, Object)}. */
    void setLocal(int slot, Object value);
}
