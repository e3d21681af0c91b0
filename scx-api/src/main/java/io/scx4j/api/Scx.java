package io.scx4j.api;

import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import org.jspecify.annotations.Nullable;

/**
 * The kernel helpers a policy calls: the {@code scx_bpf_*} kfuncs of {@code kernel/sched/ext.c} and
 * {@code ext_idle.c}. A policy receives its handle in {@link SchedOps#init(Scx)}; inside a callback the same handle
 * is also {@link #current()}.
 *
 * <p>As in the kernel, a helper used against the rules (a non-existent DSQ, a CPU outside the task's mask, a
 * dispatch-only helper called from enqueue, ...) does not throw: it records a scheduler error, the engine ejects
 * the policy ({@link ExitKind#ERROR}) once the callback returns, and every task continues under the fair class.
 * Helpers document the callbacks they may be called from ("Allowed from") and what they return on misuse.
 */
public interface Scx {
    /** {@code SCX_SLICE_DFL}: the default time slice, 20 ms. */
    long SLICE_DFL = 20_000_000L;
    /** {@code SCX_SLICE_INF}: a slice that never expires (U64_MAX); the policy must kick the CPU to preempt. */
    long SLICE_INF = -1L;
    /** {@code SCX_SLICE_BYPASS}: slice used while bypassing, 5 ms. */
    long SLICE_BYPASS = 5_000_000L;
    /** {@code SCX_CPUPERF_ONE}: full performance, the unit of {@link #cpuperfCap} and friends. */
    int CPUPERF_ONE = 1024;
    /** {@code SCX_DSP_DFL_MAX_BATCH}: dispatch buffer size when {@link SchedOps#dispatchMaxBatch()} is 0. */
    int DSP_DFL_MAX_BATCH = 32;
    /** {@code SCX_DSP_MAX_LOOPS}: dispatch is retried at most this often while it inserts but the local DSQ stays empty. */
    int DSP_MAX_LOOPS = 32;
    /** {@code SCX_WATCHDOG_MAX_TIMEOUT}: the longest (and default) watchdog timeout, 30 s, in ms. */
    long WATCHDOG_MAX_TIMEOUT_MS = 30_000L;
    /** {@code SCX_EXIT_DUMP_DFL_LEN}: default size of {@link ExitInfo#dump()}. */
    int EXIT_DUMP_DFL_LEN = 32_768;
    /** {@code SCX_EXIT_MSG_LEN}: maximum length of {@link ExitInfo#message()}. */
    int EXIT_MSG_LEN = 1024;
    /** {@code NUMA_NO_NODE}. */
    int NUMA_NO_NODE = -1;

    /** The handle bound to the policy callback that is running on this thread. */
    ScopedValue<Scx> CURRENT = ScopedValue.newInstance();

    /**
     * The helper handle of the engine that is calling the current callback. The engine binds it for the whole run,
     * so default callback bodies ({@link SchedOps}) and library code can reach the helpers without a field.
     *
     * @throws IllegalStateException outside an engine run
     */
    static Scx current() {
        if (!CURRENT.isBound()) {
            throw new IllegalStateException("Scx.current() called outside a running engine");
        }
        return CURRENT.get();
    }

    // ---------------------------------------------------------------- inserting into DSQs

    /**
     * {@code scx_bpf_dsq_insert(p, dsq_id, slice, enq_flags)} (formerly {@code scx_bpf_dispatch}): insert {@code p} at
     * the tail (or head, with {@link EnqFlags#HEAD}/{@link EnqFlags#PREEMPT}) of a FIFO DSQ.
     *
     * <p>From {@link SchedOps#selectCpu} or {@link SchedOps#enqueue} this is a direct dispatch of the task being
     * scheduled, at most once per call ({@code LOCAL} means the selected CPU / the task's CPU). From
     * {@link SchedOps#dispatch} it buffers the insert (at most {@link SchedOps#dispatchMaxBatch()}) for any task and
     * DSQ; the buffer is flushed when dispatch returns or at the next {@link #dsqMoveToLocal}.
     *
     * <p>Allowed from: select_cpu, enqueue, dispatch.
     *
     * @param slice the new slice in ns; 0 keeps the current one; {@link #SLICE_INF} never expires
     * @return false if the insert was refused (the policy is then being ejected)
     */
    boolean dsqInsert(Task p, long dsqId, long slice, long enqFlags);

    /**
     * {@code scx_bpf_dsq_insert_vtime(p, dsq_id, slice, vtime, enq_flags)}: set {@code p}'s {@link Task#dsqVtime()}
     * and insert it into a user DSQ ordered by vtime (wrap-safe compare; equal vtimes keep insertion order).
     * Built-in DSQs cannot be vtime ordered (error, FIFO insert instead); a DSQ holding FIFO tasks cannot take vtime
     * inserts and vice versa (error). Allowed from: select_cpu, enqueue, dispatch.
     */
    boolean dsqInsertVtime(Task p, long dsqId, long slice, long vtime, long enqFlags);

    /** {@code scx_bpf_dispatch_nr_slots()}: free slots left in the dispatch buffer. Allowed from: dispatch. */
    int dispatchNrSlots();

    /** {@code scx_bpf_dispatch_cancel()}: drop the latest buffered insert; with none buffered it is an error. Allowed from: dispatch. */
    void dispatchCancel();

    /**
     * {@code scx_bpf_dsq_move_to_local(dsq_id)} (formerly {@code scx_bpf_consume}): flush the dispatch buffer, then
     * move the first task of user DSQ {@code dsqId} that may run on this CPU to this CPU's local DSQ.
     * Built-in or unknown ids are an error. Allowed from: dispatch.
     *
     * @return true if a task was moved
     */
    boolean dsqMoveToLocal(long dsqId);

    /**
     * {@code scx_bpf_dsq_move_to_local___v2(dsq_id, enq_flags)} (v7.1): as {@link #dsqMoveToLocal(long)}, inserting
     * the task into the local DSQ with {@code enqFlags}. With {@link EnqFlags#IMMED} (or under
     * {@link OpsFlags#ALWAYS_ENQ_IMMED}) the moved task must run at once: if another task is already queued there it
     * is handed back to {@link SchedOps#enqueue} with {@link EnqFlags#REENQ} and reason {@link TaskFlags#REENQ_IMMED}.
     * Internal flag bits are an error.
     */
    boolean dsqMoveToLocal(long dsqId, long enqFlags);

    // ---------------------------------------------------------------- iterating and moving

    /**
     * {@code bpf_iter_scx_dsq_new(it, dsq_id, flags)}: walk user DSQ {@code dsqId}. Only {@link DsqIterFlags#REV}
     * is accepted. For built-in or unknown DSQs the walk is empty (the kernel returns -ENOENT). Allowed from anywhere.
     * The walk is valid until it is exhausted or the calling callback returns (see {@link DsqIterator}); opening a
     * 17th walk while 16 are open is a scheduler error.
     */
    DsqIterator dsqIter(long dsqId, long flags);

    /**
     * {@code scx_bpf_dsq_move(it, p, dsq_id, enq_flags)}: move {@code p}, a task the walk visited that is still on
     * the walked DSQ, to any DSQ (local, LOCAL_ON, global or user). Slice and vtime are kept unless set with
     * {@link DsqIterator#setMoveSlice}/{@link DsqIterator#setMoveVtime} before. Allowed from: dispatch, and contexts
     * without a run-queue lock (init, exit, cpu_online/offline, cgroup callbacks, timers).
     *
     * @return false if the task was already consumed, dequeued or re-queued
     */
    boolean dsqMove(DsqIterator it, Task p, long dsqId, long enqFlags);

    /** {@code scx_bpf_dsq_move_vtime(it, p, dsq_id, enq_flags)}: as {@link #dsqMove} into a vtime-ordered user DSQ. */
    boolean dsqMoveVtime(DsqIterator it, Task p, long dsqId, long enqFlags);

    /**
     * {@code scx_bpf_reenqueue_local()}: take every task off this CPU's local DSQ and pass it back to
     * {@link SchedOps#enqueue} with {@link EnqFlags#REENQ}. Typical use in {@link SchedOps#cpuRelease}.
     *
     * @return the number of tasks re-enqueued
     */
    int reenqueueLocal();

    /**
     * {@code scx_bpf_dsq_reenq(dsq_id, reenq_flags)} (v7.0): re-enqueue every task of a local or user DSQ through
     * {@link SchedOps#enqueue} with {@link EnqFlags#REENQ} and reason {@link TaskFlags#REENQ_KFUNC}. The global DSQ is
     * an error.
     */
    void dsqReenq(long dsqId, long reenqFlags);

    // ---------------------------------------------------------------- DSQ lifecycle and queries

    /**
     * {@code scx_bpf_create_dsq(dsq_id, node)}: create a user DSQ. Allowed from: init, init_task, cgroup_init,
     * cpu_online/offline (the sleepable callbacks).
     *
     * @param node a NUMA node or {@link #NUMA_NO_NODE}
     * @return 0, {@code -EINVAL} for a built-in id or bad node, {@code -EEXIST} if it exists
     */
    int createDsq(long dsqId, int node);

    /** {@code scx_bpf_destroy_dsq(dsq_id)}: destroy a user DSQ; ignored if absent; a non-empty DSQ is an error. */
    void destroyDsq(long dsqId);

    /**
     * {@code scx_bpf_dsq_nr_queued(dsq_id)}: tasks queued on {@code LOCAL}, {@code LOCAL_ON|cpu} or a user DSQ.
     *
     * @return the count, or {@code -ENOENT} for the global DSQ and unknown ids
     */
    int dsqNrQueued(long dsqId);

    /** {@code scx_bpf_dsq_peek(dsq_id)}: the first task of a user DSQ, null if empty; built-in or unknown ids are an error. */
    @Nullable Task dsqPeek(long dsqId);

    // ---------------------------------------------------------------- CPUs: kicks, idle tracking, selection

    /**
     * {@code scx_bpf_kick_cpu(cpu, flags)}: make {@code cpu} go through scheduling again: 0 reschedules it,
     * {@link KickFlags#IDLE} only wakes it if idle, {@link KickFlags#PREEMPT} zeroes its current task's slice first,
     * {@link KickFlags#WAIT} also makes the calling CPU reschedule and pick its next task only after {@code cpu} went
     * through its scheduling path (its ext task at the time of the kick was put back or re-picked); no wait if
     * {@code cpu} runs no ext task. Asynchronous: it takes effect after the current callback. An invalid CPU is an
     * error. Allowed from anywhere.
     */
    void kickCpu(int cpu, long flags);

    /**
     * {@code scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle)}: the built-in CPU selection (prev CPU if its
     * core is idle, an idle core in prev's LLC, node, anywhere; then idle CPUs in the same order). Claims the CPU it
     * returns as idle. Needs built-in idle tracking. Allowed from: select_cpu, enqueue, unlocked contexts.
     *
     * <p>With {@link WakeFlags#SYNC} (the waker is about to sleep) it first tries the prev CPU if idle and sharing an
     * LLC with the waker's CPU, then the waker's own CPU if the waker's local DSQ is empty and some CPU is idle; that
     * CPU is busy and not claimed, yet reported with {@code idle() == true}, so inserting into {@link Dsq#LOCAL} runs
     * the task there once the waker sleeps ({@code scx_select_cpu_dfl}, kernel/sched/ext_idle.c).
     */
    SelectCpuResult selectCpuDfl(Task p, int prevCpu, long wakeFlags);

    /**
     * {@code scx_bpf_select_cpu_and(p, prev_cpu, wake_flags, cpus_allowed, flags)}: the same, restricted to
     * {@code allowed} ∩ the task's mask, accepting {@link PickFlags}.
     *
     * @return a claimed idle CPU (or, for a {@link WakeFlags#SYNC} wake-up, the waker's CPU, see
     *     {@link #selectCpuDfl}), or {@code -EBUSY} if none
     */
    int selectCpuAnd(Task p, int prevCpu, long wakeFlags, CpuMask allowed, long flags);

    /**
     * {@code scx_bpf_pick_idle_cpu(cpus_allowed, flags)}: claim an idle CPU in {@code allowed}, preferring whole idle
     * cores. Needs built-in idle tracking (flat mode).
     *
     * @return the claimed CPU, or {@code -EBUSY}
     */
    int pickIdleCpu(CpuMask allowed, long flags);

    /** {@code scx_bpf_pick_idle_cpu_node(cpus_allowed, node, flags)}: per-node variant (needs {@link OpsFlags#BUILTIN_IDLE_PER_NODE}). */
    int pickIdleCpuNode(CpuMask allowed, int node, long flags);

    /**
     * {@code scx_bpf_pick_any_cpu(cpus_allowed, flags)}: an idle CPU if one can be claimed, else any CPU of
     * {@code allowed}.
     *
     * @return a CPU, or {@code -EBUSY} only if {@code allowed} is empty
     */
    int pickAnyCpu(CpuMask allowed, long flags);

    /** {@code scx_bpf_pick_any_cpu_node(cpus_allowed, node, flags)}. */
    int pickAnyCpuNode(CpuMask allowed, int node, long flags);

    /** {@code scx_bpf_test_and_clear_cpu_idle(cpu)}: true if {@code cpu} was idle and this call claimed it. */
    boolean testAndClearCpuIdle(int cpu);

    /** {@code scx_bpf_get_idle_cpumask()}: a snapshot of the idle CPUs (empty, with an error, if idle tracking is off). */
    CpuMask idleCpumask();

    /** {@code scx_bpf_get_idle_smtmask()}: CPUs whose whole SMT core is idle. */
    CpuMask idleSmtmask();

    /** {@code scx_bpf_get_idle_cpumask_node(node)}. */
    CpuMask idleCpumaskNode(int node);

    /** {@code scx_bpf_get_idle_smtmask_node(node)}. */
    CpuMask idleSmtmaskNode(int node);

    // ---------------------------------------------------------------- topology and performance

    /** {@code scx_bpf_get_online_cpumask()}. */
    CpuMask onlineCpumask();

    /** {@code scx_bpf_get_possible_cpumask()}. */
    CpuMask possibleCpumask();

    /** {@code scx_bpf_nr_cpu_ids()}. */
    int nrCpuIds();

    /** {@code scx_bpf_nr_node_ids()}. */
    int nrNodeIds();

    /** {@code scx_bpf_cpu_node(cpu)}. */
    int cpuNode(int cpu);

    /** The machine: cores, LLCs, nodes, capacities, frequencies (what BPF schedulers read from user space at load). */
    Topology topology();

    /** {@code scx_bpf_cpuperf_cap(cpu)}: the CPU's capacity relative to the fastest CPU, 1..1024. */
    int cpuperfCap(int cpu);

    /** {@code scx_bpf_cpuperf_cur(cpu)}: the CPU's current performance relative to its own maximum, 1..1024. */
    int cpuperfCur(int cpu);

    /** {@code scx_bpf_cpuperf_set(cpu, perf)}: request performance {@code perf} in [0, 1024] (above is an error). */
    void cpuperfSet(int cpu, int perf);

    // ---------------------------------------------------------------- BPF timers

    /**
     * {@code bpf_timer_init(timer, map, CLOCK_MONOTONIC)} + {@code bpf_timer_set_callback(timer, cb)}: creates a
     * disarmed {@link BpfTimer} whose expiry runs {@code cb}. Create timers once, in {@link SchedOps#init} (allowed
     * from init only: a timer made in a hot callback would allocate); arm them with {@link BpfTimer#start}.
     *
     * @param name names the timer (and its callback) in error messages
     */
    BpfTimer timerInit(String name, BpfTimerCallback cb);

    // ---------------------------------------------------------------- time and tasks

    /** {@code scx_bpf_now()}: the engine's clock in ns. */
    long now();

    /** {@code scx_bpf_task_cpu(p)}: the CPU the task is on or last ran on. */
    int taskCpu(Task p);

    /**
     * {@code bpf_task_from_pid(pid)}: the live task with this pid, or null if there is none (never forked yet, or
     * exited). A generic BPF kfunc, callable from every context; SYSCALL programs ({@link SyscallProgram}) use it to
     * find the process they were run for.
     */
    @Nullable Task taskFromPid(int pid);

    /** {@code scx_bpf_task_running(p)}: {@code p} is its CPU's current task. */
    boolean taskRunning(Task p);

    /** {@code scx_bpf_cpu_curr(cpu)}: the task running on {@code cpu}, or null if it is idle. */
    @Nullable Task cpuCurr(int cpu);

    /**
     * {@code bpf_get_current_task_btf()}: the task in whose context the current callback runs, the kernel's
     * {@code current}. Policies read it on the wake-up path to learn who woke a task: scx_lavd's
     * {@code ops.runnable} measures the waker's wake-up frequency and propagates latency criticality between waker
     * and wakee (reference policies.md §1.3).
     *
     * <p>The engine models {@code current} on the wake-up path only: inside {@link SchedOps#selectCpu},
     * {@link SchedOps#runnable} and {@link SchedOps#enqueue} of a wake-up another task caused (a resume, a signal, a
     * mutex or semaphore hand-over, a barrier release) it is that waker; it is null when no task caused the
     * wake-up (a timer expiry, see {@link #inHardirq()}, or the first wake-up of a forked task) and in every other
     * callback. In the kernel a timer wake-up runs in interrupt context and {@code current} is whatever task was
     * interrupted, which policies must not treat as the waker; null says the same thing explicitly.
     */
    @Nullable Task currentTask();

    /**
     * {@code bpf_in_hardirq()}: the current callback runs in hard interrupt context. In the engine: during the
     * wake-up of a task whose sleep or timer expired (in the kernel an hrtimer interrupt wakes it); false otherwise.
     * scx_lavd boosts tasks woken from a hard interrupt (the "express lane" for input, vsync and I/O completions).
     */
    boolean inHardirq();

    /** {@code scx_bpf_task_cgroup(p)}. */
    Cgroup taskCgroup(Task p);

    /** {@code scx_bpf_events()}: the engine's sched_ext event counters. */
    ScxEvents events();

    // ---------------------------------------------------------------- errors, exit, dump

    /**
     * {@code scx_bpf_error(fmt, ...)}: eject the policy with {@link ExitKind#ERROR_BPF} and this message
     * ({@link String#format} syntax). The callback continues; the ejection happens when it returns.
     */
    void error(String format, Object... args);

    /** {@code scx_bpf_exit(code, fmt, ...)}: unload the policy gracefully with {@link ExitKind#UNREG_BPF} and {@code code}. */
    void exit(long code, String format, Object... args);

    /** {@code scx_bpf_dump(fmt, ...)}: append to the debug dump; only inside the dump callbacks (else an error). */
    void dump(String format, Object... args);
}
