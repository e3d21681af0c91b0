package io.scx4j.core.internal;

import io.scx4j.api.Cgroup;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.api.TaskFlags;
import io.scx4j.api.Weights;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import java.util.Arrays;

/**
 * The engine's task: {@code struct task_struct} with its {@code sched_ext_entity} and {@code sched_entity}, and the
 * position in its behaviour program. Policies see it through {@link Task}.
 */
public final class TaskStruct implements Task {
    /** Where a task is in its life. */
    enum RunState { NEW, RUNNABLE, RUNNING, SLEEPING, DEAD }

    /** {@code SCX_TASK_*} state: which of init_task/enable has happened under the loaded policy. */
    enum ScxState { NONE, READY, ENABLED }

    /** {@link #sleepNs} of a task that blocks until another task wakes it. */
    static final long UNTIL_WOKEN = Long.MAX_VALUE;

    final int id;
    private final int pid;
    private final int tgid;
    private final String comm;
    private SchedPolicy policy;
    private int nice;
    private int weight;
    private int prioWeight;
    private CpuMask cpus;
    private Cgroup cgroup;
    final TaskSpec spec;

    RunState runState = RunState.NEW;
    ScxState scxState = ScxState.NONE;
    /** Runs in the ext class right now (a policy is loaded and this task belongs to it). */
    boolean ext;
    int cpu;
    long slice = Scx.SLICE_DFL;
    long dsqVtime;
    long sumExec;
    long coreSchedAt;
    long runnableAt;
    long scxFlags;
    boolean exiting;

    // DSQ membership (intrusive list)
    DispatchQueue dsq;
    TaskStruct dsqPrev;
    TaskStruct dsqNext;
    long dsqSeq;
    boolean onPriq;

    /** ops_state QUEUED: handed to ops.enqueue and not yet inserted anywhere; the policy holds it. */
    boolean opsQueued;
    /** qseq: bumped on every enqueue so a stale dispatch of an older enqueue is ignored. */
    long qseq;
    /** In the policy's custody (v7.0 dequeue semantics): enqueued, or on a user DSQ. */
    boolean custody;
    /**
     * {@code SCX_TASK_IMMED}: put on a local DSQ with {@code SCX_ENQ_IMMED}; it must run at once or go back to the
     * policy, until its next fresh enqueue (see {@link ImmedEnqueue}).
     */
    boolean immed;
    /**
     * {@code p->scx.reenq_cnt} (linux-next): enqueues with {@code SCX_ENQ_REENQ} since the task last ran; past
     * {@code SCX_REENQ_MAX_REPEAT} the policy is ejected (see {@link ImmedEnqueue}).
     */
    int reenqCnt;

    // direct dispatch recorded during select_cpu / enqueue
    long ddspDsq = io.scx4j.api.Dsq.INVALID;
    long ddspEnqFlags;
    boolean ddspFromSelectCpu;

    // RT class (RtClass): FIFO order within a priority (rtPriority below), the RR quantum left
    long rtSeq;
    boolean onRtRq;
    long rrSliceLeft;

    // fair class
    /** Effective weight under the cgroup shares (0 until computed: the task's own weight applies). */
    int groupWeight;
    long vruntime;
    long deadline;
    /** The lag ({@code se->vlag}) saved when the task last left a fair run queue; placement restores it. */
    long vlag;
    /** {@link #deadline} is kept relative to the vruntime while the task moves between run queues. */
    boolean relDeadline;
    boolean onFairRq;
    /**
     * {@code p->last_wakee}, {@code p->wakee_flips}, {@code p->wakee_flip_decay_ts}: whom this task woke last, how
     * often it switched partners (halved once a second), and when that last happened ({@link WakeAffine#recordWakee}).
     */
    TaskStruct lastWakee;
    int wakeeFlips;
    long wakeeFlipDecayTs;
    /**
     * {@code p->recent_used_cpu}: the previous CPU at the fair wake-up before last, a second idle candidate for
     * {@link WakeAffine#selectIdleSibling}; -1 until the first.
     */
    int recentUsedCpu = -1;
    /**
     * {@code sched_setaffinity()} took the CPU this task is running on out of its mask: the next pick on that CPU
     * lets the stopper move it ({@link AffinityChange#stopperMove}).
     */
    boolean affinityMove;
    /**
     * The attributes of the phase whose affinity moved the task, applied once it runs on its new CPU (rt-app sets the
     * affinity first and the policy and cgroup after {@code pthread_setaffinity_np()} returned); null otherwise.
     */
    Step.Attrs phaseAttrsAfterMove;

    // behaviour program
    /** Where the task is in its program (frame stack preallocated here, at fork). */
    final Behaviour behaviour;
    long remainingWork;
    /**
     * The work in {@link #remainingWork} is wall time ({@link Step.Runtime}): it does not scale with the CPU's speed.
     */
    boolean wallClockWork;
    /** The task has finished its current run step and blocks (or exits) at the next schedule. */
    boolean blocking;
    boolean forkWake = true;
    /**
     * Sleep after the current block, or -1 when the task exits instead, or {@link #UNTIL_WOKEN} when another task
     * wakes it (mutex, condition, barrier, semaphore, suspend).
     */
    long sleepNs;
    /** The task that woke this one last ({@code try_to_wake_up} called from its context); null for timer wake-ups. */
    TaskStruct waker;
    /** Next task in the wait queue this task is blocked on (a task waits on at most one thing). */
    TaskStruct waitNext;
    /** The mutex this task waits for ({@code p->blocked_on}), or null. */
    KMutex blockedOn;
    /** The mutex to retake once the condition this task waits on is signalled ({@code pthread_cond_wait}). */
    KMutex condMutex;
    /** When the current mutex wait began. */
    long lockWaitStart;
    /** Blocked in a {@link Step.Suspend}. */
    boolean suspended;
    /** A {@link Step.Resume} arrived while the task was not suspended; the next suspend returns at once. */
    boolean resumePending;
    /** Proxy execution: the CPU on which this mutex owner runs in a donor's place, or -1. */
    int proxyCpu = -1;
    /** The program continues (re-armed) if the task is kept on the CPU by the schedule of this run generation. */
    long continueGen = -1;
    /** SCHED_FIFO/RR priority (1..99), 0 for the other policies. */
    int rtPriority;
    /** The cgroup path the task was moved to ({@link Kernel#moveTaskToCgroup}). */
    String cgroupPath;
    /** Timers whose ref starts with {@code unique}: one per task instance (rt-app). Created on first use. */
    java.util.Map<String, PeriodicTimer> uniqueTimers;

    // machine model (see CpuSpeed, CacheWarmth)
    /** Ns of the current stretch still spent switching in (context-switch cost), without progress. */
    long stallNs;
    /** Ns of cache warm-up still ahead, at the cold speed factor. */
    long coldNs;
    /** The CPU whose caches hold this task's working set, or -1 before its first run. */
    int lastRanCpu = -1;
    /** Work done below one ns, in 2^-20 ns, carried between accounting stretches ({@link CpuSpeed}). */
    long workFrac;

    // measurement
    long wakeAt = -1;
    long lastQueuedAt;
    final TaskCounters counters = new TaskCounters();

    private Object[] locals = new Object[4];

    TaskStruct(int id, int pid, TaskSpec spec, CpuMask cpus, Cgroup cgroup) {
        this.id = id;
        this.pid = pid;
        this.tgid = pid;
        this.comm = spec.comm();
        this.policy = spec.policy();
        this.nice = spec.nice();
        this.weight = Weights.scxWeight(spec.policy(), spec.nice());
        this.prioWeight = spec.policy() == SchedPolicy.IDLE ? Weights.IDLE_PRIO_WEIGHT : Weights.prioWeight(spec.nice());
        this.cpus = cpus;
        this.cgroup = cgroup;
        this.spec = spec;
        this.cpu = cpus.first();
        this.behaviour = new Behaviour(spec);
        this.rtPriority = spec.rtPriority();
        this.cgroupPath = spec.cgroup();
    }

    /** {@code sched_move_task}: the task's cgroup. */
    void setCgroup(Cgroup newCgroup) {
        this.cgroup = newCgroup;
    }

    /** The task runs in the RT class ({@code rt_task()}: SCHED_FIFO or SCHED_RR). */
    boolean isRt() {
        return policy.isRealtime();
    }

    /**
     * The fair-class load weight ({@code se.load.weight}, 1024 at nice 0), scaled by the cgroup shares above the task
     * on its CPU ({@link CgroupTree#refreshWeights}) once a cgroup hierarchy exists.
     */
    int prioWeight() {
        return groupWeight > 0 ? groupWeight : prioWeight;
    }

    /** The task's own load weight from its nice level, before cgroup shares. */
    int ownPrioWeight() {
        return prioWeight;
    }

    /** Sets the nice level and the weights derived from it and the policy ({@code set_load_weight}). */
    void setNice(int newNice) {
        nice = newNice;
        reweight();
    }

    /** Sets the scheduling policy and RT priority; weights follow ({@code __setscheduler_params}). */
    void setPolicy(SchedPolicy newPolicy, int newRtPriority) {
        policy = newPolicy;
        rtPriority = newRtPriority;
        reweight();
    }

    private void reweight() {
        weight = Weights.scxWeight(policy, nice);
        prioWeight = policy == SchedPolicy.IDLE ? Weights.IDLE_PRIO_WEIGHT : Weights.prioWeight(nice);
    }

    /** Sets the allowed CPUs ({@code set_cpus_allowed_common}). */
    void setCpusAllowed(CpuMask mask) {
        cpus = mask;
    }

    boolean isQueued() {
        return (scxFlags & TaskFlags.QUEUED) != 0;
    }

    @Override public int pid() { return pid; }
    @Override public int tgid() { return tgid; }
    @Override public String comm() { return comm; }
    @Override public SchedPolicy policy() { return policy; }
    @Override public int nice() { return nice; }
    @Override public int weight() { return weight; }
    @Override public CpuMask cpusAllowed() { return cpus; }
    @Override public int nrCpusAllowed() { return cpus.weight(); }
    @Override public boolean migrationDisabled() { return false; }
    @Override public boolean exiting() { return exiting; }
    @Override public boolean kthread() { return false; }
    @Override public Cgroup cgroup() { return cgroup; }
    @Override public long scxFlags() { return scxFlags; }
    @Override public long slice() { return slice; }
    @Override public void setSlice(long newSlice) { slice = newSlice; }
    @Override public long dsqVtime() { return dsqVtime; }
    @Override public void setDsqVtime(long vtime) { dsqVtime = vtime; }
    @Override public long sumExecRuntime() { return sumExec; }
    @Override public long coreSchedAt() { return coreSchedAt; }

    @Override
    public Object local(int slot) {
        return slot < locals.length ? locals[slot] : null;
    }

    @Override
    public void setLocal(int slot, Object value) {
        if (slot >= locals.length) {
            locals = Arrays.copyOf(locals, Math.max(slot + 1, locals.length * 2));
        }
        locals[slot] = value;
    }

    @Override
    public String toString() {
        return comm + "[" + pid + "]";
    }
}
