package io.scx4j.api;

import io.scx4j.topology.CpuMask;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A scheduling policy: the Java form of {@code struct sched_ext_ops} ({@code kernel/sched/ext_internal.h}).
 *
 * <p>Every callback is optional, as in the kernel; only {@link #name()} is required. A callback a policy does not
 * override is <em>absent</em> for the engine, which then does what the kernel does for an absent op (see each
 * method), and the default bodies below do the same when called explicitly (e.g. by a decorator forwarding to
 * the policy it wraps). Default bodies reach the helpers through {@link Scx#current()}.
 *
 * <p>The life of one task under a policy, in the kernel's order:
 * <pre>
 * initTask -> enable -> setWeight -> setCpumask
 * loop:
 *   wake-up: selectCpu -> runnable(WAKEUP) -> enqueue   (enqueue skipped if selectCpu inserted the task)
 *   while runnable: dispatch moves it to a local DSQ; running -> tick... -> stopping(runnable=true) -> enqueue...
 *   block:   [dequeue] -> stopping(runnable=false) -> quiescent(SLEEP)
 * disable -> exitTask
 * </pre>
 * The engine runs callbacks one at a time on one thread; a policy needs no locking of its own.
 */
public interface SchedOps {

    // ---------------------------------------------------------------- ops fields

    /**
     * {@code ops.name}: the policy's name, non-empty, letters, digits, {@code _} and {@code .} only
     * ({@code SCX_OPS_NAME_LEN} = 128).
     */
    String name();

    /** {@code ops.flags}: {@link OpsFlags} bits. Default 0. */
    default long flags() {
        return 0;
    }

    /** {@code ops.dispatch_max_batch}: inserts buffered per dispatch; 0 means {@link Scx#DSP_DFL_MAX_BATCH}. */
    default int dispatchMaxBatch() {
        return 0;
    }

    /** {@code ops.timeout_ms}: the watchdog timeout; 0 means the maximum, {@link Scx#WATCHDOG_MAX_TIMEOUT_MS}; above it the load fails. */
    default long timeoutMs() {
        return 0;
    }

    /** {@code ops.exit_dump_len}: size of the exit dump; 0 means {@link Scx#EXIT_DUMP_DFL_LEN}. */
    default int exitDumpLen() {
        return 0;
    }

    /** {@code ops.hotplug_seq}: if non-zero and different from the engine's hotplug sequence at load, the policy exits at once. */
    default long hotplugSeq() {
        return 0;
    }

    /**
     * The callbacks this policy provides. The default finds them by reflection ({@link Op#implementedBy}); override
     * only if a policy decides at run time.
     */
    default Set<Op> implementedOps() {
        return Op.implementedBy(this);
    }

    // ---------------------------------------------------------------- scheduling callbacks

    /**
     * {@code ops.select_cpu(p, prev_cpu, wake_flags)}: pick a CPU for a waking task, before it is enqueued. The result
     * is a hint; an idle CPU returned is woken. Inserting {@code p} here (direct dispatch) skips {@link #enqueue}, and
     * {@link Dsq#LOCAL} then means the returned CPU. Not called for tasks that can run on one CPU only.
     *
     * <p>If absent: {@link Scx#selectCpuDfl}; if that claimed an idle CPU the task is inserted into its local DSQ
     * with the default slice.
     *
     * @param wakeFlags {@link WakeFlags}
     * @return the CPU; an invalid CPU number is an error, a CPU outside the task's mask is silently replaced
     */
    default int selectCpu(Task p, int prevCpu, long wakeFlags) {
        Scx scx = Scx.current();
        SelectCpuResult r = scx.selectCpuDfl(p, prevCpu, wakeFlags);
        if (r.idle()) {
            scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, 0);
        }
        return r.cpu();
    }

    /**
     * {@code ops.enqueue(p, enq_flags)}: the task is runnable and now in the policy's custody. Insert it into a DSQ or
     * keep it in a structure of the policy and dispatch it later; a task never dispatched stalls and the watchdog
     * ejects the policy.
     *
     * <p>If absent: the task goes to the global DSQ with the default slice.
     *
     * @param enqFlags {@link EnqFlags}
     */
    default void enqueue(Task p, long enqFlags) {
        Scx.current().dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
    }

    /**
     * {@code ops.dequeue(p, deq_flags)}: the task leaves the policy's custody: it went to sleep, its properties
     * change, or it was moved to a local/global DSQ. Called once per custody period, only for tasks that went through
     * {@link #enqueue} or sit on a user DSQ. If absent: nothing (the kernel tolerates dispatches of dequeued tasks).
     *
     * @param deqFlags {@link DeqFlags}
     */
    default void dequeue(Task p, long deqFlags) {}

    /**
     * {@code ops.dispatch(cpu, prev)}: {@code cpu}'s local DSQ is empty and the global DSQ had nothing for it; move
     * work to it with {@link Scx#dsqMoveToLocal} or {@link Scx#dsqInsert} into {@code LOCAL}/{@code LOCAL_ON|cpu}.
     * Retried up to {@link Scx#DSP_MAX_LOOPS} times while it inserts but the local DSQ stays empty. If nothing arrives
     * and {@code prev} is still runnable ({@link TaskFlags#QUEUED}), {@code prev} keeps running.
     * If absent: only the local and global DSQs are served.
     *
     * @param prev the ext task that ran on {@code cpu} and is switching out, or null
     */
    default void dispatch(int cpu, @Nullable Task prev) {}

    /**
     * {@code ops.tick(p)}: a scheduler tick (every 1/HZ) on a CPU running {@code p}, after its runtime was charged.
     * Setting {@code p}'s slice to 0 switches it out now.
     */
    default void tick(Task p) {}

    /**
     * {@code ops.runnable(p, enq_flags)}: {@code p} became runnable on its CPU (woken with {@link EnqFlags#WAKEUP},
     * or restored after a property change). Independent of {@link #enqueue}.
     */
    default void runnable(Task p, long enqFlags) {}

    /** {@code ops.running(p)}: {@code p} starts executing on {@link Scx#taskCpu}. */
    default void running(Task p) {}

    /**
     * {@code ops.stopping(p, runnable)}: {@code p} stops executing; {@code runnable} is true when it was preempted or
     * used up its slice, false when it is blocking ({@link #quiescent} follows).
     */
    default void stopping(Task p, boolean runnable) {}

    /** {@code ops.quiescent(p, deq_flags)}: {@code p} is no longer runnable ({@link DeqFlags#SLEEP}) or leaves its CPU. */
    default void quiescent(Task p, long deqFlags) {}

    /**
     * {@code ops.yield(from, to)}: {@code sched_yield()} when {@code to} is null (return value ignored), else
     * {@code yield_to(to)}: return true if the policy honoured it.
     *
     * <p>If absent: the yielding task's slice is set to 0; {@code yield_to} returns false.
     */
    default boolean yield(Task from, @Nullable Task to) {
        if (to == null) {
            from.setSlice(0);
        }
        return false;
    }

    /**
     * {@code ops.core_sched_before(a, b)}: core scheduling asks whether {@code a} should run before {@code b}.
     * If absent: the task that became runnable first ({@link Task#coreSchedAt()}) goes first.
     */
    default boolean coreSchedBefore(Task a, Task b) {
        return a.coreSchedAt() - b.coreSchedAt() < 0;
    }

    /** {@code ops.set_weight(p, weight)}: after {@link #enable} and whenever {@code p}'s weight changes; weight in [1, 10000]. */
    default void setWeight(Task p, int weight) {}

    /** {@code ops.set_cpumask(p, cpumask)}: after {@link #enable} and whenever {@code p}'s affinity changes. */
    default void setCpumask(Task p, CpuMask cpumask) {}

    /**
     * {@code ops.update_idle(cpu, idle)}: {@code cpu} enters or leaves idle. Implementing it turns off built-in idle
     * tracking ({@link Scx#selectCpuDfl}, {@link Scx#pickIdleCpu}, ... then raise errors) unless
     * {@link OpsFlags#KEEP_BUILTIN_IDLE} is set; a custom {@link #selectCpu} is then needed.
     */
    default void updateIdle(int cpu, boolean idle) {}

    /** {@code ops.cpu_acquire(cpu, args)}: sched_ext has {@code cpu} back after a higher class used it. */
    default void cpuAcquire(int cpu, CpuAcquireArgs args) {}

    /**
     * {@code ops.cpu_release(cpu, args)}: a higher class (RT, deadline, stop) takes {@code cpu}; typically call
     * {@link Scx#reenqueueLocal()} so the tasks waiting on its local DSQ can run elsewhere.
     */
    default void cpuRelease(int cpu, CpuReleaseArgs args) {}

    // ---------------------------------------------------------------- task lifecycle

    /**
     * {@code ops.init_task(p, args)}: once per task, for every existing task at load ({@code args.fork()} false) and
     * for each new task in fork. Create per-task state here.
     *
     * @return 0, or a negative errno: at load the load fails; in fork that fork fails
     */
    default int initTask(Task p, InitTaskArgs args) {
        return 0;
    }

    /** {@code ops.exit_task(p, args)}: the task exits or the policy unloads; {@link #disable} came first if it was enabled. */
    default void exitTask(Task p, ExitTaskArgs args) {}

    /** {@code ops.enable(p)}: {@code p} enters this policy's control; {@link #setWeight} and {@link #setCpumask} follow. */
    default void enable(Task p) {}

    /** {@code ops.disable(p)}: {@code p} leaves this policy's control. */
    default void disable(Task p) {}

    // ---------------------------------------------------------------- dump

    /** {@code ops.dump(ctx)}: add policy-wide state to an error dump with {@link Scx#dump}. */
    default void dump(DumpContext ctx) {}

    /** {@code ops.dump_cpu(ctx, cpu, idle)}: add per-CPU state to an error dump; called for every possible CPU. */
    default void dumpCpu(DumpContext ctx, int cpu, boolean idle) {}

    /** {@code ops.dump_task(ctx, p)}: add per-task state to an error dump; called for every runnable task. */
    default void dumpTask(DumpContext ctx, Task p) {}

    // ---------------------------------------------------------------- cgroups

    /**
     * {@code ops.cgroup_init(cgrp, args)}: at load for every cgroup (parents first) and when a cgroup is created.
     *
     * @return 0 or a negative errno (at load the load fails; at creation the creation fails)
     */
    default int cgroupInit(Cgroup cgrp, CgroupInitArgs args) {
        return 0;
    }

    /** {@code ops.cgroup_exit(cgrp)}: a cgroup goes away, or the policy unloads. */
    default void cgroupExit(Cgroup cgrp) {}

    /** {@code ops.cgroup_prep_move(p, from, to)}: before {@code p} moves; a negative errno aborts the move. */
    default int cgroupPrepMove(Task p, Cgroup from, Cgroup to) {
        return 0;
    }

    /** {@code ops.cgroup_move(p, from, to)}: the move is committed. */
    default void cgroupMove(Task p, Cgroup from, Cgroup to) {}

    /** {@code ops.cgroup_cancel_move(p, from, to)}: a prepared move was aborted. */
    default void cgroupCancelMove(Task p, Cgroup from, Cgroup to) {}

    /** {@code ops.cgroup_set_weight(cgrp, weight)}: {@code cpu.weight} changed. */
    default void cgroupSetWeight(Cgroup cgrp, int weight) {}

    /** {@code ops.cgroup_set_bandwidth(cgrp, period_us, quota_us, burst_us)}: {@code cpu.max} changed; enforcing it is up to the policy. */
    default void cgroupSetBandwidth(Cgroup cgrp, long periodUs, long quotaUs, long burstUs) {}

    /** {@code ops.cgroup_set_idle(cgrp, idle)}: {@code cpu.idle} changed. */
    default void cgroupSetIdle(Cgroup cgrp, boolean idle) {}

    // ---------------------------------------------------------------- hotplug, load, unload

    /**
     * {@code ops.cpu_online(cpu)}: {@code cpu} came online. If a policy implements neither this nor
     * {@link #cpuOffline}, any hotplug event ejects it ({@link ExitKind#UNREG_KERN},
     * {@code ACT_RESTART | RSN_HOTPLUG}).
     */
    default void cpuOnline(int cpu) {}

    /** {@code ops.cpu_offline(cpu)}: {@code cpu} is going offline. */
    default void cpuOffline(int cpu) {}

    /**
     * {@code ops.init()}: once at load, before any task is initialised; create DSQs here. The policy receives its
     * helper handle.
     *
     * @return 0, or a negative errno to fail the load
     */
    default int init(Scx scx) {
        return 0;
    }

    /** {@code ops.exit(info)}: once at unload or ejection, after every task left the policy. Also after a failed load. */
    default void exit(ExitInfo info) {}
}
