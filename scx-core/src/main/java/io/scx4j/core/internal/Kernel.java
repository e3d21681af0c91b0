package io.scx4j.core.internal;

import io.scx4j.api.Cgroup;
import io.scx4j.api.CpuPreemptReason;
import io.scx4j.api.CpuReleaseArgs;
import io.scx4j.api.DeqFlags;
import io.scx4j.api.Dsq;
import io.scx4j.api.DumpContext;
import io.scx4j.api.EnqFlags;
import io.scx4j.api.Errno;
import io.scx4j.api.ExitInfo;
import io.scx4j.api.ExitKind;
import io.scx4j.api.ExitTaskArgs;
import io.scx4j.api.InitTaskArgs;
import io.scx4j.api.Op;
import io.scx4j.api.OpsFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.ScxEvents;
import io.scx4j.api.SelectCpuResult;
import io.scx4j.api.TaskFlags;
import io.scx4j.api.WakeFlags;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.EventSink;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The kernel side of sched_ext on a simulated machine: tasks, CPUs, DSQs, the pick path, the built-in fair class,
 * idle tracking and the guard rails, driven by one discrete-event loop in virtual nanoseconds. Follows
 * {@code kernel/sched/ext.c} (see the reference, sections 1-5) in what it calls when.
 */
public final class Kernel {
    static final int EV_WAKE = 1;
    static final int EV_RUN_DONE = 2;
    static final int EV_TICK = 3;
    static final int EV_WATCHDOG = 4;
    /** A deadline-server timer ({@link DlServer}): a = CPU, b = generation and kind. */
    static final int EV_DL_SERVER = 5;
    /** A CPU hotplug event ({@link Hotplug}): a = CPU, b = 1 online / 0 offline. */
    static final int EV_HOTPLUG = 6;
    /** A cgroup's {@code cpu.max} period ends ({@link CgroupTree}): a = cgroup index, b = generation. */
    static final int EV_CGROUP_PERIOD = 7;
    /** A frequency transition completes or a governor re-evaluates (machine model, {@link Governor}). */
    static final int EV_FREQ = 8;
    /** A reschedule IPI lands ({@link Ipi}): a = target CPU, b = its pick generation when sent. */
    static final int EV_IPI = 9;
    /** A BPF timer expires ({@link BpfTimers}): a = timer index, b = the arming's sequence number. */
    static final int EV_BPF_TIMER = 10;
    /** Internal enq flag ({@code SCX_ENQ_DSQ_PRIQ}, bit 57): the insert is vtime ordered. */
    static final long ENQ_DSQ_PRIQ = 1L << 57;

    final Topology topology;
    final EngineConfig config;
    final CpuRq[] cpus;
    final List<TaskStruct> tasks = new ArrayList<>();
    final FairClass fair;
    final RtClass rt;
    final DlServer dlServer;
    final Hotplug hotplug;
    /** {@code sched_setaffinity()} and hotplug's affinity break: the {@code sched_change} cycle ({@link AffinityChange}). */
    final AffinityChange affinity = new AffinityChange(this);
    /** {@code BPF_PROG_RUN} of SYSCALL programs ({@link ProgRun}). */
    final ProgRun progRun = new ProgRun(this);
    /** {@code bpf_iter_scx_dsq}: the DSQ walks open now, reused ({@link DsqWalks}). */
    final DsqWalks dsqWalks = new DsqWalks(this);
    final NohzFull nohz;
    final IdleTracker idle;
    /** {@code SCX_KICK_WAIT}: kickers wait for their targets' next pick ({@link KickWait}). */
    final KickWait kickWait;
    /** Reschedule IPIs: a remote reschedule takes effect when its interrupt lands ({@link Ipi}). */
    final Ipi ipi;
    /** {@code SCX_ENQ_IMMED}: run at once or go back to the policy ({@link ImmedEnqueue}). */
    final ImmedEnqueue immed;
    final EventQueue events = new EventQueue();
    /** The policy's BPF timers ({@link BpfTimers}). */
    final BpfTimers bpfTimers = new BpfTimers(this);
    final SplittableRandom random;
    /** Who or what is waking the task being woken ({@code current}, {@code in_hardirq()}): see {@link WakeContext}. */
    final WakeContext wakeContext = new WakeContext();
    /** The fair class's wake-up placement ({@code select_task_rq_fair}: wake_affine, select_idle_sibling). */
    final WakeAffine wakeAffine = new WakeAffine(this);
    final ScxHelpers helpers;
    /** The machine model: speed, frequency, caches, energy, switch cost ({@link Machine}). */
    final Machine machine;
    final DispatchQueue global = new DispatchQueue(Dsq.GLOBAL, -1);
    /** The user DSQs by id, a primitive-keyed table: no {@code Long} boxed per lookup. */
    final UserDsqs userDsqs = new UserDsqs();
    /** The subscribed sinks; an array so the per-event loops over it allocate no iterator. */
    EventSink[] sinks = new EventSink[0];
    final CgroupTree cgroups = new CgroupTree(this);
    final Cgroup rootCgroup = cgroups.root;
    /** The behaviour-program interpreter and the workload's named objects. */
    final Programs programs = new Programs(this);
    /** Proxy execution for mutex waiters ({@link EngineConfig#proxyExecution()}). */
    final ProxyExec proxy = new ProxyExec(this);
    private long insertionSeq;
    private int nextPid = 1000;
    long now;

    // the loaded policy
    SchedOps ops;
    Set<Op> implemented = Set.of();
    long opsFlags;
    long timeoutNs;
    int maxBatch;
    int exitDumpLen;
    boolean builtinIdle = true;
    boolean switchPartial;
    /** An exit was claimed: callbacks are no longer made and the policy is disabled at the next safe point. */
    ExitInfo pendingExit;
    ExitInfo lastExit;
    final List<ExitInfo> exits = new ArrayList<>();
    boolean initialized;
    /** {@code scx_hotplug_seq}: bumped by every CPU hotplug event; compared with {@code ops.hotplug_seq} at load. */
    long hotplugSeq = 1;
    /** The dump callbacks are running: {@code scx_bpf_dump()} is allowed. */
    boolean dumping;
    private StringBuilder dumpOut;

    // callback context
    Ctx ctx = Ctx.ENGINE;
    Op currentOp;
    TaskStruct currentTask;
    int thisCpu;
    private long callbackStart;
    final long budgetNs;
    boolean callsLogged;

    // sched_ext event counters
    long evSelectCpuFallback;
    long evDispatchLocalDsqOffline;
    long evDispatchKeepLast;
    long evEnqSkipExiting;
    long evRefillSliceDfl;

    /** The CPU inside its pick path (balance), where an {@code SCX_KICK_IDLE} still counts: it may go idle. */
    CpuRq balancing;

    /** How often a busy CPU may push a fair task to another busy CPU (see {@link #pushFairToIdle}). */
    private final long busyBalanceIntervalNs;

    /** Hook run after each batch of same-time events (tests check invariants there). */
    Runnable afterStep;

    /** The callback context, {@code SCX_KF_*}: which helpers a callback may use. */
    enum Ctx { ENGINE, SELECT_CPU, ENQUEUE, DISPATCH, CPU_RELEASE, REST, UNLOCKED }

    public Kernel(Topology topology, EngineConfig config) {
        if (topology.online().isEmpty()) {
            throw new IllegalArgumentException("topology '" + topology.name() + "' has no online CPU; at least one is needed");
        }
        this.topology = topology;
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        this.cpus = new CpuRq[topology.nrCpuIds()];
        for (int c = 0; c < cpus.length; c++) {
            int capacity = topology.possible().contains(c) ? topology.cpu(c).capacity() : 1024;
            cpus[c] = new CpuRq(c, capacity);
            cpus[c].online = topology.online().contains(c);
        }
        this.fair = new FairClass(topology.online().weight());
        this.rt = new RtClass(this);
        this.dlServer = new DlServer(this, cpus.length);
        this.hotplug = new Hotplug(this);
        this.nohz = new NohzFull(this);
        this.idle = new IdleTracker(this);
        this.kickWait = new KickWait(this, cpus.length);
        this.ipi = new Ipi(this, topology, config.machine().ipi());
        this.immed = new ImmedEnqueue(this, cpus.length);
        this.helpers = new ScxHelpers(this);
        this.budgetNs = config.callbackBudget().toNanos();
        // sd->min_interval is the domain's weight in ms; busy CPUs balance busy_factor (16) times less often
        this.busyBalanceIntervalNs = 16L * topology.online().weight() * 1_000_000L;
        this.machine = new Machine(this, topology, config.machine(), config.seed());
        machine.addNoiseTasks(topology);
    }

    // ================================================================== event loop

    void post(long time, int type, int a, long b) {
        long tie = config.shuffleSameTime() ? random.nextLong() : insertionSeq++;
        events.add(time, tie, type, a, b);
    }

    /** Runs every event up to and including {@code end}, then accounts running tasks up to {@code end}. */
    public void runUntil(long end) {
        ScopedValue.where(Scx.CURRENT, policyView()).where(RunawaySupervisor.RUNNING, this).run(() -> loop(end));
    }

    private void loop(long end) {
        while (!events.isEmpty() && events.peekTime() <= end) {
            now = events.peekTime();
            while (!events.isEmpty() && events.peekTime() == now) {
                int type = events.peekType();
                int a = events.peekA();
                long b = events.peekB();
                events.poll();
                handle(type, a, b);
                safePoint();
            }
            rescheduleAll();
            if (afterStep != null) {
                afterStep.run();
            }
        }
        now = Math.max(now, end);
        for (CpuRq rq : cpus) {
            if (rq.curr != null) {
                updateCurr(rq);
            }
        }
    }

    private void handle(int type, int a, long b) {
        switch (type) {
            case EV_WAKE -> {
                // a sleep's end is an hrtimer interrupt; a fork's first wake-up is not
                TaskStruct t = tasks.get(a);
                if (t.runState != TaskStruct.RunState.NEW) {
                    wakeContext.fromTimer();
                }
                int ipiOuter = ipi.pushOrigin(Ipi.wakerCpu(wakeContext, t));
                wakeUp(t);
                ipi.popOrigin(ipiOuter);
                wakeContext.clear();
            }
            case EV_RUN_DONE -> runDone(cpus[a], b);
            case EV_TICK -> tick(cpus[a]);
            case EV_WATCHDOG -> watchdog(b);
            case EV_DL_SERVER -> dlServer.timer(a, b);
            case EV_HOTPLUG -> hotplug.apply(a, b != 0);
            case EV_CGROUP_PERIOD -> cgroups.periodTimer(a, b);
            case EV_FREQ -> machine.onFreqEvent(cpus[a], b);
            case EV_IPI -> ipi.land(a, b);
            case EV_BPF_TIMER -> bpfTimers.fire(a, b);
            default -> throw new IllegalStateException("unknown event " + type);
        }
    }

    /** "Reschedule once all events at time t are applied": every CPU flagged need_resched goes through schedule(). */
    private void rescheduleAll() {
        for (int pass = 0; pass < 1000; pass++) {
            immed.runDeferred();
            safePoint();
            boolean any = false;
            for (CpuRq rq : cpus) {
                if (rq.needResched) {
                    rq.needResched = false;
                    any = true;
                    schedule(rq);
                    safePoint();
                }
            }
            if (!any && !immed.hasPending()) {
                return;
            }
        }
        throw new IllegalStateException("scheduling did not settle at t=" + now + " ns after 1000 passes");
    }

    /** Where an ejection claimed inside a callback is carried out. */
    private void safePoint() {
        if (pendingExit != null && ops != null) {
            disable();
        }
    }

    void resched(CpuRq rq) {
        if (ipi.deferred(rq)) {
            return; // a remote CPU: it reschedules when the IPI lands
        }
        rq.needResched = true;
    }

    // ================================================================== tasks: fork, wake, run, block

    /** Creates a task from its spec; it forks at {@code spec.startNs()}. */
    public TaskStruct addTask(TaskSpec spec) {
        int pid = spec.pid() != 0 ? spec.pid() : nextPid++;
        CpuMask mask = spec.affinity() == null ? PossibleMask.defaultMask(topology) : spec.affinity().and(topology.possible());
        if (mask.isEmpty()) {
            throw new IllegalArgumentException("task '" + spec.comm() + "': affinity " + spec.affinity()
                    + " has no CPU of topology '" + topology.name() + "' (possible: " + topology.possible() + ")");
        }
        checkClass(spec);
        programs.checkForks(spec);
        TaskStruct p = new TaskStruct(tasks.size(), pid, spec, mask, cgroups.resolve(spec.cgroup()));
        tasks.add(p);
        post(spec.startNs() + programs.prepare(p), EV_WAKE, p.id, 0);
        return p;
    }

    /** Registers the workload's fork templates ({@link io.scx4j.core.workload.Workload#templates()}). */
    public void addTemplates(List<TaskSpec> templates) {
        programs.addTemplates(templates);
        templates.forEach(programs::checkForks);
    }

    /** {@code fork()} from {@code parent}'s context: the child starts on the parent's CPU if it may run there. */
    TaskStruct forkChild(TaskStruct parent, TaskSpec spec) {
        TaskStruct c = addTask(spec);
        if (c.cpusAllowed().contains(parent.cpu)) {
            c.cpu = parent.cpu;
        }
        return c;
    }

    /** {@code try_to_wake_up()} of {@code p} called by the running task {@code waker}. */
    void wakeUpBy(TaskStruct p, TaskStruct waker) {
        wakeUpBy(p, waker, false);
    }

    /** {@code try_to_wake_up()} of {@code p} by {@code waker}, with {@code WF_SYNC} if {@code sync} (see WakeContext). */
    void wakeUpBy(TaskStruct p, TaskStruct waker, boolean sync) {
        p.waker = waker;
        TaskStruct outerWaker = wakeContext.waker();
        boolean outerHardirq = wakeContext.hardirq();
        boolean outerSync = wakeContext.sync();
        wakeContext.byTask(waker, sync);
        int ipiOuter = ipi.pushOrigin(Ipi.wakerCpu(wakeContext, p));
        wakeUp(p);
        ipi.popOrigin(ipiOuter);
        wakeContext.restore(outerWaker, outerHardirq, outerSync);
    }

    private void wakeUp(TaskStruct p) {
        boolean fork = p.runState == TaskStruct.RunState.NEW;
        if (fork) {
            forkTask(p);
            if (p.runState == TaskStruct.RunState.DEAD) {
                return;
            }
        }
        hotplug.fallbackIfNoOnlineCpu(p);
        p.runState = TaskStruct.RunState.RUNNABLE;
        p.wakeAt = now;
        p.runnableAt = now;
        p.lastQueuedAt = now;
        p.counters.wakeups++;
        if (p.ext) {
            long wakeFlags = fork ? WakeFlags.FORK : WakeFlags.TTWU | wakeContext.ttwuFlags();
            boolean selected = p.nrCpusAllowed() > 1;
            int cpu = selected ? selectTaskRqExt(p, wakeFlags) : firstOnline(p.cpusAllowed());
            migrate(p, cpu);
            p.scxFlags |= TaskFlags.QUEUED;
            p.coreSchedAt = now;
            // wake_up_new_task() activates a new task with ENQUEUE_NOCLOCK|ENQUEUE_INITIAL: no SCX_ENQ_WAKEUP and no
            // SCX_ENQ_CPU_SELECTED, unlike ttwu_do_activate() (kernel/sched/core.c)
            long enqFlags = fork ? 0 : EnqFlags.WAKEUP | (selected ? EnqFlags.CPU_SELECTED : 0);
            invoke(Op.RUNNABLE, p, p.cpu, enqFlags);
            doEnqueue(p, enqFlags);
            immed.wokenOnto(cpus[cpu], p); // wakeup_preempt(): rq->next_class; task_woken_scx()
            if (cpus[p.cpu].isIdle()) {
                resched(cpus[p.cpu]);
            }
        } else if (p.isRt()) {
            rt.wake(p);
        } else {
            int cpu = selectTaskRqFair(p);
            migrate(p, cpu);
            enqueueFair(p);
        }
        p.forkWake = false;
        for (EventSink s : sinks) {
            s.onWakeup(now, p, p.cpu);
            if (p.waker != null) {
                s.onWakeupBy(now, p, p.cpu, p.waker, WakeFlags.TTWU | wakeContext.ttwuFlags());
            }
        }
    }

    private void forkTask(TaskStruct p) {
        p.ext = ops != null && pendingExit == null && p.policy().switchesToExt(switchPartial);
        if (ops != null && pendingExit == null) {
            // scx_fork: init_task for every task, also those a SWITCH_PARTIAL policy leaves in fair
            int ret = callInitTask(p, true);
            if (ret != 0) {
                p.ext = false;
                p.runState = TaskStruct.RunState.DEAD;
                return;
            }
        }
        if (p.ext) {
            enableTask(p);
        }
    }

    private void runDone(CpuRq rq, long gen) {
        if (gen != rq.runGen || rq.curr == null) {
            return;
        }
        updateCurr(rq);
        TaskStruct p = rq.proxy != null ? rq.proxy : rq.curr;
        if (p.remainingWork > 0) {
            armRunDone(rq);
            return;
        }
        programs.afterRun(rq, p);
    }

    void armRunDone(CpuRq rq) {
        post(machine.runDoneAt(rq), EV_RUN_DONE, rq.cpu, rq.runGen);
    }

    private void armTick(CpuRq rq) {
        if (!rq.tickArmed && !nohz.canStopTick(rq)) {
            rq.tickArmed = true;
            long tickNs = config.tickNs();
            post((now / tickNs + 1) * tickNs, EV_TICK, rq.cpu, 0);
        }
    }

    void updateCurr(CpuRq rq) {
        long delta = now - rq.lastAccount;
        if (delta <= 0) {
            return;
        }
        TaskStruct p = rq.curr;
        TaskStruct exec = rq.proxy != null ? rq.proxy : p;
        exec.sumExec += delta;
        rq.busyNs += delta;
        if (p.ext) {
            if (p.slice != Scx.SLICE_INF) {
                p.slice = Math.max(0, p.slice - delta);
            }
        } else {
            fair.charge(p, delta);
        }
        exec.remainingWork -= machine.workDone(rq, exec, delta);
        rq.lastAccount = now;
        dlServer.charge(rq, p, delta);
        cgroups.charge(rq, p, delta);
    }

    private void tick(CpuRq rq) {
        rq.tickArmed = false;
        TaskStruct p = rq.curr;
        if (p == null || nohz.canStopTick(rq)) {
            // idle, or tickless since the last switch (nohz_full): the pending tick was cancelled
            return;
        }
        updateCurr(rq);
        rq.ticks++;
        if (p.isRt()) {
            rt.tick(rq, p);
        } else if (p.ext) {
            if (policyActive() && implemented.contains(Op.TICK)) {
                invoke(Op.TICK, p, rq.cpu, 0);
            }
            if (p.slice == 0) {
                resched(rq);
            }
        } else {
            if (fair.tickPreempts(rq.fair, p)) {
                resched(rq);
            }
            pushFairToIdle(rq);
        }
        armTick(rq);
    }

    private void watchdog(long period) {
        if (ops == null || pendingExit != null) {
            return;
        }
        for (TaskStruct p : tasks) {
            if (p.ext && p.runState == TaskStruct.RunState.RUNNABLE && now - p.runnableAt > timeoutNs) {
                long ms = (now - p.runnableAt) / 1_000_000;
                claimExit(ExitKind.ERROR_STALL, 0, String.format("%s failed to run for %d.%03ds", p, ms / 1000, ms % 1000));
                return;
            }
        }
        post(now + period, EV_WATCHDOG, 0, period);
    }

    // ================================================================== task attribute changes (behaviour programs)

    /**
     * {@code sched_yield()} from the running task {@code p} ({@code do_sched_yield}): an ext task goes through
     * {@code yield_task_scx} (ops.yield(p, NULL) if the policy implements it, else its slice is set to 0), a fair task
     * through {@code yield_task_fair}; then the CPU reschedules. If the schedule keeps {@code p}, its program goes on.
     */
    void yieldTask(CpuRq rq, TaskStruct p) {
        if (p.ext) {
            if (policyActive() && implemented.contains(Op.YIELD)) {
                invoke(Op.YIELD, p, rq.cpu, 0);
            } else {
                p.slice = 0;
            }
        } else {
            fair.yieldTask(rq.fair, p);
        }
        p.continueGen = rq.runGen;
        resched(rq);
    }

    /**
     * {@code set_user_nice()}: the weights follow the new nice level; an ext task's policy learns the new weight from
     * ops.set_weight ({@code reweight_task_scx}), a fair task keeps its lag (deadline rescaled as in
     * {@code reweight_entity}). The dequeue(SAVE)/enqueue(RESTORE) cycle around the change is not modelled.
     */
    void setUserNice(TaskStruct p, int nice) {
        if (nice == p.nice()) {
            return;
        }
        int oldWeight = p.prioWeight();
        p.setNice(nice);
        if (p.ext) {
            invoke(Op.SET_WEIGHT, p, p.cpu, 0);
        } else if (p.deadline != 0) {
            p.deadline = p.vruntime + (p.deadline - p.vruntime) * oldWeight / p.prioWeight();
        }
    }

    // ================================================================== the pick path

    private void schedule(CpuRq rq) {
        ipi.picking(rq);
        if (kickWait.mustWait(rq)) {
            return;
        }
        immed.picking(rq);
        balancing = rq;
        TaskStruct prev = rq.curr;
        if (prev != null) {
            updateCurr(rq);
        }
        boolean prevBlocking = prev != null && prev.blocking;
        if (prevBlocking) {
            deactivate(rq, prev);
        }
        boolean prevRunnable = prev != null && !prevBlocking;
        boolean prevExt = prev != null && prev.ext;
        if (prev != null && prev.affinityMove && affinity.stopperMove(rq, prev, prevRunnable)) {
            prevRunnable = false; // moved off this CPU by sched_setaffinity's stopper
        }
        TaskStruct next;
        if (prevRunnable && prev.isRt()) {
            rt.putPrev(rq, prev);
        } else if (prevRunnable && !prev.ext) {
            rq.fair.add(prev);
        }
        if (!rq.online) {
            // hotplug: an offline CPU runs nothing; what is queued here is moved by Hotplug
            next = null;
            if (prevRunnable && prev.ext) {
                migrate(prev, hotplug.fallbackCpu(prev));
                putPrevExt(rq, prev, false, false);
            }
        } else if (!dlServer.serving(rq.cpu) && rt.hasWork(rq)) {
            next = rt.pickNext(rq);
            if (prevRunnable && prev.ext) {
                putPrevExt(rq, prev, true, false);
            }
        } else if (rq.fair.nr > 0 && (next = pickFair(rq)) != null) {
            rq.fair.remove(next);
            if (prevRunnable && prev.ext) {
                putPrevExt(rq, prev, true, false);
            }
        } else {
            next = pickExt(rq, prev, prevRunnable && prev.ext);
            if (prevRunnable && prev.ext && next != prev) {
                putPrevExt(rq, prev, false, next == null);
            }
            if (next == null && dlServer.serving(rq.cpu)) {
                // the deadline server found no fair or ext task: RT runs
                dlServer.nothingToServe(rq);
                if (rt.hasWork(rq)) {
                    next = rt.pickNext(rq);
                }
            }
        }
        if (prevExt && next != null && !next.ext) {
            cpuRelease(rq, next);
        }
        if (next != null && !next.ext) {
            immed.higherClassPicked(rq);
        }
        balancing = null;
        switchTo(rq, prev, prevBlocking, next);
    }

    /** The ext part of the pick (reference §2.2): keep prev, local DSQ, global DSQ, ops.dispatch, keep prev, idle. */
    private TaskStruct pickExt(CpuRq rq, TaskStruct prev, boolean prevExtRunnable) {
        if (rq.released && policyActive()) {
            // balance_one: sched_ext gets the CPU back after a higher class had it
            rq.released = false;
            invoke(Op.CPU_ACQUIRE, null, rq.cpu, 0);
        }
        if (prevExtRunnable && prev.slice != 0 && policyActive()) {
            return prev;
        }
        TaskStruct t = consumeLocalOrGlobal(rq);
        if (t != null) {
            return t;
        }
        if (policyActive() && rq.online && implemented.contains(Op.DISPATCH)) {
            for (int loop = 0; loop < Scx.DSP_MAX_LOOPS; loop++) {
                rq.dspInserted = 0;
                invoke(Op.DISPATCH, prevExtRunnable ? prev : null, rq.cpu, 0);
                flushDispatch(rq);
                t = consumeLocalOrGlobal(rq);
                if (t != null) {
                    return t;
                }
                if (rq.dspInserted == 0 || !policyActive()) {
                    break;
                }
                if (loop == Scx.DSP_MAX_LOOPS - 1) {
                    resched(rq);
                }
            }
        }
        if (prevExtRunnable && ((opsFlags & OpsFlags.ENQ_LAST) == 0 || !policyActive())) {
            if (prev.slice == 0) {
                prev.slice = Scx.SLICE_DFL;
                evRefillSliceDfl++;
            }
            evDispatchKeepLast++;
            return prev;
        }
        return null;
    }

    private TaskStruct consumeLocalOrGlobal(CpuRq rq) {
        TaskStruct t = rq.local.head;
        if (t != null) {
            rq.local.remove(t);
            return t;
        }
        t = global.firstFor(rq.cpu);
        if (t != null) {
            global.remove(t);
            migrate(t, rq.cpu);
            return t;
        }
        return null;
    }

    /** {@code put_prev_task_scx}: an ext task that is still runnable leaves the CPU. */
    void putPrevExt(CpuRq rq, TaskStruct prev, boolean higherClass, boolean nextIdle) {
        invoke(Op.STOPPING, prev, rq.cpu, 1);
        prev.runState = TaskStruct.RunState.RUNNABLE;
        prev.runnableAt = now;
        prev.lastQueuedAt = now;
        prev.counters.involuntarySwitches++;
        if (!policyActive()) {
            rq.local.insertHead(prev);
        } else if (prev.slice != 0 && higherClass) {
            if (!immed.reenqueuePreempted(prev)) {
                rq.local.insertHead(prev);
            }
        } else {
            prev.coreSchedAt = now;
            doEnqueue(prev, nextIdle && (opsFlags & OpsFlags.ENQ_LAST) != 0 ? EnqFlags.LAST : 0);
        }
    }

    /** A running task blocks or exits: {@code dequeue_task_scx(SLEEP)} while current. */
    private void deactivate(CpuRq rq, TaskStruct p) {
        if (!p.ext) {
            fair.saveLag(rq.fair, p, p, config.tickNs(), true);
        }
        if (p.ext) {
            invoke(Op.STOPPING, p, rq.cpu, 0);
            invoke(Op.QUIESCENT, p, p.cpu, DeqFlags.SLEEP);
            p.scxFlags = (p.scxFlags & ~TaskFlags.QUEUED) | TaskFlags.DEQD_FOR_SLEEP;
        }
        p.counters.voluntarySwitches++;
    }

    private void switchTo(CpuRq rq, TaskStruct prev, boolean prevBlocking, TaskStruct next) {
        if (next == prev) {
            if (next == null) {
                machine.idleWoken(rq);
                idle.setIdle(rq.cpu);
                if (pullFair(rq) || !rq.local.isEmpty()) {
                    resched(rq);
                }
            } else {
                programs.kept(rq, next);
            }
            return;
        }
        rq.runGen++;
        proxy.switching(rq, next);
        if (prev != null && !prevBlocking && !prev.ext && prev.runState == TaskStruct.RunState.RUNNING) {
            prev.runState = TaskStruct.RunState.RUNNABLE;
            prev.lastQueuedAt = now;
            prev.counters.involuntarySwitches++;
        }
        if (prevBlocking) {
            finishBlock(prev);
        }
        boolean wasIdle = rq.curr == null;
        rq.curr = next;
        rq.contextSwitches++;
        long start = now + machine.switched(rq, prev);
        if (next != null) {
            next.runState = TaskStruct.RunState.RUNNING;
            next.blocking = false;
            rq.lastAccount = start;
            next.counters.waitNs += start - next.lastQueuedAt;
            next.counters.slices++;
            if (next.wakeAt >= 0) {
                next.counters.wakeLatency.recordValue(start - next.wakeAt);
                next.wakeAt = -1;
            }
            if (wasIdle) {
                idle.setBusy(rq.cpu);
            }
            if (next.ext) {
                immed.running(next);
                if (next.slice == 0) {
                    next.slice = Scx.SLICE_DFL;
                    evRefillSliceDfl++;
                }
                invoke(Op.RUNNING, next, rq.cpu, 0);
            } else if (next.isRt()) {
                dlServer.rtRunning(rq);
            } else if (next.deadline == 0) {
                fair.newDeadline(next);
            }
            if (next.blockedOn != null) {
                proxy.donorRuns(rq, next);
            }
            armRunDone(rq);
            armTick(rq);
        } else {
            idle.setIdle(rq.cpu);
            if (pullFair(rq) || !rq.local.isEmpty()) {
                resched(rq);
            }
        }
        // a CPU leaving an idle state starts the task after the state's exit latency: the switch is reported then,
        // so a trace's slices add up to the task's runtime
        for (EventSink s : sinks) {
            s.onSwitch(start, rq.cpu, prev, next);
            s.onQueueLength(now, rq.cpu, rq.local.nr + rq.fair.nr);
        }
    }

    private void finishBlock(TaskStruct p) {
        p.blocking = false;
        p.waker = null;
        if (p.sleepNs < 0) {
            exitTask(p);
        } else {
            p.runState = TaskStruct.RunState.SLEEPING;
            if (p.sleepNs != TaskStruct.UNTIL_WOKEN) {
                post(now + p.sleepNs, EV_WAKE, p.id, 0);
            }
        }
    }

    private void exitTask(TaskStruct p) {
        p.exiting = true;
        if (p.ext || p.scxState != TaskStruct.ScxState.NONE) {
            if (p.scxState == TaskStruct.ScxState.ENABLED) {
                invoke(Op.DISABLE, p, p.cpu, 0);
            }
            invoke(Op.EXIT_TASK, p, p.cpu, 0);
            p.scxState = TaskStruct.ScxState.NONE;
            p.ext = false;
        }
        p.runState = TaskStruct.RunState.DEAD;
        for (EventSink s : sinks) {
            s.onTaskExit(now, p);
        }
    }

    // ================================================================== ext enqueue and DSQ insertion

    private int selectTaskRqExt(TaskStruct p, long wakeFlags) {
        int prev = p.cpu;
        if (!policyActive()) {
            return p.cpusAllowed().contains(prev) && cpus[prev].online ? prev : firstOnline(p.cpusAllowed());
        }
        int cpu;
        if (implemented.contains(Op.SELECT_CPU)) {
            cpu = callSelectCpu(p, prev, wakeFlags);
            p.ddspFromSelectCpu = p.ddspDsq != Dsq.INVALID;
            if (cpu < 0 || cpu >= cpus.length || !topology.possible().contains(cpu)) {
                error(ExitKind.ERROR, "ops.select_cpu() returned invalid CPU " + cpu + " for " + p);
                cpu = prev;
            }
        } else {
            SelectCpuResult r = idle.selectCpuDfl(p, prev, wakeFlags, p.cpusAllowed(), 0);
            cpu = r.cpu();
            p.ddspFromSelectCpu = false;
            if (r.idle()) {
                p.slice = Scx.SLICE_DFL;
                p.ddspDsq = Dsq.LOCAL;
                p.ddspEnqFlags = 0;
            }
        }
        if (!p.cpusAllowed().contains(cpu) || !cpus[cpu].online) {
            evSelectCpuFallback++;
            cpu = p.cpusAllowed().contains(prev) && cpus[prev].online ? prev : firstOnline(p.cpusAllowed());
        }
        return cpu;
    }

    private int firstOnline(CpuMask mask) {
        for (int c = mask.first(); c >= 0; c = mask.next(c + 1)) {
            if (cpus[c].online) {
                return c;
            }
        }
        return mask.first();
    }

    /** {@code do_enqueue_task}: hand a runnable ext task to the policy (or place it where the kernel would). */
    void doEnqueue(TaskStruct p, long enqFlags) {
        if (!immed.freshEnqueue(p, enqFlags)) {
            return; // SCX_REENQ_MAX_REPEAT: stranded, the scheduler is being ejected
        }
        p.counters.enqueues++;
        if (p.ddspDsq != Dsq.INVALID) {
            long dsq = p.ddspDsq;
            long flags = p.ddspEnqFlags | enqFlags;
            p.ddspDsq = Dsq.INVALID;
            Op savedOp = currentOp;
            TaskStruct savedTask = currentTask;
            currentOp = p.ddspFromSelectCpu ? Op.SELECT_CPU : savedOp;
            currentTask = p;
            insert(p, dsq, flags, p.cpu);
            currentOp = savedOp;
            currentTask = savedTask;
            return;
        }
        if (!policyActive()) {
            global.insertTail(p);
            return;
        }
        if (!cpus[p.cpu].online) {
            p.slice = Scx.SLICE_DFL;
            insert(p, Dsq.LOCAL, enqFlags, p.cpu);
            return;
        }
        if (p.exiting && (opsFlags & OpsFlags.ENQ_EXITING) == 0) {
            evEnqSkipExiting++;
            p.slice = Scx.SLICE_DFL;
            insert(p, Dsq.LOCAL, enqFlags, p.cpu);
            return;
        }
        if (!implemented.contains(Op.ENQUEUE)) {
            p.slice = Scx.SLICE_DFL;
            insert(p, Dsq.GLOBAL, enqFlags, p.cpu);
            return;
        }
        p.qseq++;
        p.opsQueued = true;
        p.custody = true;
        invoke(Op.ENQUEUE, p, p.cpu, enqFlags);
        if (p.ddspDsq != Dsq.INVALID) {
            long dsq = p.ddspDsq;
            long flags = p.ddspEnqFlags;
            p.ddspDsq = Dsq.INVALID;
            p.custody = false;
            currentOp = Op.ENQUEUE;
            currentTask = p;
            insert(p, dsq, flags, p.cpu);
            currentOp = null;
            currentTask = null;
        } else if (!policyActive() && p.opsQueued) {
            p.opsQueued = false;
            global.insertTail(p);
        }
    }

    /**
     * {@code dispatch_enqueue}: put {@code p} on the DSQ {@code dsqId} names, enforcing the rules of reference §5.1
     * (a rule broken ejects the policy and the task goes to the global DSQ).
     *
     * @param thisCpu the CPU {@code SCX_DSQ_LOCAL} means
     */
    void insert(TaskStruct p, long dsqId, long enqFlags, int thisCpu) {
        boolean vtime = (enqFlags & ENQ_DSQ_PRIQ) != 0;
        DispatchQueue q = resolve(p, dsqId, thisCpu);
        if (q.cpu >= 0) {
            if (!p.cpusAllowed().contains(q.cpu)) {
                error(ExitKind.ERROR, "SCX_DSQ_LOCAL[_ON] target CPU " + q.cpu + " not allowed for " + p
                        + " (cpus_allowed " + p.cpusAllowed() + ")");
                q = global;
            } else if (!cpus[q.cpu].online) {
                evDispatchLocalDsqOffline++;
                q = global;
            }
        }
        if (vtime && q.id < 0) {
            error(ExitKind.ERROR, "cannot use vtime ordering for built-in DSQs (" + q.name() + ", task " + p + ")");
            vtime = false;
        } else if (q.id >= 0 && !q.isEmpty()) {
            if (vtime && !q.isPriq()) {
                error(ExitKind.ERROR, "DSQ " + q.name() + " already had FIFO-enqueued tasks (vtime insert of " + p + ")");
            } else if (!vtime && q.isPriq()) {
                error(ExitKind.ERROR, "DSQ " + q.name() + " already had PRIQ-enqueued tasks (FIFO insert of " + p + ")");
                vtime = true;
            }
        }
        p.opsQueued = false;
        if (q.id < 0 && p.custody) {
            p.custody = false;
            if (implemented.contains(Op.DEQUEUE) && policyActive()) {
                invoke(Op.DEQUEUE, p, p.cpu, 0);
            }
        } else if (q.id >= 0) {
            p.custody = true;
        }
        if (vtime) {
            q.insertVtime(p);
        } else if ((enqFlags & (EnqFlags.HEAD | EnqFlags.PREEMPT)) != 0) {
            q.insertHead(p);
        } else {
            q.insertTail(p);
        }
        if (q.cpu >= 0) {
            migrate(p, q.cpu);
            CpuRq target = cpus[q.cpu];
            immed.localInserted(p, target, enqFlags);
            if (target.isIdle()) {
                resched(target);
            } else if ((enqFlags & EnqFlags.PREEMPT) != 0 && target.curr.ext && target.curr != p) {
                target.curr.slice = 0;
                resched(target);
            }
        }
    }

    private DispatchQueue resolve(TaskStruct p, long dsqId, int thisCpu) {
        if (dsqId == Dsq.LOCAL) {
            return cpus[thisCpu].local;
        }
        if (dsqId == Dsq.GLOBAL) {
            return global;
        }
        if (Dsq.isLocalOn(dsqId)) {
            long cpu = dsqId & Dsq.LOCAL_CPU_MASK;
            if (cpu >= cpus.length || !topology.possible().contains((int) cpu)) {
                error(ExitKind.ERROR, "invalid CPU " + cpu + " in SCX_DSQ_LOCAL_ON target for " + p);
                return global;
            }
            return cpus[(int) cpu].local;
        }
        DispatchQueue q = Dsq.isUser(dsqId) ? userDsqs.get(dsqId) : null;
        if (q == null) {
            error(ExitKind.ERROR, "non-existent DSQ " + Dsq.format(dsqId) + " for " + p);
            return global;
        }
        return q;
    }

    /** Applies the inserts ops.dispatch buffered ({@code flush_dispatch_buf}); stale ones are ignored as the kernel does. */
    void flushDispatch(CpuRq rq) {
        int n = rq.dspCount;
        rq.dspCount = 0;
        int ipiOuter = ipi.pushOrigin(rq.cpu);
        for (int i = 0; i < n; i++) {
            TaskStruct p = rq.dspTask[i];
            rq.dspTask[i] = null;
            if (p.opsQueued && p.qseq == rq.dspQseq[i]) {
                insert(p, rq.dspDsq[i], rq.dspFlags[i], rq.cpu);
            }
        }
        ipi.popOrigin(ipiOuter);
    }

    /** Moves {@code p} to {@code cpu}, counting the migration by the smallest domain the two CPUs share. */
    void migrate(TaskStruct p, int cpu) {
        int from = p.cpu;
        if (from == cpu) {
            return;
        }
        p.cpu = cpu;
        if (p.forkWake) {
            return;
        }
        TaskCounters c = p.counters;
        c.migrations++;
        if (topology.coreOf(from).id() == topology.coreOf(cpu).id()) {
            c.migrationsSameCore++;
        } else if (topology.llcOf(from).id() == topology.llcOf(cpu).id()) {
            c.migrationsSameLlc++;
        } else if (topology.nodeOf(from).id() == topology.nodeOf(cpu).id()) {
            c.migrationsSameNode++;
        } else {
            c.migrationsCrossNode++;
        }
        for (EventSink s : sinks) {
            s.onMigrate(now, p, from, cpu);
        }
    }

    // ================================================================== the fair class

    private int selectTaskRqFair(TaskStruct p) {
        int prev = p.cpu;
        CpuMask allowed = p.cpusAllowed();
        if (p.forkWake) {
            int best = -1;
            for (int c = allowed.first(); c >= 0; c = allowed.next(c + 1)) {
                if (cpus[c].online && (best < 0 || fairLoad(cpus[c]) + (cpus[c].needResched ? 1 : 0)
                        < fairLoad(cpus[best]) + (cpus[best].needResched ? 1 : 0))) {
                    best = c;
                }
            }
            return best >= 0 ? best : firstOnline(allowed);
        }
        int c = wakeAffine.selectTaskRq(p, wakeContext.waker(), wakeContext.sync());
        if (allowed.contains(c) && cpus[c].online) {
            return c;
        }
        return allowed.contains(prev) && cpus[prev].online ? prev : firstOnline(allowed);
    }

    void enqueueFair(TaskStruct p) {
        CpuRq rq = cpus[p.cpu];
        TaskStruct curr = rq.curr != null && !rq.curr.ext ? rq.curr : null;
        if (curr != null) {
            updateCurr(rq);
        }
        fair.place(rq.fair, curr, p);
        rq.fair.add(p);
        cgroups.refreshWeights(rq);
        if (rq.curr == null || rq.curr.ext || fair.wakeupPreempts(rq.fair, rq.curr, p)) {
            resched(rq);
        }
    }

    /** Newly idle balance: pull the first waiting fair task that may run here, nearest domain first. */
    private boolean pullFair(CpuRq rq) {
        if (!rq.online) {
            return false;
        }
        for (int level = 0; level < 3; level++) {
            CpuMask domain = level == 0 ? topology.llcOf(rq.cpu).cpus()
                    : level == 1 ? topology.nodeOf(rq.cpu).cpus() : hotplug.online();
            CpuRq busiest = null;
            for (int c = domain.first(); c >= 0; c = domain.next(c + 1)) {
                CpuRq other = cpus[c];
                if (other != rq && other.curr != null && other.fair.nr > 0
                        && (busiest == null || other.fair.nr > busiest.fair.nr)) {
                    busiest = other;
                }
            }
            if (busiest != null) {
                for (int i = 0; i < busiest.fair.nr; i++) {
                    TaskStruct t = busiest.fair.tasks[i];
                    if (t.cpusAllowed().contains(rq.cpu) && !CgroupTree.throttled(t)) {
                        fair.saveLag(busiest.fair, busiest.curr.ext ? null : busiest.curr, t, config.tickNs(), false);
                        busiest.fair.remove(t);
                        migrate(t, rq.cpu);
                        fair.place(rq.fair, null, t);
                        rq.fair.add(t);
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Periodic balance from a busy CPU. At any tick, a waiting fair task goes to an idle CPU it may run on (the
     * kernel's nohz idle balance). Once per busy balance interval (the kernel stretches {@code sd->balance_interval}
     * by {@code busy_factor} on busy CPUs) a waiting task also moves to the CPU with the least fair weight when that
     * leaves both lighter than this one was ({@code load(target) + w < load(here)}), so load is balanced by weight as
     * the kernel's {@code load_balance()} does: a nice 7 task is not left to share a CPU with a nice -20 hog while
     * another CPU holds nice-0 tasks, and no task can bounce straight back.
     */
    private void pushFairToIdle(CpuRq rq) {
        for (int i = 0; i < rq.fair.nr; i++) {
            TaskStruct t = rq.fair.tasks[i];
            int best = leastLoaded(t.cpusAllowed(), rq);
            if (best >= 0 && fairLoad(cpus[best]) == 0 && fairLoad(rq) >= 2) {
                pushFair(rq, t, best);
                return;
            }
        }
        if (now < rq.nextBusyBalance) {
            return;
        }
        rq.nextBusyBalance = now + busyBalanceIntervalNs;
        long here = fairWeight(rq);
        for (int i = 0; i < rq.fair.nr; i++) {
            TaskStruct t = rq.fair.tasks[i];
            int best = lightest(t.cpusAllowed(), rq);
            if (best >= 0 && fairWeight(cpus[best]) + t.prioWeight() < here) {
                pushFair(rq, t, best);
                return;
            }
        }
    }

    private void pushFair(CpuRq rq, TaskStruct t, int target) {
        fair.saveLag(rq.fair, rq.curr != null && !rq.curr.ext ? rq.curr : null, t, config.tickNs(), false);
        rq.fair.remove(t);
        migrate(t, target);
        enqueueFair(t);
    }

    /** The weight of the fair tasks on {@code rq}, the running one included (an ext task running there counts as nice 0). */
    private static long fairWeight(CpuRq rq) {
        long w = rq.curr == null ? 0 : rq.curr.ext ? 1024 : rq.curr.prioWeight();
        for (int i = 0; i < rq.fair.nr; i++) {
            w += rq.fair.tasks[i].prioWeight();
        }
        return w;
    }

    /** The online CPU of {@code allowed}, other than {@code here}, with the least fair weight. */
    private int lightest(CpuMask allowed, CpuRq here) {
        int best = -1;
        long bestWeight = Long.MAX_VALUE;
        for (int c = allowed.first(); c >= 0; c = allowed.next(c + 1)) {
            if (cpus[c].online && c != here.cpu) {
                long w = fairWeight(cpus[c]);
                if (w < bestWeight) {
                    best = c;
                    bestWeight = w;
                }
            }
        }
        return best;
    }

    private static int fairLoad(CpuRq rq) {
        return rq.fair.nr + (rq.curr != null ? 1 : 0);
    }

    /** The online CPU of {@code allowed} with the fewest fair tasks; same-LLC CPUs win ties. */
    private int leastLoaded(CpuMask allowed, CpuRq near) {
        int best = -1;
        int bestLoad = Integer.MAX_VALUE;
        CpuMask llc = topology.llcOf(near.cpu).cpus();
        for (int c = allowed.first(); c >= 0; c = allowed.next(c + 1)) {
            if (!cpus[c].online || c == near.cpu) {
                continue;
            }
            int load = fairLoad(cpus[c]) * 2 + (llc.contains(c) ? 0 : 1);
            if (load < bestLoad) {
                best = c;
                bestLoad = load;
            }
        }
        return best;
    }

    // ================================================================== loading and unloading a policy

    /**
     * Loads {@code policy} now ({@code scx_root_enable}): validate, ops.init, init_task for every task, then switch
     * every eligible task to the ext class. Returns 0 or the load's negative errno; a policy that fails after init
     * is ejected at once with its exit info recorded.
     */
    public int load(SchedOps policy) {
        if (ops != null) {
            return -Errno.EBUSY;
        }
        String name = policy.name();
        if (name == null || !name.matches("[A-Za-z0-9_.]{1,127}")) {
            return -Errno.EINVAL;
        }
        if ((policy.flags() & ~OpsFlags.ALL) != 0) {
            return -Errno.EINVAL;
        }
        long timeoutMs = policy.timeoutMs();
        if (timeoutMs < 0 || timeoutMs > Scx.WATCHDOG_MAX_TIMEOUT_MS) {
            return -Errno.E2BIG;
        }
        if (policy.dispatchMaxBatch() < 0) {
            return -Errno.E2BIG;
        }
        ops = policy;
        implemented = policy.implementedOps();
        opsFlags = policy.flags();
        timeoutNs = (timeoutMs == 0 ? Scx.WATCHDOG_MAX_TIMEOUT_MS : timeoutMs) * 1_000_000L;
        maxBatch = policy.dispatchMaxBatch() == 0 ? Scx.DSP_DFL_MAX_BATCH : policy.dispatchMaxBatch();
        exitDumpLen = policy.exitDumpLen() == 0 ? Scx.EXIT_DUMP_DFL_LEN : policy.exitDumpLen();
        switchPartial = (opsFlags & OpsFlags.SWITCH_PARTIAL) != 0;
        builtinIdle = !implemented.contains(Op.UPDATE_IDLE) || (opsFlags & OpsFlags.KEEP_BUILTIN_IDLE) != 0;
        pendingExit = null;
        initialized = false;
        for (CpuRq rq : cpus) {
            if (rq.dspTask.length < maxBatch) {
                rq.dspTask = new TaskStruct[maxBatch];
                rq.dspDsq = new long[maxBatch];
                rq.dspFlags = new long[maxBatch];
                rq.dspQseq = new long[maxBatch];
            }
            rq.released = false;
        }
        idle.reset();
        machine.policyLoaded();
        ScopedValue.where(Scx.CURRENT, policyView()).where(RunawaySupervisor.RUNNING, this).run(this::enable);
        for (EventSink s : sinks) {
            s.onPolicyLoaded(now, name);
        }
        return 0;
    }

    private void enable() {
        int ret = callInit();
        if (pendingExit == null && ret != 0) {
            error(ExitKind.ERROR, "ops.init() failed (" + ret + ")");
        }
        if (pendingExit == null) {
            initialized = true;
        }
        if (pendingExit == null && (opsFlags & OpsFlags.ENQ_LAST) != 0 && !implemented.contains(Op.ENQUEUE)) {
            error(ExitKind.ERROR, "SCX_OPS_ENQ_LAST requires ops.enqueue() to be implemented");
        }
        if (pendingExit == null && ops.hotplugSeq() != 0 && ops.hotplugSeq() != hotplugSeq) {
            claimExit(ExitKind.UNREG_KERN, io.scx4j.api.ExitCodes.ACT_RESTART | io.scx4j.api.ExitCodes.RSN_HOTPLUG,
                    "expected hotplug seq " + ops.hotplugSeq() + " did not match actual " + hotplugSeq);
        }
        if (pendingExit == null) {
            cgroups.initAll();
        }
        for (TaskStruct p : tasks) {
            if (pendingExit != null) {
                break;
            }
            if (p.runState == TaskStruct.RunState.NEW || p.runState == TaskStruct.RunState.DEAD) {
                continue;
            }
            int r = callInitTask(p, false);
            if (r != 0 && pendingExit == null) {
                error(ExitKind.ERROR, "ops.init_task() failed (" + r + ") for " + p);
            }
        }
        if (pendingExit != null) {
            disable();
            return;
        }
        for (TaskStruct p : tasks) {
            if (p.scxState == TaskStruct.ScxState.READY && p.policy().switchesToExt(switchPartial)) {
                switchToExt(p);
            }
        }
        for (CpuRq rq : cpus) {
            resched(rq);
        }
        post(now + timeoutNs / 2, EV_WATCHDOG, 0, timeoutNs / 2);
        safePoint();
    }

    private void switchToExt(TaskStruct p) {
        CpuRq rq = cpus[p.cpu];
        if (p.onFairRq) {
            rq.fair.remove(p);
        }
        p.ext = true;
        p.slice = Scx.SLICE_DFL;
        enableTask(p);
        if (p.runState == TaskStruct.RunState.RUNNING) {
            p.scxFlags |= TaskFlags.QUEUED;
            invoke(Op.RUNNING, p, rq.cpu, 0);
        } else if (p.runState == TaskStruct.RunState.RUNNABLE) {
            p.scxFlags |= TaskFlags.QUEUED;
            invoke(Op.RUNNABLE, p, p.cpu, 0);
            doEnqueue(p, 0);
        }
    }

    void enableTask(TaskStruct p) {
        p.scxState = TaskStruct.ScxState.ENABLED;
        p.dsqVtime = 0;
        invoke(Op.ENABLE, p, p.cpu, 0);
        invoke(Op.SET_WEIGHT, p, p.cpu, 0);
        invoke(Op.SET_CPUMASK, p, p.cpu, 0);
    }

    /** Unloads the policy as its user would ({@link ExitKind#UNREG}). */
    public void unload() {
        if (ops == null) {
            return;
        }
        claimExit(ExitKind.UNREG, 0, "");
        ScopedValue.where(Scx.CURRENT, policyView()).where(RunawaySupervisor.RUNNING, this).run(this::disable);
    }

    /**
     * {@code scx_root_disable}: dump (for errors), move every task back to the fair class, call disable/exit_task for
     * each, destroy the DSQs, call ops.exit. Nothing is lost: tasks in the policy's custody are found through the
     * engine's task list, as the kernel walks {@code scx_tasks}.
     */
    void disable() {
        ExitInfo claim = pendingExit;
        String dump = claim.kind().isError() ? buildDump(claim) : "";
        ExitInfo info = new ExitInfo(claim.kind(), claim.exitCode(), claim.reason(), claim.message(), dump, initialized);
        bpfTimers.cancelAll(); // timers die with the scheduler's maps
        cgroups.exitAll();
        for (TaskStruct p : tasks) {
            if (p.scxState == TaskStruct.ScxState.NONE) {
                continue;
            }
            if (p.dsq != null) {
                p.dsq.remove(p);
            }
            p.opsQueued = false;
            p.custody = false;
            p.ddspDsq = Dsq.INVALID;
            p.immed = false;
            p.reenqCnt = 0;
            boolean wasExt = p.ext;
            p.ext = false;
            p.scxFlags &= ~TaskFlags.QUEUED;
            if (wasExt) {
                if (!cpus[p.cpu].online) {
                    migrate(p, hotplug.fallbackCpu(p));
                }
                CpuRq rq = cpus[p.cpu];
                if (p.runState == TaskStruct.RunState.RUNNABLE) {
                    fair.place(rq.fair, rq.curr != null && !rq.curr.ext ? rq.curr : null, p);
                    rq.fair.add(p);
                } else if (p.runState == TaskStruct.RunState.RUNNING) {
                    fair.place(rq.fair, null, p);
                }
            }
            if (p.scxState == TaskStruct.ScxState.ENABLED) {
                safeCall(() -> ops.disable(p), Op.DISABLE, p);
            }
            safeCall(() -> ops.exitTask(p, new ExitTaskArgs(false)), Op.EXIT_TASK, p);
            p.scxState = TaskStruct.ScxState.NONE;
        }
        userDsqs.clear();
        for (CpuRq rq : cpus) {
            rq.dspCount = 0;
            rq.released = false;
            resched(rq);
        }
        SchedOps old = ops;
        safeCall(() -> old.exit(info), Op.EXIT, null);
        ops = null;
        implemented = Set.of();
        opsFlags = 0;
        switchPartial = false;
        builtinIdle = true;
        pendingExit = null;
        lastExit = info;
        exits.add(info);
        for (EventSink s : sinks) {
            s.onPolicyExit(now, info);
        }
    }

    private String buildDump(ExitInfo claim) {
        dumpOut = new StringBuilder();
        dumpOut.append("Exit: ").append(claim.summary()).append('\n');
        dumpOut.append("at ").append(now).append(" ns\n\nCPU states\n----------\n");
        for (CpuRq rq : cpus) {
            dumpOut.append(String.format("CPU %-4d: curr=%s nr_local=%d%s%n", rq.cpu, rq.curr == null ? "(idle)" : rq.curr,
                    rq.local.nr, rq.online ? "" : " offline"));
        }
        DumpContext ctx = new DumpContext(claim.kind(), claim.exitCode(), claim.reason(), now);
        Ctx saved = this.ctx;
        this.ctx = Ctx.UNLOCKED;
        dumping = true;
        try {
            if (implemented.contains(Op.DUMP)) {
                dumpOut.append("\nops.dump\n");
                safeCall(() -> ops.dump(ctx), Op.DUMP, null);
            }
            if (implemented.contains(Op.DUMP_CPU)) {
                for (CpuRq rq : cpus) {
                    safeCall(() -> ops.dumpCpu(ctx, rq.cpu, rq.isIdle()), Op.DUMP_CPU, null);
                }
            }
            dumpOut.append("\nRunnable tasks\n--------------\n");
            for (TaskStruct p : tasks) {
                if (p.ext && (p.runState == TaskStruct.RunState.RUNNABLE || p.runState == TaskStruct.RunState.RUNNING)) {
                    dumpOut.append(String.format("%s cpu=%d %s dsq=%s slice=%d vtime=%d weight=%d cpus=%s%n", p, p.cpu,
                            p.runState, p.dsq == null ? (p.opsQueued ? "(policy)" : "-") : p.dsq.name(), p.slice,
                            p.dsqVtime, p.weight(), p.cpusAllowed()));
                    if (implemented.contains(Op.DUMP_TASK)) {
                        safeCall(() -> ops.dumpTask(ctx, p), Op.DUMP_TASK, p);
                    }
                }
            }
        } finally {
            dumping = false;
            this.ctx = saved;
        }
        String s = dumpOut.toString();
        dumpOut = null;
        return s.length() <= exitDumpLen ? s : s.substring(0, exitDumpLen - 20) + "\n~~~~ TRUNCATED ~~~~\n";
    }

    void appendDump(String text) {
        if (!dumping || dumpOut == null) {
            error(ExitKind.ERROR, "scx_bpf_dump() called outside the dump callbacks");
            return;
        }
        dumpOut.append(text);
        if (!text.endsWith("\n")) {
            dumpOut.append('\n');
        }
    }

    // ================================================================== other classes and hotplug (RtClass, DlServer, Hotplug)

    /**
     * {@code switch_class} from {@code put_prev_task_scx}: an ext task leaves the CPU to a task of a higher class
     * (RT, or fair under {@code SWITCH_PARTIAL}); the policy is told once with the reason and the next task, until
     * the CPU comes back to sched_ext ({@code cpu_acquire}). Called after prev was put back, so
     * {@code scx_bpf_reenqueue_local()} from the callback sees it on the local DSQ.
     */
    private void cpuRelease(CpuRq rq, TaskStruct next) {
        if (!rq.released && implemented.contains(Op.CPU_RELEASE) && policyActive()) {
            rq.released = true;
            invoke(Op.CPU_RELEASE, next, rq.cpu, 0);
        }
    }

    /** {@code preempt_reason_from_class}: RT for SCHED_FIFO/RR, DL for SCHED_DEADLINE, else UNKNOWN. */
    private static CpuPreemptReason preemptReason(TaskStruct next) {
        return next.isRt() ? CpuPreemptReason.RT
                : next.policy() == io.scx4j.api.SchedPolicy.DEADLINE ? CpuPreemptReason.DL : CpuPreemptReason.UNKNOWN;
    }

    /** SCHED_DEADLINE is not modelled; SCHED_FIFO/RR need an RT priority 1..99 ({@code sched_setscheduler} checks). */
    static void checkClass(TaskSpec spec) {
        if (spec.policy() == io.scx4j.api.SchedPolicy.DEADLINE) {
            throw new IllegalArgumentException("task '" + spec.comm() + "': SCHED_DEADLINE is not supported by the "
                    + "engine (only the deadline servers are modelled); use SCHED_FIFO/RR, NORMAL, BATCH, IDLE or EXT");
        }
        if (spec.policy().isRealtime() && spec.rtPriority() == 0) {
            throw new IllegalArgumentException("task '" + spec.comm() + "': " + "SCHED_" + spec.policy()
                    + " needs rtPriority in 1..99, got 0");
        }
    }

    /** Runs the pick path on {@code rq} now (hotplug switches an offlined CPU's task out). */
    void forceSchedule(CpuRq rq) {
        rq.needResched = false;
        schedule(rq);
    }

    /** {@code ops.cpu_online} / {@code ops.cpu_offline}. */
    void invokeHotplug(Op op, int cpu) {
        invoke(op, null, cpu, 0);
    }

    /** {@code ops.set_cpumask} after the kernel changed a task's affinity. */
    void invokeSetCpumask(TaskStruct p) {
        invoke(Op.SET_CPUMASK, p, p.cpu, 0);
    }

    /** The fair pick ({@code pick_next_task_fair}) with the cgroup shares refreshed; null if every task is throttled. */
    private TaskStruct pickFair(CpuRq rq) {
        cgroups.refreshWeights(rq);
        return fair.pick(rq.fair, null);
    }

    /**
     * Calls a rare callback whose arguments the allocation-free {@link #invoke} does not carry (the cgroup ops): same
     * context switching, error handling and errno check; may allocate. Skipped once an exit is claimed, except
     * {@code cgroup_exit} on the unload path.
     */
    int invokeRare(Op op, TaskStruct p, java.util.function.IntSupplier call) {
        if (ops == null || !implemented.contains(op) || (pendingExit != null && op != Op.CGROUP_EXIT)) {
            return 0;
        }
        int cpu = p == null ? thisCpu : p.cpu;
        if (callsLogged) {
            logCall(cpu, op.kernelName(), p, "", "");
        }
        Ctx savedCtx = ctx;
        Op savedOp = currentOp;
        TaskStruct savedTask = currentTask;
        int savedCpu = thisCpu;
        long savedStart = callbackStart;
        enter(contextOf(op), op, p, cpu);
        int ret = 0;
        try {
            ret = call.getAsInt();
        } catch (Throwable t) {
            threw(t);
            ret = -Errno.EINVAL;
        } finally {
            leave();
            ctx = savedCtx;
            currentOp = savedOp;
            currentTask = savedTask;
            thisCpu = savedCpu;
            callbackStart = savedStart;
        }
        if (!Errno.isValidResult(ret)) {
            error(ExitKind.ERROR, "ops." + op.kernelName() + "() returned an invalid errno " + ret);
            ret = -Errno.EPROTO;
        }
        return ret;
    }

    /** Sets {@code cpu.weight} and {@code cpu.max} of the cgroup at {@code path} (see {@link CgroupTree}). */
    public void cgroup(String path, int weight, long quotaUs, long periodUs) {
        outsideLoop(() -> cgroups.configure(path, weight, quotaUs, periodUs));
    }

    /**
     * Moves {@code p} to the cgroup at {@code path} (created if needed): {@code ops.cgroup_prep_move}, then
     * {@code ops.cgroup_move}. Returns 0, or the policy's negative errno when it refused the move.
     */
    public int moveTaskToCgroup(TaskStruct p, String path) {
        int[] ret = new int[1];
        outsideLoop(() -> ret[0] = cgroups.move(p, path));
        return ret[0];
    }

    /** The live task named {@code comm}, for callers outside the engine. */
    public TaskStruct task(String comm) {
        for (TaskStruct t : tasks) {
            if (t.comm().equals(comm) && t.runState != TaskStruct.RunState.DEAD) {
                return t;
            }
        }
        throw new IllegalArgumentException("no live task named '" + comm + "'");
    }

    /**
     * Runs a state change made from a workload step (inside the event loop: the loop reschedules after the step) or
     * from the engine's user between runs (outside: the helpers are bound, an exit claimed is carried out and the CPUs
     * reschedule at once, at the current time).
     */
    private void outsideLoop(Runnable change) {
        if (Scx.CURRENT.isBound()) {
            change.run();
            return;
        }
        ScopedValue.where(Scx.CURRENT, helpers).run(() -> {
            change.run();
            safePoint();
            rescheduleAll();
        });
    }

    /** Makes a void callback for the other-class helpers ({@link PolicyChange}); see {@link #invoke}. */
    void invokeOp(Op op, TaskStruct p, int cpu, long arg) {
        invoke(op, p, cpu, arg);
    }

    /**
     * {@code sched_setscheduler(p, policy, priority)} on a live task: class switches between RT, fair and ext with
     * the callbacks the kernel makes (see {@link PolicyChange}). {@code priority} is the RT priority (1..99) for
     * SCHED_FIFO/RR and the nice level (-20..19) for the other policies.
     *
     * @throws IllegalArgumentException for SCHED_DEADLINE or a priority outside the policy's range
     */
    public void changePolicy(TaskStruct p, io.scx4j.api.SchedPolicy policy, int priority) {
        outsideLoop(() -> new PolicyChange(this).apply(p, policy, priority));
    }

    /** {@code sched_setaffinity(p, mask)} from the engine's user, now (see {@link AffinityChange}). */
    public void setAffinity(TaskStruct p, CpuMask mask) {
        outsideLoop(() -> affinity.set(p, mask));
    }

    /** {@code BPF_PROG_RUN} of a SYSCALL program on {@code cpu}, now (see {@link ProgRun}); returns its return value. */
    public int progRun(int cpu, io.scx4j.api.SyscallProgram prog) {
        int[] ret = new int[1];
        outsideLoop(() -> ret[0] = progRun.run(cpu, prog));
        return ret[0];
    }

    /** The verifier's log of the last {@link #progRun}: empty, or why the program was refused ({@link ProgRun#log()}). */
    public String progRunLog() {
        return progRun.log();
    }

    /** Schedules a CPU hotplug event (see {@link Hotplug}). */
    public void hotplug(long timeNs, int cpu, boolean online) {
        hotplug.schedule(timeNs, cpu, online);
    }

    /** {@code scx_hotplug_seq}. */
    public long hotplugSeq() {
        return hotplugSeq;
    }

    /** Ticks each CPU has taken so far. */
    public long ticks(int cpu) {
        return cpus[cpu].ticks;
    }

    // ================================================================== errors

    boolean policyActive() {
        return ops != null && pendingExit == null;
    }

    /** {@code scx_error()}: a kernel-detected rule violation; the message names the callback. */
    void error(ExitKind kind, String message) {
        String where = currentOp == null ? "" : " (in ops." + currentOp.kernelName() + "()"
                + (currentTask == null ? "" : " on " + currentTask) + ")";
        claimExit(kind, 0, message + where);
    }

    /** The first exit request wins ({@code scx_claim_exit}). */
    void claimExit(ExitKind kind, long code, String message) {
        if (ops == null || pendingExit != null) {
            return;
        }
        String msg = message.length() > Scx.EXIT_MSG_LEN ? message.substring(0, Scx.EXIT_MSG_LEN) : message;
        pendingExit = ExitInfo.of(kind, code, msg, "", initialized);
    }

    // ================================================================== callback invocation

    /** Thrown into a policy callback (from a helper) when it ran past its wall-clock budget. */
    static final class BudgetExceeded extends Error {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("callback ran past its wall-clock budget", null, false, false);
        }
    }

    private void enter(Ctx c, Op op, TaskStruct task, int cpu) {
        ctx = c;
        currentOp = op;
        currentTask = task;
        thisCpu = cpu;
        callbackStart = System.nanoTime();
        dsqWalks.enter();
    }

    private void leave() {
        dsqWalks.leave();
        long took = System.nanoTime() - callbackStart;
        if (took > budgetNs && currentOp != null) {
            runaway(took);
        }
        ctx = Ctx.ENGINE;
        currentOp = null;
        currentTask = null;
    }

    /** Helpers call this: a callback that keeps calling helpers past its budget is unwound. */
    void checkBudget() {
        if (currentOp != null && System.nanoTime() - callbackStart > budgetNs) {
            throw new BudgetExceeded();
        }
    }

    private void runaway(long tookNs) {
        error(ExitKind.ERROR, String.format("ops.%s() ran for %d ms of wall-clock time, over its budget of %d ms",
                currentOp.kernelName(), tookNs / 1_000_000, budgetNs / 1_000_000));
    }

    private void threw(Throwable t) {
        if (t instanceof BudgetExceeded) {
            runaway(System.nanoTime() - callbackStart);
            return;
        }
        if (t instanceof VirtualMachineError v && !(t instanceof StackOverflowError)) {
            throw v;
        }
        StackTraceElement[] st = t.getStackTrace();
        String at = st.length > 0 ? " at " + st[0] : "";
        error(ExitKind.ERROR, "ops." + currentOp.kernelName() + "() threw " + t + at);
    }

    /** The helpers as policies see them: logged through {@link KfuncLog} while a sink wants calls. */
    private Scx policyView() {
        return callsLogged ? KfuncLog.wrap(this, helpers) : helpers;
    }

    /** Reports a helper call (made by the policy inside a callback) to call-log sinks. */
    void logKfunc(String name, int pid, String args, String result) {
        for (EventSink s : sinks) {
            if (s.wantsCalls()) {
                s.onCall(now, thisCpu, "kfunc", name, pid, args, result);
            }
        }
    }

    /** Reports a callback made on {@code cpu} (the CPU the callback runs on, its "this CPU") to call-log sinks. */
    private void logCall(int cpu, String name, TaskStruct p, String args, String result) {
        for (EventSink s : sinks) {
            if (s.wantsCalls()) {
                s.onCall(now, cpu, "op", name, p == null ? -1 : p.pid(), args, result);
            }
        }
    }

    /** For callbacks made while disabling: errors there cannot eject anything any more, so they are only logged. */
    private void safeCall(Runnable call, Op op, TaskStruct p) {
        Ctx saved = ctx;
        enter(Ctx.UNLOCKED, op, p, p == null ? 0 : p.cpu);
        try {
            call.run();
        } catch (BudgetExceeded e) {
            // nothing left to eject
        } catch (RuntimeException | StackOverflowError e) {
            // the policy is going away; keep going
        } finally {
            leave();
            ctx = saved;
        }
    }

    private int callSelectCpu(TaskStruct p, int prev, long wakeFlags) {
        enter(Ctx.SELECT_CPU, Op.SELECT_CPU, p, prev);
        int cpu = prev;
        try {
            cpu = ops.selectCpu(p, prev, wakeFlags);
        } catch (Throwable t) {
            threw(t);
        } finally {
            leave();
        }
        if (callsLogged) {
            logCall(prev, "select_cpu", p, "prev_cpu=" + prev + " wake_flags=0x" + Long.toHexString(wakeFlags), Integer.toString(cpu));
        }
        return cpu;
    }

    /**
     * Calls one of the policy's void callbacks without allocating: enters the callback's context ({@code SCX_KF_*}
     * mask, the task it operates on, "this" CPU), restores the caller's context afterwards so callbacks may nest
     * (dequeue inside dispatch, update_idle inside a pick), turns an exception or an overrun into an ejection, and
     * reports the call to call-log sinks. An absent callback, or any callback once an exit was claimed, is skipped.
     *
     * @param p   the task argument ({@code prev} for dispatch and cpu_release), or null
     * @param arg the callback's flags, or 1/0 for its boolean argument
     */
    private void invoke(Op op, TaskStruct p, int cpu, long arg) {
        if (!policyActive() || !implemented.contains(op)) {
            return;
        }
        if (callsLogged) {
            logCall(cpu, op.kernelName(), p, describeArgs(op, cpu, arg), "");
        }
        Ctx savedCtx = ctx;
        Op savedOp = currentOp;
        TaskStruct savedTask = currentTask;
        int savedCpu = thisCpu;
        long savedStart = callbackStart;
        boolean operatesOnTask = op != Op.DISPATCH && op != Op.CPU_RELEASE && op != Op.CPU_ONLINE
                && op != Op.CPU_OFFLINE;
        enter(contextOf(op), op, operatesOnTask ? p : null, cpu);
        try {
            switch (op) {
                case ENQUEUE -> ops.enqueue(p, arg);
                case DEQUEUE -> ops.dequeue(p, arg);
                case DISPATCH -> ops.dispatch(cpu, p);
                case TICK -> ops.tick(p);
                case RUNNABLE -> ops.runnable(p, arg);
                case RUNNING -> ops.running(p);
                case STOPPING -> ops.stopping(p, arg != 0);
                case QUIESCENT -> ops.quiescent(p, arg);
                case ENABLE -> ops.enable(p);
                case DISABLE -> ops.disable(p);
                case SET_WEIGHT -> ops.setWeight(p, p.weight());
                case SET_CPUMASK -> ops.setCpumask(p, p.cpusAllowed());
                case YIELD -> ops.yield(p, null);
                case UPDATE_IDLE -> ops.updateIdle(cpu, arg != 0);
                case CPU_ACQUIRE -> ops.cpuAcquire(cpu, io.scx4j.api.CpuAcquireArgs.INSTANCE);
                case CPU_RELEASE -> ops.cpuRelease(cpu, new CpuReleaseArgs(preemptReason(p), p));
                case CPU_ONLINE -> ops.cpuOnline(cpu);
                case CPU_OFFLINE -> ops.cpuOffline(cpu);
                case EXIT_TASK -> ops.exitTask(p, new ExitTaskArgs(arg != 0));
                default -> throw new IllegalArgumentException("ops." + op.kernelName() + " is not a void callback");
            }
        } catch (Throwable t) {
            threw(t);
        } finally {
            leave();
            ctx = savedCtx;
            currentOp = savedOp;
            currentTask = savedTask;
            thisCpu = savedCpu;
            callbackStart = savedStart;
        }
    }

    /** {@code ops.update_idle}, for the idle tracker. */
    void callUpdateIdle(int cpu, boolean isIdle) {
        invoke(Op.UPDATE_IDLE, null, cpu, isIdle ? 1 : 0);
    }

    /** The kfunc context ({@code SCX_KF_*}) the kernel grants while {@code op} runs (reference §3.1). */
    private static Ctx contextOf(Op op) {
        return switch (op) {
            case SELECT_CPU -> Ctx.SELECT_CPU;
            case ENQUEUE -> Ctx.ENQUEUE;
            case DISPATCH -> Ctx.DISPATCH;
            case CPU_RELEASE -> Ctx.CPU_RELEASE;
            case INIT, INIT_TASK, EXIT_TASK, EXIT, DUMP, CGROUP_INIT, CGROUP_EXIT, CGROUP_PREP_MOVE,
                    CGROUP_CANCEL_MOVE, CGROUP_SET_WEIGHT, CGROUP_SET_BANDWIDTH, CGROUP_SET_IDLE, CPU_ONLINE,
                    CPU_OFFLINE -> Ctx.UNLOCKED;
            default -> Ctx.REST;
        };
    }

    private static String describeArgs(Op op, int cpu, long arg) {
        return switch (op) {
            case ENQUEUE, RUNNABLE -> "enq_flags=0x" + Long.toHexString(arg);
            case DEQUEUE, QUIESCENT -> "deq_flags=0x" + Long.toHexString(arg);
            case STOPPING -> "runnable=" + (arg != 0);
            case UPDATE_IDLE -> "cpu=" + cpu + " idle=" + (arg != 0);
            case EXIT_TASK -> "cancelled=" + (arg != 0);
            case DISPATCH, CPU_ACQUIRE, CPU_RELEASE, CPU_ONLINE, CPU_OFFLINE -> "cpu=" + cpu;
            default -> "";
        };
    }

    private int callInit() {
        enter(Ctx.UNLOCKED, Op.INIT, null, 0);
        int ret = 0;
        try {
            // the same view as Scx.current(): a policy that keeps init's Scx (lavd does) still has its calls logged
            ret = ops.init(policyView());
        } catch (Throwable t) {
            threw(t);
        } finally {
            leave();
        }
        if (pendingExit == null && !Errno.isValidResult(ret)) {
            error(ExitKind.ERROR, "ops.init() returned an invalid errno " + ret);
            ret = -Errno.EPROTO;
        }
        return ret;
    }

    private int callInitTask(TaskStruct p, boolean fork) {
        enter(Ctx.UNLOCKED, Op.INIT_TASK, p, p.cpu);
        int ret = 0;
        try {
            ret = ops.initTask(p, new InitTaskArgs(fork, p.cgroup()));
        } catch (Throwable t) {
            threw(t);
            ret = -Errno.EINVAL;
        } finally {
            leave();
        }
        if (!Errno.isValidResult(ret)) {
            error(ExitKind.ERROR, "ops.init_task() returned an invalid errno " + ret + " for " + p);
            ret = -Errno.EPROTO;
        }
        if (ret == 0) {
            p.scxState = TaskStruct.ScxState.READY;
        }
        return ret;
    }

    // ================================================================== results and checks

    public long now() {
        return now;
    }

    public void addSink(EventSink sink) {
        sinks = java.util.Arrays.copyOf(sinks, sinks.length + 1);
        sinks[sinks.length - 1] = sink;
        callsLogged |= sink.wantsCalls();
    }

    public boolean policyLoaded() {
        return policyActive();
    }

    public List<ExitInfo> exits() {
        return List.copyOf(exits);
    }

    public void setAfterStep(Runnable hook) {
        afterStep = hook;
    }

    public io.scx4j.core.RunResult result(String policyName) {
        machine.flush();
        List<io.scx4j.core.TaskResult> taskResults = new ArrayList<>(tasks.size());
        for (TaskStruct p : tasks) {
            TaskCounters c = p.counters;
            var h = c.wakeLatency;
            boolean any = h.getTotalCount() > 0;
            taskResults.add(new io.scx4j.core.TaskResult(p.pid(), p.comm(), p.spec.group(), p.sumExec, c.waitNs, c.wakeups,
                    any ? h.getValueAtPercentile(50) : 0, any ? h.getValueAtPercentile(99) : 0, any ? h.getMaxValue() : 0,
                    c.voluntarySwitches, c.involuntarySwitches, c.migrations, c.migrationsSameCore,
                    c.migrationsSameLlc, c.migrationsSameNode, c.migrationsCrossNode, c.enqueues, c.timerPeriods,
                    c.timerMisses, h.copy(), c.lockAcquisitions, c.lockWaitNs, c.lockWaitMaxNs, c.cacheWarmupNs));
        }
        List<io.scx4j.core.CpuResult> cpuResults = new ArrayList<>(cpus.length);
        double energyJ = 0;
        for (CpuRq rq : cpus) {
            cpuResults.add(new io.scx4j.core.CpuResult(rq.cpu, rq.busyNs, rq.contextSwitches, rq.idleNs, rq.energyJ));
            energyJ += rq.energyJ;
        }
        return new io.scx4j.core.RunResult(policyName, now, taskResults, cpuResults, List.copyOf(exits),
                eventCounters(), energyJ);
    }

    /** See {@link io.scx4j.core.Engine#checkInvariants()}. */
    public void checkInvariants() {
        proxy.checkInvariants();
        int[] running = new int[tasks.size()];
        for (CpuRq rq : cpus) {
            TaskStruct t = rq.curr;
            if (t == null) {
                continue;
            }
            if (running[t.id]++ > 0) {
                throw new IllegalStateException(t + " runs on two CPUs");
            }
            if (t.cpu != rq.cpu) {
                throw new IllegalStateException(t + " runs on CPU " + rq.cpu + " but task_cpu is " + t.cpu);
            }
            if (!rq.online) {
                throw new IllegalStateException(t + " runs on CPU " + rq.cpu + ", which is offline");
            }
            if (!t.cpusAllowed().contains(rq.cpu)) {
                throw new IllegalStateException(t + " runs on CPU " + rq.cpu + " outside its cpumask " + t.cpusAllowed());
            }
            if (t.runState != TaskStruct.RunState.RUNNING) {
                throw new IllegalStateException(t + " is current on CPU " + rq.cpu + " but " + t.runState);
            }
        }
        for (TaskStruct t : tasks) {
            int places = running[t.id] + (t.dsq != null ? 1 : 0) + (t.onFairRq ? 1 : 0) + (t.opsQueued ? 1 : 0)
                    + (t.onRtRq ? 1 : 0);
            switch (t.runState) {
                case RUNNING -> {
                    if (places != 1) {
                        throw new IllegalStateException(t + " is running and in " + places + " places");
                    }
                }
                case RUNNABLE -> {
                    if (places != 1) {
                        throw new IllegalStateException(t + " is runnable and in " + places + " places (dsq="
                                + (t.dsq == null ? "-" : t.dsq.name()) + ", fair=" + t.onFairRq + ", policy="
                                + t.opsQueued + ")");
                    }
                    if (t.ext != (ops != null && t.scxState == TaskStruct.ScxState.ENABLED)) {
                        throw new IllegalStateException(t + " class does not match the loaded policy");
                    }
                    PossibleMask.checkNotQueuedOffline(this, t);
                    if (t.dsq != null && t.dsq.cpu >= 0 && !t.cpusAllowed().contains(t.dsq.cpu)) {
                        throw new IllegalStateException(t + " waits on the local DSQ of CPU " + t.dsq.cpu
                                + " outside its cpumask");
                    }
                }
                default -> {
                    if (places != 0) {
                        throw new IllegalStateException(t + " is " + t.runState + " but queued in " + places + " places");
                    }
                }
            }
        }
    }

    public ScxEvents eventCounters() {
        return new ScxEvents(evSelectCpuFallback, evDispatchLocalDsqOffline, evDispatchKeepLast, evEnqSkipExiting, 0,
                evRefillSliceDfl, 0, 0, 0, immed.evReenqImmed, immed.evReenqRepeat);
    }
}
