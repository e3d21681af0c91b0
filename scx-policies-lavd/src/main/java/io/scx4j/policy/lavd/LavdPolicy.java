package io.scx4j.policy.lavd;

import io.scx4j.api.BpfTimer;
import io.scx4j.api.DeqFlags;
import io.scx4j.api.Dsq;
import io.scx4j.api.DsqIterator;
import io.scx4j.api.EnqFlags;
import io.scx4j.api.Errno;
import io.scx4j.api.ExitTaskArgs;
import io.scx4j.api.InitTaskArgs;
import io.scx4j.api.KickFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.api.TaskFlags;
import io.scx4j.api.WakeFlags;
import io.scx4j.arena.ContextTable;
import io.scx4j.arena.CpuBitmap;
import io.scx4j.arena.LongField;
import io.scx4j.arena.RecordLayout;
import io.scx4j.lib.VtimeClock;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code lavd}: scx_lavd, the Latency-criticality Aware Virtual Deadline scheduler (sched-ext/scx
 * {@code scheds/rust/scx_lavd}, read at 7a58a3a1a857; reference policies.md §1), ported to scx4j.
 *
 * <p><b>How it schedules.</b>
 * <ol>
 *   <li><b>Measure.</b> Every task's run bursts ({@code running}/{@code tick}/{@code stopping}), how often it
 *       sleeps ({@code quiescent}: wait frequency), how often it wakes others ({@code runnable} of its wakees: wake
 *       frequency) and how often it runs (run frequency) are kept as integer EWMAs in an off-heap per-task record
 *       ({@link TaskCtx}).</li>
 *   <li><b>Score.</b> At each enqueue the task's latency criticality is computed from those ({@link LatCri}), and
 *       from it a virtual deadline ({@link Deadline}): the more critical, the nearer.</li>
 *   <li><b>Queue.</b> CPUs are grouped into compute domains (NUMA node × LLC × core type, {@link ComputeDomains});
 *       each has a deadline-ordered DSQ. A waking task looks for an idle CPU in its "sticky" domain (its previous
 *       CPU's, or the other core type's when it is (not) performance critical) and is dispatched straight to it;
 *       otherwise it is queued by deadline on its domain's DSQ. Pinned tasks use per-core DSQs.</li>
 *   <li><b>Preempt.</b> A task among the most critical (top ~0.5^{@code preempt-shift}) that found no idle CPU
 *       picks a victim running something less critical that will run longer ("power of two choices") and shrinks
 *       the victim's slice to 1 ns, so it yields at its next tick.</li>
 *   <li><b>Dispatch.</b> A CPU takes the earliest deadline among its per-core and domain DSQs; a domain planned as
 *       a <em>stealer</em> first steals from overloaded neighbours; an idle CPU with nothing local force-steals.
 *   </li>
 *   <li><b>Every 10 ms</b> (a {@link BpfTimer} armed in {@code ops.init} and re-armed by its callback, as upstream's
 *       {@code update_timer_cb} in {@code sys_stat.bpf.c}; it runs even on an idle machine) system
 *       statistics are folded ({@link SysStat}): utilisation, average/maximum lat_cri and the preemption
 *       threshold, the time slice ({@link TimeSlice}), the power mode (autopilot), the active CPU set (core
 *       compaction: only as many CPUs as half-load capacity requires stay active, in a performance or power-saving
 *       order; the rest idle unless pinned work needs them), per-CPU frequency targets ({@code cpuperf_set}), the
 *       big/little split and the load-balancing plan ({@link PowerMath}).</li>
 * </ol>
 *
 * <p><b>State.</b> Per-task and per-CPU state live in scx-arena structures ({@link TaskCtx} on a slab,
 * {@link CpuCtx} and the domain table in per-CPU {@link ContextTable}s, active/overflow sets in
 * {@link CpuBitmap}s). The scheduling callbacks allocate nothing; the 10 ms pass allocates a few CPU masks only when
 * the active set changed.
 *
 * <p><b>What differs from upstream</b> (see the module README for the full list): no futex lock-holder boost, no
 * turbulent-CPU DSQs (the engine models no IRQ steal time), no warm-CPU placement, no cgroup bandwidth, no energy
 * model (the no-EM CPU orders are used), task donation across domains is not ported, the waker's "same real
 * parent" test always passes (no process tree; all workload tasks share a launcher). Queued load is upstream's
 * {@code util_est}, the task's running duty cycle as the scx library's running average ({@link io.scx4j.lib.Ravg},
 * 128 ms half-life); the per-CPU duty cycle ({@code cpuc->util_est}) is not kept, as it feeds only the turbulent-CPU
 * threshold, which is not ported.
 */
public final class LavdPolicy implements SchedOps {
    private static final RecordLayout DOM_LAYOUT = RecordLayout.builder("lavd_cpdom_ctx")
            .i64("is_stealer").i64("is_stealee").i64("qload").i64("nr_active_cpus").i64("cap_sum_active")
            .i64("stealer_budget_invr").i64("stealee_budget_invr")
            .build();
    private static final LongField DOM_IS_STEALER = DOM_LAYOUT.longField("is_stealer");
    private static final LongField DOM_IS_STEALEE = DOM_LAYOUT.longField("is_stealee");
    private static final LongField DOM_QLOAD = DOM_LAYOUT.longField("qload");
    private static final LongField DOM_NR_ACTIVE = DOM_LAYOUT.longField("nr_active_cpus");
    private static final LongField DOM_CAP_ACTIVE = DOM_LAYOUT.longField("cap_sum_active");
    /** How much load a stealer domain may still take in this balancing round (half its deficit). */
    private static final LongField DOM_STEALER_BUDGET = DOM_LAYOUT.longField("stealer_budget_invr");
    /** How much load may still be stolen from a stealee domain in this round (half its excess). */
    private static final LongField DOM_STEALEE_BUDGET = DOM_LAYOUT.longField("stealee_budget_invr");

    /** {@code LAVD_CC_CPU_PIN_INTERVAL_DIV}: an idle overflow CPU stays with probability 1/25 per 10 ms. */
    static final int CPU_PIN_INTERVAL_DIV = 25;

    private final LavdOptions opt;
    private final SysStat sys = new SysStat();
    private final TaskCtx tctx;
    private @Nullable Scx scx;
    private @Nullable ComputeDomains cd;
    private @Nullable CpuCtx cctx;
    private @Nullable ContextTable domCtx;
    private @Nullable CpuBitmap active;
    private @Nullable CpuBitmap overflow;
    private @Nullable OnlineCpus onl;
    private long[] maskWords = new long[0];
    private CpuMask usable = CpuMask.empty();
    private CpuMask[] domainUsable = new CpuMask[0];
    private int[][] domainCpuIds = new int[0][];
    private CpuMask bigMask = CpuMask.empty();
    private CpuMask littleMask = CpuMask.empty();
    private int[] performanceOrder = new int[0];
    private int[] powersaveOrder = new int[0];
    private int littleCoreCapacity;
    private int[] orderCaps = new int[0];
    /**
     * The active/overflow masks hold the performance layout ({@code reinit_active_cpumask_for_performance} ran since
     * the last compaction pass); only the pass that sets it up kicks.
     */
    private boolean performanceMasks;
    private long[] domainLoad = new long[0];
    private boolean smt;
    private long curLogicalClk;
    private long curSvcTimeIwgt;
    private long rng;
    /** Result side channel of {@link #pickIdleCpu}: whether the CPU returned was claimed idle. */
    private boolean pickedIdle;

    /** A policy with {@code options}. */
    public LavdPolicy(LavdOptions options) {
        this.opt = Objects.requireNonNull(options, "options");
        this.tctx = new TaskCtx(options.maxTasks());
        this.rng = options.seed() == 0 ? 0x9e3779b97f4a7c15L : options.seed();
        // load and initialise the arena classes ops.init uses now, outside the callback's wall-clock budget
        CpuBitmap.create(1).set(0);
        ContextTable.perCpu(CpuCtx.LAYOUT, 1).set(0, CpuCtx.FLAGS, 0);
        ContextTable.perCpu(DOM_LAYOUT, 1).set(0, DOM_QLOAD, 0);
    }

    /** A policy with upstream's defaults. */
    public LavdPolicy() {
        this(LavdOptions.defaults());
    }

    @Override
    public String name() {
        return "lavd";
    }

    /** The options this policy runs with. */
    public LavdOptions options() {
        return opt;
    }

    /** A snapshot of the system statistics scx_lavd reports (§1.14); see {@link LavdStats}. */
    public LavdStats stats() {
        return LavdStats.of(sys);
    }

    /** The per-task sample of {@code p} (§1.14), or null if LAVD holds no context for it. */
    public @Nullable LavdTaskStats taskStats(Task p) {
        long off = tctx.of(p);
        if (off < 0) {
            return null;
        }
        long lc = tctx.get(off, TaskCtx.LAT_CRI);
        return new LavdTaskStats(p.pid(), p.comm(), lc, sys.avgLatCri, tctx.get(off, TaskCtx.PERF_CRI),
                sys.thrPerfCri, tctx.get(off, TaskCtx.WAIT_FREQ), tctx.get(off, TaskCtx.WAKE_FREQ),
                tctx.get(off, TaskCtx.RUN_FREQ), tctx.get(off, TaskCtx.AVG_RUNTIME_WALL),
                tctx.get(off, TaskCtx.SLICE_WALL), lc >= sys.avgLatCri, cd != null && isPerfCri(off),
                tctx.test(off, TaskCtx.F_GREEDY), tctx.get(off, TaskCtx.WAKER_PID), tctx.get(off, TaskCtx.UTIL_EST));
    }

    /** The per-task arena, for tests in this package. */
    TaskCtx taskCtx() {
        return tctx;
    }

    /** The compute domains built at init, one line (for logs and tests); empty before init. */
    public String describeDomains() {
        return cd == null ? "" : cd.toString();
    }

    /** The CPUs in the active set (core compaction), a snapshot; empty before init. */
    public CpuMask activeCpus() {
        CpuBitmap a = active;
        if (a == null) {
            return CpuMask.empty();
        }
        CpuMask.Builder b = CpuMask.builder();
        a.forEach(b::set);
        return b.build();
    }

    /** The CPUs LAVD counts as online ({@code cpu_ctx.is_online}), a snapshot; empty before init. */
    public CpuMask onlineCpus() {
        OnlineCpus o = onl;
        return o == null ? CpuMask.empty() : o.mask();
    }

    // ================================================================== load

    /** {@code ops.init} ({@code lavd_init}): compute domains, their DSQs, per-core DSQs, CPU orders, stats. */
    @Override
    public int init(Scx s) {
        this.scx = Objects.requireNonNull(s, "scx");
        Topology topo = s.topology();
        ComputeDomains d = new ComputeDomains(topo);
        this.cd = d;
        this.cctx = new CpuCtx(d.nrCpus);
        this.domCtx = ContextTable.perCpu(DOM_LAYOUT, d.nrDomains);
        this.active = CpuBitmap.create(d.nrCpus);
        this.overflow = CpuBitmap.create(d.nrCpus);
        this.onl = new OnlineCpus(s.onlineCpumask(), d.capacity, d.cpdomOfCpu, d.nrDomains);
        this.maskWords = new long[(d.nrCpus + 63) / 64 * 3];
        this.domainUsable = new CpuMask[d.nrDomains];
        this.domainCpuIds = new int[d.nrDomains][];
        this.orderCaps = new int[d.nrCpus];
        this.domainLoad = new long[d.nrDomains];
        for (int i = 0; i < d.nrDomains; i++) {
            domainCpuIds[i] = d.domainCpus[i].toArray();
            int ret = s.createDsq(ComputeDomains.dsqId(i), d.domainNode[i]);
            if (ret < 0) {
                return ret;
            }
        }
        if (opt.usePerCpuDsq()) {
            for (int cpu = 0; cpu < d.nrCpus; cpu++) {
                if (d.primaryCpu[cpu] == cpu) {
                    int ret = s.createDsq(d.cpuDsqId(cpu), s.cpuNode(cpu));
                    if (ret < 0) {
                        return ret;
                    }
                }
            }
        }
        CpuMask.Builder bigB = CpuMask.builder();
        CpuMask.Builder littleB = CpuMask.builder();
        int little = Integer.MAX_VALUE;
        for (int cpu = 0; cpu < d.nrCpus; cpu++) {
            if (d.big[cpu]) {
                bigB.set(cpu);
            } else {
                littleB.set(cpu);
                little = Math.min(little, d.capacity[cpu]);
            }
        }
        bigMask = bigB.build();
        littleMask = littleB.build();
        littleCoreCapacity = little == Integer.MAX_VALUE ? d.maxCapacity : little;
        smt = topo.smtActive();
        buildCpuOrders(topo, d);

        sys.lastUpdateClk = s.now();
        sys.sliceWall = opt.sliceMaxNs();
        sys.nrActive = d.nrCpus;
        sys.powerMode = opt.powerMode() == null ? PowerMode.PERFORMANCE : opt.powerMode();
        doCoreCompaction();
        // init_sys_stat: bpf_timer_init + bpf_timer_set_callback(update_timer_cb) + bpf_timer_start(10 ms)
        s.timerInit("lavd_update_timer", this::updateTimer).start(SysStat.INTERVAL_NS);
        return 0;
    }

    /** The CPU preference orders of {@code cpu_order.rs} (no energy model): {@link CpuOrders}. */
    private void buildCpuOrders(Topology topo, ComputeDomains d) {
        performanceOrder = CpuOrders.performance(topo, d);
        powersaveOrder = CpuOrders.powersave(topo, d);
    }

    // ================================================================== task lifecycle

    /** {@code ops.init_task}: a zeroed arena record; {@code -ENOMEM} when the per-task arena is full. */
    @Override
    public int initTask(Task p, InitTaskArgs args) {
        if (!tctx.create(p)) {
            return -Errno.ENOMEM;
        }
        long off = tctx.of(p);
        long now = scx().now();
        tctx.set(off, TaskCtx.LAST_QUIESCENT_CLK, now);
        tctx.set(off, TaskCtx.LAST_RUNNABLE_CLK, now);
        setAffinityFlags(p, off, p.cpusAllowed());
        return 0;
    }

    /** {@code ops.exit_task}: frees the record (and a pinned-task count it still held). */
    @Override
    public void exitTask(Task p, ExitTaskArgs args) {
        long off = tctx.of(p);
        if (off >= 0) {
            releasePinned(off);
            unaccountQueuedLoad(off);
        }
        tctx.free(p);
    }

    /** {@code ops.enable}: a task entering the policy starts at the current minimum service time. */
    @Override
    public void enable(Task p) {
        long off = tctx.of(p);
        if (off >= 0) {
            tctx.set(off, TaskCtx.SVC_TIME_IWGT, curSvcTimeIwgt);
        }
    }

    /** {@code ops.set_cpumask}: re-derive the affinitized / may-run-on-big / may-run-on-little flags. */
    @Override
    public void setCpumask(Task p, CpuMask cpumask) {
        long off = tctx.of(p);
        if (off >= 0) {
            setAffinityFlags(p, off, cpumask);
        }
    }

    private void setAffinityFlags(Task p, long off, CpuMask mask) {
        ComputeDomains d = domains();
        if (mask.weight() < d.nrCpus) {
            tctx.setFlag(off, TaskCtx.F_AFFINITIZED);
        } else {
            tctx.resetFlag(off, TaskCtx.F_AFFINITIZED);
        }
        if (mask.intersects(bigMask)) {
            tctx.setFlag(off, TaskCtx.F_ON_BIG);
        } else {
            tctx.resetFlag(off, TaskCtx.F_ON_BIG);
        }
        if (mask.intersects(littleMask)) {
            tctx.setFlag(off, TaskCtx.F_ON_LITTLE);
        } else {
            tctx.resetFlag(off, TaskCtx.F_ON_LITTLE);
        }
    }

    // ================================================================== wake-up path

    /**
     * {@code ops.select_cpu} ({@code lavd_select_cpu}): note sync and hard-IRQ wake-ups for the latency score,
     * pick an idle CPU ({@link #pickIdleCpu}) and, if it is free with nothing queued, dispatch there directly.
     */
    @Override
    public int selectCpu(Task p, int prevCpu, long wakeFlags) {
        Scx s = scx();
        long now = s.now();
        long off = tctx.of(p);
        if (off < 0) {
            return prevCpu;
        }
        if (!opt.noWakeSync() && (wakeFlags & WakeFlags.SYNC) != 0) {
            tctx.setFlag(off, TaskCtx.F_SYNC_WAKEUP);
        } else {
            tctx.resetFlag(off, TaskCtx.F_SYNC_WAKEUP);
        }
        if (s.inHardirq()) {
            tctx.setFlag(off, TaskCtx.F_WOKEN_BY_HARDIRQ);
            tctx.resetFlag(off, TaskCtx.F_WOKEN_BY_SOFTIRQ);
        }
        int cpu = pickIdleCpu(p, off, prevCpu, wakeFlags);
        boolean idle = pickedIdle;
        if (cpu < 0) {
            cpu = prevCpu;
        }
        tctx.set(off, TaskCtx.SUGGESTED_CPU_ID, cpu);
        if (idle) {
            tctx.setFlag(off, TaskCtx.F_IDLE_CPU_PICKED);
            if (canDirectDispatch(cpu, true)) {
                p.setDsqVtime(calcWhenToRun(p, off));
                accountQueuedLoad(off, domains().cpdomOfCpu[cpu], cpu);
                s.dsqInsert(p, Dsq.LOCAL, TimeSlice.SLICE_MAX_NS_DFL, 0);
            }
        } else {
            tctx.resetFlag(off, TaskCtx.F_IDLE_CPU_PICKED);
        }
        return cpu;
    }

    /**
     * {@code ops.runnable} ({@code lavd_runnable}): reset the burst's runtime; for a genuine task-to-task wake-up
     * within one process, update the waker's wake frequency and exchange latency criticality (forward to the
     * wakee, backward to the waker).
     */
    @Override
    public void runnable(Task p, long enqFlags) {
        Scx s = scx();
        long off = tctx.of(p);
        if (off < 0) {
            return;
        }
        tctx.set(off, TaskCtx.ACC_RUNTIME_WALL, 0);
        tctx.set(off, TaskCtx.ACC_RUNTIME_INVR, 0);
        if ((enqFlags & EnqFlags.WAKEUP) == 0
                || (enqFlags & (EnqFlags.PREEMPT | EnqFlags.REENQ | EnqFlags.LAST)) != 0 || s.inHardirq()) {
            return;
        }
        Task waker = s.currentTask();
        // upstream also requires p->real_parent == waker->real_parent; scx4j has no process tree, and every task of
        // a workload counts as a child of the same launcher (as rt-app's threads share rt-app's parent)
        if (waker == null || waker.kthread() != p.kthread()) {
            return;
        }
        if (isRtOrDl(waker)) {
            tctx.setFlag(off, TaskCtx.F_WOKEN_BY_RT_DL);
        } else {
            tctx.resetFlag(off, TaskCtx.F_WOKEN_BY_RT_DL);
        }
        long w = tctx.of(waker);
        if (w < 0) {
            return;
        }
        long now = s.now();
        long interval = now - tctx.get(w, TaskCtx.LAST_RUNNABLE_CLK);
        if (interval >= LatCri.WAKE_INTERVAL_MIN_NS) {
            tctx.set(w, TaskCtx.WAKE_FREQ, Ewma.avgFreq(tctx.get(w, TaskCtx.WAKE_FREQ), interval));
            tctx.set(w, TaskCtx.LAST_RUNNABLE_CLK, now);
        }
        long wakeeLc = tctx.get(off, TaskCtx.LAT_CRI);
        tctx.set(off, TaskCtx.LAT_CRI_WAKER, tctx.get(w, TaskCtx.LAT_CRI));
        if (tctx.get(w, TaskCtx.LAT_CRI_WAKEE) < wakeeLc) {
            tctx.set(w, TaskCtx.LAT_CRI_WAKEE, wakeeLc);
        }
        tctx.set(off, TaskCtx.WAKER_PID, waker.pid());
    }

    /**
     * {@code ops.enqueue} ({@code lavd_enqueue}): compute the deadline, choose a CPU, then dispatch directly to an
     * idle (or nearly idle) CPU, or queue by deadline on the per-core or domain DSQ; with no idle CPU, try to
     * preempt a less critical task.
     */
    @Override
    public void enqueue(Task p, long enqFlags) {
        Scx s = scx();
        long now = s.now();
        long off = tctx.of(p);
        ComputeDomains d = domains();
        if (off < 0) {
            s.error("lavd: task %d (%s) has no task context at enqueue", p.pid(), p.comm());
            return;
        }
        if ((enqFlags & EnqFlags.REENQ) != 0) {
            int cpu = tctx.get(off, TaskCtx.SUGGESTED_CPU_ID);
            if (cpu < 0 || !p.cpusAllowed().contains(cpu)) {
                cpu = s.taskCpu(p);
            }
            long vtime = calcWhenToRun(p, off);
            s.dsqInsertVtime(p, targetDsq(p, cpu), p.slice(), vtime, enqFlags);
            return;
        }
        if ((enqFlags & EnqFlags.WAKEUP) != 0) {
            tctx.setFlag(off, TaskCtx.F_WAKEUP);
        } else {
            tctx.resetFlag(off, TaskCtx.F_WAKEUP);
        }
        long vtime = calcWhenToRun(p, off);
        long slice = TimeSlice.SLICE_MIN_NS_DFL;

        int cpu;
        boolean idle;
        if ((enqFlags & EnqFlags.CPU_SELECTED) == 0) {
            int prev = s.taskCpu(p);
            if (!p.cpusAllowed().contains(prev)) {
                prev = p.cpusAllowed().first();
            }
            cpu = pickIdleCpu(p, off, prev, 0);
            idle = pickedIdle;
            if (cpu < 0) {
                cpu = prev;
            }
        } else {
            cpu = s.taskCpu(p);
            idle = tctx.test(off, TaskCtx.F_IDLE_CPU_PICKED);
            tctx.resetFlag(off, TaskCtx.F_IDLE_CPU_PICKED);
        }
        int cpdom = d.cpdomOfCpu[cpu];
        tctx.set(off, TaskCtx.SUGGESTED_CPU_ID, cpu);
        tctx.set(off, TaskCtx.CPDOM_ID, cpdom);

        if (effectivelyPinned(p) && tctx.get(off, TaskCtx.PINNED_CPU_ID) < 0) {
            tctx.set(off, TaskCtx.PINNED_CPU_ID, cpu);
            cpus().add(cpu, CpuCtx.NR_PINNED_TASKS, 1);
        }

        if (canDirectDispatch(cpu, idle)) {
            s.dsqInsert(p, Dsq.localOn(cpu), slice, enqFlags);
            accountQueuedLoad(off, cpdom, cpu);
        } else {
            long dsq = targetDsq(p, cpu);
            s.dsqInsertVtime(p, dsq, slice, vtime, enqFlags);
            accountQueuedLoad(off, cpdom, dsq == ComputeDomains.dsqId(cpdom) ? -1 : cpu);
        }

        if (idle) {
            s.kickCpu(cpu, KickFlags.IDLE);
            return;
        }
        if (!opt.noPreemption()) {
            tryFindAndKickVictim(p, off, cpu, cpdom, now);
        }
    }

    /** {@code ops.dequeue}: the task left LAVD's custody; drop its queued-load account. */
    @Override
    public void dequeue(Task p, long deqFlags) {
        long off = tctx.of(p);
        if (off >= 0) {
            unaccountQueuedLoad(off);
        }
    }

    // ================================================================== dispatch

    /**
     * {@code ops.dispatch} ({@code lavd_dispatch}): a CPU outside the active and overflow sets only runs work that
     * must run there (adding itself to the overflow set); otherwise consume the earliest deadline among the
     * per-core and domain DSQs, steal if this domain is a stealer or nothing is queued here, and finally keep
     * {@code prev} running with a fresh slice.
     */
    @Override
    public void dispatch(int cpu, @Nullable Task prev) {
        Scx s = scx();
        ComputeDomains d = domains();
        if (sys.nrActive < online().nr() && !usable.contains(cpu) && !mayRunOnInactive(cpu, prev)) {
            return;
        }
        if (consumeTask(cpu)) {
            return;
        }
        consumePrev(prev, cpu);
    }

    /** The compaction guard of {@code lavd_dispatch}: true (and the CPU joins the overflow set) if work needs it. */
    private boolean mayRunOnInactive(int cpu, @Nullable Task prev) {
        Scx s = scx();
        ComputeDomains d = domains();
        if (opt.usePerCpuDsq() && s.dsqNrQueued(d.cpuDsqId(cpu)) > 0) {
            return joinOverflow(cpu);
        }
        if (prev != null) {
            if (prev.nrCpusAllowed() == 1) {
                return joinOverflow(cpu);
            }
            if (prev.migrationDisabled()) {
                return true;
            }
            long off = tctx.of(prev);
            if (off >= 0 && tctx.test(off, TaskCtx.F_AFFINITIZED) && prev.cpusAllowed().contains(cpu)
                    && !prev.cpusAllowed().intersects(usable)) {
                return joinOverflow(cpu);
            }
        }
        // tasks queued on this domain that can run nowhere in the active/overflow sets but here
        long dsq = ComputeDomains.dsqId(d.cpdomOfCpu[cpu]);
        if (s.dsqNrQueued(dsq) <= 0) {
            return false;
        }
        DsqIterator it = s.dsqIter(dsq, 0);
        while (it.hasNext()) {
            Task t = it.next();
            if (t.cpusAllowed().contains(cpu) && !t.cpusAllowed().intersects(usable)) {
                return joinOverflow(cpu);
            }
        }
        return false;
    }

    private boolean joinOverflow(int cpu) {
        CpuBitmap o = Objects.requireNonNull(overflow);
        if (!o.test(cpu)) {
            o.set(cpu);
            rebuildMasks();
        }
        return true;
    }

    /** {@code consume_task}: steal first if a stealer; then the earlier head of the per-core and domain DSQs. */
    private boolean consumeTask(int cpu) {
        Scx s = scx();
        ComputeDomains d = domains();
        int dom = d.cpdomOfCpu[cpu];
        ContextTable dc = Objects.requireNonNull(domCtx);
        if (online().orphanDomains() > 0 && drainOrphanDomains()) {
            return true;
        }
        if (d.nrDomains > 1 && dc.get(dom, DOM_IS_STEALER) != 0 && trySteal(cpu, dom, false)) {
            return true;
        }
        long domDsq = ComputeDomains.dsqId(dom);
        if (opt.usePerCpuDsq()) {
            long cpuDsq = d.cpuDsqId(cpu);
            Task a = s.dsqPeek(cpuDsq);
            Task b = s.dsqPeek(domDsq);
            if (a != null && (b == null || VtimeClock.timeBefore(a.dsqVtime(), b.dsqVtime()))) {
                if (s.dsqMoveToLocal(cpuDsq)) {
                    return true;
                }
            }
            if (b != null && s.dsqMoveToLocal(domDsq)) {
                return true;
            }
            if (a != null && s.dsqMoveToLocal(cpuDsq)) {
                return true;
            }
        } else if (s.dsqMoveToLocal(domDsq)) {
            return true;
        }
        return d.nrDomains > 1 && opt.migDeltaPct() == 0 && trySteal(cpu, dom, true);
    }

    /**
     * {@code try_to_steal_task} and {@code force_to_steal_task} ({@code balance.bpf.c}): walk the neighbour domains
     * one distance level at a time ({@link ComputeDomains#neighborLevelEnds}) and move the head of the most loaded
     * DSQ there. A planned steal only takes from stealee domains with egress budget left, and only when this domain is
     * active; after a level without success it goes on to the next with probability 1/{@code LAVD_CPDOM_MIG_PROB_FT}
     * (10 ms / 5 ms = 2). A force steal (this domain has nothing queued) takes from any domain at any distance. Both debit the stolen task's load from the stealee's egress and the stealer's ingress
     * budget; a budget used up ends that domain's role for the round, so one plan moves about half the imbalance and
     * a stealer then serves its own queue again.
     */
    private boolean trySteal(int cpu, int dom, boolean force) {
        Scx s = scx();
        ComputeDomains d = domains();
        ContextTable dc = Objects.requireNonNull(domCtx);
        if (!force && dc.get(dom, DOM_NR_ACTIVE) == 0) {
            return false;
        }
        int[] nbr = d.neighbors[dom];
        int[] levelEnds = d.neighborLevelEnds[dom];
        int level = 0;
        for (int i = 0; i < nbr.length; i++) {
            if (i == levelEnds[level]) {
                level++;
                if (!force && (nextRandom() & 1) != 0) {
                    return false;
                }
            }
            int n = nbr[i];
            if (!force && (dc.get(n, DOM_IS_STEALEE) == 0 || dc.get(n, DOM_STEALEE_BUDGET) <= 0)) {
                continue;
            }
            long dsq = mostLoadedDsq(n);
            if (dsq < 0) {
                continue;
            }
            Task head = s.dsqPeek(dsq);
            if (!force && opt.fixStarvation() && head != null && ownHeadIsEarlier(cpu, dom, head.dsqVtime())) {
                return false;
            }
            long headOff = head == null ? -1 : tctx.of(head);
            long load = headOff < 0 ? 0 : taskLoad(headOff);
            if (s.dsqMoveToLocal(dsq)) {
                debitBudget(n, DOM_STEALEE_BUDGET, DOM_IS_STEALEE, load);
                debitBudget(dom, DOM_STEALER_BUDGET, DOM_IS_STEALER, load);
                return true;
            }
        }
        return false;
    }

    /**
     * With {@code fix-starvation} (scx4j only, not upstream): whether this CPU's own domain DSQ (or per-core DSQ) holds
     * a task with an earlier deadline than {@code stolenVtime}; a planned steal then gives way to it. Upstream's
     * stealer steals before it looks at its own queue; when its budget lasts exactly as long as it dispatches within
     * one 10 ms plan, its own queue waits for good (found by {@code LavdNoStarvationPropertyTest}, pinned in
     * {@code LavdStarvationTest}).
     */
    private boolean ownHeadIsEarlier(int cpu, int dom, long stolenVtime) {
        Scx s = scx();
        Task own = s.dsqPeek(ComputeDomains.dsqId(dom));
        if (own != null && VtimeClock.timeBefore(own.dsqVtime(), stolenVtime)) {
            return true;
        }
        if (opt.usePerCpuDsq()) {
            Task core = s.dsqPeek(domains().cpuDsqId(cpu));
            return core != null && VtimeClock.timeBefore(core.dsqVtime(), stolenVtime);
        }
        return false;
    }

    /** {@code decrement_stealee_budget} / {@code decrement_stealer_budget}: a spent budget clears the role. */
    private void debitBudget(int dom, LongField budget, LongField role, long load) {
        ContextTable dc = Objects.requireNonNull(domCtx);
        long left = dc.get(dom, budget) - load;
        dc.set(dom, budget, left);
        if (left <= 0) {
            dc.set(dom, role, 0);
        }
    }

    /**
     * {@code pick_most_loaded_dsq}: the domain's DSQ, or with {@code --per-cpu-dsq} (where per-CPU DSQs hold
     * migratable tasks) the per-CPU DSQ of its core with the most queued load; -1 if nothing is queued there.
     */
    private long mostLoadedDsq(int dom) {
        ComputeDomains d = domains();
        if (!opt.perCpuDsq()) {
            return ComputeDomains.dsqId(dom);
        }
        CpuCtx c = cpus();
        long highest = 0;
        int pick = -1;
        for (int cpu : domainCpuIds[dom]) {
            long load = c.get(cpu, CpuCtx.QLOAD);
            if (load > highest) {
                highest = load;
                pick = cpu;
            }
        }
        return pick < 0 ? -1 : d.cpuDsqId(pick);
    }

    /**
     * Tasks left on the DSQ of a compute domain whose CPUs all went offline (queued before the hotplug, with an
     * affinity that still allows online CPUs) are taken first by any CPU that may run them. Upstream leaves them to
     * the force-steal path, which only runs when a CPU finds its own domain empty; under a sustained overload that
     * never happens and they would wait until the watchdog fires (a deviation, found by the hotplug scenario).
     */
    private boolean drainOrphanDomains() {
        Scx s = scx();
        ComputeDomains d = domains();
        OnlineCpus o = online();
        for (int dom = 0; dom < d.nrDomains; dom++) {
            if (!o.domainOnline(dom)) {
                long dsq = ComputeDomains.dsqId(dom);
                if (s.dsqNrQueued(dsq) > 0 && s.dsqMoveToLocal(dsq)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code consume_prev}: nothing else to run; refill {@code prev}'s slice so it keeps the CPU. */
    private void consumePrev(@Nullable Task prev, int cpu) {
        if (prev == null || (prev.scxFlags() & TaskFlags.QUEUED) == 0) {
            return;
        }
        long off = tctx.of(prev);
        if (off < 0) {
            return;
        }
        foldBurst(prev, off, cpu);
        prev.setSlice(calcTimeSlice(off, cpu));
    }

    // ================================================================== running, tick, stopping, quiescent

    /**
     * {@code ops.running} ({@code lavd_running}): size the slice, advance the logical clock toward the task's
     * deadline, record what now runs on the CPU for preemption, and set the CPU's frequency target.
     */
    @Override
    public void running(Task p) {
        Scx s = scx();
        long now = s.now();
        long off = tctx.of(p);
        if (off < 0) {
            return;
        }
        int cpu = s.taskCpu(p);
        unaccountQueuedLoad(off);
        if (p.slice() == Scx.SLICE_DFL) {
            p.setDsqVtime(curLogicalClk);
        }
        p.setSlice(calcTimeSlice(off, cpu));
        curLogicalClk = Deadline.advanceClock(curLogicalClk, p.dsqVtime(), sys.nrQueuedTask);
        updateStatForRunning(p, off, cpu, now);
        updateCpuperfTarget(cpu);
    }

    /** {@code ops.tick}: account runtime; with pinned tasks waiting here, shrink the running task's slice. */
    @Override
    public void tick(Task p) {
        Scx s = scx();
        long now = s.now();
        long off = tctx.of(p);
        if (off < 0) {
            return;
        }
        int cpu = s.taskCpu(p);
        accountTaskRuntime(p, off, cpu);
        if (cpus().get(cpu, CpuCtx.NR_PINNED_TASKS) > 0) {
            shrinkSliceAtTick(p, cpu, now);
        }
    }

    /**
     * {@code ops.stopping} ({@code update_stat_for_stopping}): fold the burst into the runtime averages. With
     * {@code fix-starvation}, a task that stops still runnable (slice used up or preempted) also refreshes its load
     * estimate from its duty-cycle ravg (a read only; the ravg itself changes as upstream's, at running and at
     * sleep): upstream refreshes {@code util_est} only when a task sleeps, so a CPU hog keeps the estimate it had
     * (0 if it never slept), steals of it cost the balancing budget nothing, and a stealer domain can take hogs from
     * a stealee on every dispatch while its own queue waits for the next plan.
     */
    @Override
    public void stopping(Task p, boolean runnable) {
        long off = tctx.of(p);
        if (off < 0) {
            return;
        }
        int cpu = scx().taskCpu(p);
        foldBurst(p, off, cpu);
        if (runnable && opt.fixStarvation()) {
            updateUtilEst(off, scx().now());
        }
        long svc = tctx.get(off, TaskCtx.SVC_TIME_IWGT);
        if (curSvcTimeIwgt < svc) {
            curSvcTimeIwgt = svc;
        }
        // reset_cpu_preemption_info: nothing of ours runs here until the next ops.running
        CpuCtx c = cpus();
        c.set(cpu, CpuCtx.FLAGS, 0);
        c.set(cpu, CpuCtx.LAT_CRI, 0);
        c.set(cpu, CpuCtx.EST_STOPPING_CLK, CpuCtx.NOT_RUNNING);
    }

    /**
     * {@code ops.quiescent} ({@code lavd_quiescent}): release a pinned count; a sleep ends the task's busy time in its
     * duty-cycle ravg (accumulate 0), refreshes {@code util_est} from it, and updates the wait frequency.
     */
    @Override
    public void quiescent(Task p, long deqFlags) {
        long off = tctx.of(p);
        if (off < 0) {
            return;
        }
        releasePinned(off);
        if ((deqFlags & DeqFlags.SLEEP) == 0) {
            return;
        }
        long now = scx().now();
        tctx.accumulateUtil(off, 0, now);
        updateUtilEst(off, now);
        long interval = now - tctx.get(off, TaskCtx.LAST_QUIESCENT_CLK);
        if (interval > 0) {
            tctx.set(off, TaskCtx.WAIT_FREQ, Ewma.avgFreq(tctx.get(off, TaskCtx.WAIT_FREQ), interval));
            tctx.set(off, TaskCtx.LAST_QUIESCENT_CLK, now);
        }
    }

    // ================================================================== higher scheduling classes

    /**
     * {@code ops.cpu_release} ({@code lavd_cpu_release}): an RT or deadline task takes the CPU. It cannot be a
     * preemption victim while the higher class holds it ({@code reset_cpu_preemption_info(cpuc, true)}: lat_cri at
     * its maximum, stopping clock 0), the tasks waiting on its local DSQ go back through {@code ops.enqueue} with
     * {@code SCX_ENQ_REENQ} ({@code scx_bpf_reenqueue_local}) so other CPUs can run them, and its frequency target is
     * forgotten ({@code reset_cpuperf_target}) so it is set afresh when the CPU comes back. The release time is
     * kept ({@code cpu_release_clk}): the time the higher class holds the CPU counts as busy time of the CPU.
     */
    @Override
    public void cpuRelease(int cpu, io.scx4j.api.CpuReleaseArgs args) {
        Scx s = scx();
        CpuCtx c = cpus();
        c.set(cpu, CpuCtx.FLAGS, 0);
        c.set(cpu, CpuCtx.LAT_CRI, Long.MAX_VALUE);
        c.set(cpu, CpuCtx.EST_STOPPING_CLK, 0);
        s.reenqueueLocal();
        c.set(cpu, CpuCtx.CPUPERF_CUR, 0);
        if (c.get(cpu, CpuCtx.CPU_RELEASE_CLK) == 0) {
            c.set(cpu, CpuCtx.CPU_RELEASE_CLK, Math.max(1, s.now()));
        }
    }

    /**
     * {@code ops.cpu_acquire} ({@code lavd_cpu_acquire}): the CPU is back from the higher class. The time the class
     * held it since the last statistics pass is added to the CPU's busy time (upstream adds it to
     * {@code tot_sc_time}; its utilisation is idle-based, so a CPU held by an RT task never looks idle), and the
     * current performance level is remembered ({@code scx_bpf_cpuperf_cur}), as the higher class may have changed it.
     */
    @Override
    public void cpuAcquire(int cpu, io.scx4j.api.CpuAcquireArgs args) {
        Scx s = scx();
        CpuCtx c = cpus();
        long released = c.get(cpu, CpuCtx.CPU_RELEASE_CLK);
        if (released != 0) {
            accountHigherClassTime(cpu, Math.max(0, s.now() - Math.max(released, sys.lastUpdateClk)));
            c.set(cpu, CpuCtx.CPU_RELEASE_CLK, 0);
        }
        c.set(cpu, CpuCtx.CPUPERF_CUR, s.cpuperfCur(cpu));
    }

    /**
     * Time a higher class held {@code cpu} counts as the CPU's busy time, in wall time and in invariant time
     * ({@code scale_cap_freq}: × capacity × current performance, both / 1024), as upstream's {@code tot_sc_time}.
     */
    private void accountHigherClassTime(int cpu, long wall) {
        CpuCtx c = cpus();
        c.add(cpu, CpuCtx.TOT_TASK_TIME_WALL, wall);
        c.add(cpu, CpuCtx.TOT_TASK_TIME_INVR, ((wall * domains().capacity[cpu]) >> 10) * scx().cpuperfCur(cpu) >> 10);
    }

    // ================================================================== CPU hotplug

    /**
     * {@code ops.cpu_online} ({@code lavd_cpu_online}): the CPU's context is reset, it counts in
     * {@code nr_cpus_onln} and the online capacity again, joins its domain's CPU set, and the system statistics are
     * recomputed. A CPU that was not online at load is unknown to LAVD: exit with {@code SCX_ECODE_ACT_RESTART} so
     * user space restarts the scheduler on the new set of CPUs (upstream, PR #3434).
     */
    @Override
    public void cpuOnline(int cpu) {
        Scx s = scx();
        OnlineCpus o = online();
        if (!o.knownAtInit(cpu)) {
            s.exit(io.scx4j.api.ExitCodes.ACT_RESTART, "RESTART: cpu %d becomes online. Restart the scheduler.",
                    cpu);
            return;
        }
        resetCpuOnHotplug(cpu);
        o.setOnline(cpu);
        updateSysStat(s.now());
    }

    /**
     * {@code ops.cpu_offline} ({@code lavd_cpu_offline}): the CPU's context is reset, it leaves
     * {@code nr_cpus_onln}, the online capacity and its domain's CPU set, and the system statistics are recomputed.
     */
    @Override
    public void cpuOffline(int cpu) {
        resetCpuOnHotplug(cpu);
        online().setOffline(cpu);
        updateSysStat(scx().now());
    }

    /** {@code cpu_ctx_init_online}/{@code cpu_ctx_init_offline}: nothing of ours runs on the CPU. */
    private void resetCpuOnHotplug(int cpu) {
        CpuCtx c = cpus();
        c.set(cpu, CpuCtx.FLAGS, 0);
        c.set(cpu, CpuCtx.LAT_CRI, 0);
        c.set(cpu, CpuCtx.RUNNING_CLK, 0);
        c.set(cpu, CpuCtx.EST_STOPPING_CLK, CpuCtx.NOT_RUNNING);
        c.set(cpu, CpuCtx.CPU_RELEASE_CLK, 0);
    }

    // ================================================================== scoring

    /**
     * {@code calc_when_to_run}: {@code calc_lat_cri} (factors, inheritance, perf_cri), the greed penalty with its
     * lag clamp, and the deadline on the logical clock.
     */
    long calcWhenToRun(Task p, long off) {
        ComputeDomains d = domains();
        int weight = p.weight();
        int ctx = contextBits(p, off);
        long waitFt = LatCri.waitFactor(tctx.get(off, TaskCtx.WAIT_FREQ));
        long wakeFt = LatCri.wakeFactor(tctx.get(off, TaskCtx.WAKE_FREQ));
        int logWwf = LatCri.logWaitWake(waitFt, wakeFt);
        long avgInvr = tctx.get(off, TaskCtx.AVG_RUNTIME_INVR);
        long lc = LatCri.latCri(logWwf, LatCri.reverseRuntimeFactor(avgInvr), LatCri.weightFactor(weight, ctx));
        lc = LatCri.inherit(lc, tctx.get(off, TaskCtx.LAT_CRI_WAKER), tctx.get(off, TaskCtx.LAT_CRI_WAKEE));
        tctx.set(off, TaskCtx.LAT_CRI, lc);
        tctx.set(off, TaskCtx.LAT_CRI_WAKER, 0);
        tctx.set(off, TaskCtx.LAT_CRI_WAKEE, 0);
        long perfCri = d.haveLittleCore
                ? LatCri.perfCri(logWwf, tctx.get(off, TaskCtx.RUN_FREQ), avgInvr,
                        tctx.get(off, TaskCtx.ACC_RUNTIME_INVR), weight)
                : Deadline.SCALE;
        tctx.set(off, TaskCtx.PERF_CRI, perfCri);

        long lagMax = Deadline.scaleByWeightInverse(Deadline.TASK_LAG_MAX_NS, weight);
        long lag = sys.avgSvcTimeIwgt - tctx.get(off, TaskCtx.SVC_TIME_IWGT);
        if (lag >= 0) {
            tctx.resetFlag(off, TaskCtx.F_GREEDY);
            if (lag > lagMax) {
                tctx.set(off, TaskCtx.SVC_TIME_IWGT, sys.avgSvcTimeIwgt - lagMax);
                lag = lagMax;
            }
        } else {
            tctx.setFlag(off, TaskCtx.F_GREEDY);
            lag = Math.max(lag, -lagMax);
        }
        long penalty = Deadline.greedyPenalty(lag, lagMax);
        long delta = Deadline.deadlineDelta(
                Deadline.adjustedRuntime(tctx.get(off, TaskCtx.ACC_RUNTIME_INVR)), penalty, lc);
        long window = Deadline.competeWindow(sys.nrQueuedTask, sys.nrActive);
        if (opt.fixStarvation()) {
            window = Deadline.progressWindow(window, delta);
        }
        return Deadline.whenToRun(curLogicalClk, window, delta);
    }

    /** The context bits of {@code calc_weight_factor}; the one-shot IRQ and RT/DL flags are consumed. */
    private int contextBits(Task p, long off) {
        int ctx = 0;
        if (tctx.test(off, TaskCtx.F_WAKEUP)) {
            ctx |= LatCri.CTX_WAKEUP;
        }
        if (tctx.test(off, TaskCtx.F_SYNC_WAKEUP)) {
            ctx |= LatCri.CTX_SYNC_WAKEUP;
        }
        if (tctx.test(off, TaskCtx.F_WOKEN_BY_HARDIRQ)) {
            tctx.resetFlag(off, TaskCtx.F_WOKEN_BY_HARDIRQ);
            ctx |= LatCri.CTX_WOKEN_BY_HARDIRQ;
        } else if (tctx.test(off, TaskCtx.F_WOKEN_BY_SOFTIRQ)) {
            tctx.resetFlag(off, TaskCtx.F_WOKEN_BY_SOFTIRQ);
            ctx |= LatCri.CTX_WOKEN_BY_SOFTIRQ;
        }
        if (tctx.test(off, TaskCtx.F_WOKEN_BY_RT_DL)) {
            tctx.resetFlag(off, TaskCtx.F_WOKEN_BY_RT_DL);
            ctx |= LatCri.CTX_WOKEN_BY_RT_DL;
        }
        if (p.kthread()) {
            ctx |= LatCri.CTX_KTHREAD;
        }
        if (tctx.test(off, TaskCtx.F_AFFINITIZED)) {
            ctx |= LatCri.CTX_AFFINITIZED;
        }
        if (effectivelyPinned(p)) {
            ctx |= LatCri.CTX_PINNED;
        }
        return ctx;
    }

    /** {@code calc_time_slice}: pinned, boosted, or the system slice; sets or clears the boost flag. */
    private long calcTimeSlice(long off, int cpu) {
        long nrPinned = cpus().get(cpu, CpuCtx.NR_PINNED_TASKS);
        long avgRuntime = tctx.get(off, TaskCtx.AVG_RUNTIME_WALL);
        long lc = tctx.get(off, TaskCtx.LAT_CRI);
        boolean canBoost = TimeSlice.canBoost(sys.avgUtilWall, sys.nrQueuedTask, sys.nrActive);
        TimeSlice.Kind k = TimeSlice.kind(opt.pinnedSliceNs(), nrPinned, !opt.noSliceBoost(), avgRuntime,
                sys.sliceWall, canBoost, lc, sys.avgLatCri);
        long slice = TimeSlice.taskSlice(k, opt.pinnedSliceNs(), sys.sliceWall, opt.sliceMinNs(), avgRuntime, lc,
                sys.avgLatCri);
        if (k == TimeSlice.Kind.BOOSTED || k == TimeSlice.Kind.BOOSTED_LAT_CRI) {
            tctx.setFlag(off, TaskCtx.F_SLICE_BOOST);
        } else {
            tctx.resetFlag(off, TaskCtx.F_SLICE_BOOST);
        }
        tctx.set(off, TaskCtx.SLICE_WALL, slice);
        return slice;
    }

    private boolean isPerfCri(long off) {
        if (!domains().haveLittleCore) {
            return true;
        }
        boolean onBig = tctx.test(off, TaskCtx.F_ON_BIG);
        if (onBig && tctx.test(off, TaskCtx.F_ON_LITTLE)) {
            return tctx.get(off, TaskCtx.PERF_CRI) > sys.thrPerfCri;
        }
        return onBig;
    }

    // ================================================================== measurements

    /**
     * {@code account_task_runtime}: the CPU time since the last measurement, in wall time, in invariant time
     * ({@code × capacity × current performance}, both / 1024: the PELT clock's scaling) and per weight.
     */
    private void accountTaskRuntime(Task p, long off, int cpu) {
        long exec = p.sumExecRuntime();
        long wall = Math.max(0, exec - tctx.get(off, TaskCtx.LAST_MEASURED_EXEC));
        long invr = ((wall * domains().capacity[cpu]) >> 10) * scx().cpuperfCur(cpu) >> 10;
        long iwgt = invr / p.weight();
        CpuCtx c = cpus();
        c.add(cpu, CpuCtx.TOT_TASK_TIME_WALL, wall);
        c.add(cpu, CpuCtx.TOT_TASK_TIME_INVR, invr);
        c.add(cpu, CpuCtx.TOT_TASK_TIME_IWGT, iwgt);
        tctx.set(off, TaskCtx.ACC_RUNTIME_WALL, tctx.get(off, TaskCtx.ACC_RUNTIME_WALL) + wall);
        tctx.set(off, TaskCtx.ACC_RUNTIME_INVR, tctx.get(off, TaskCtx.ACC_RUNTIME_INVR) + invr);
        tctx.set(off, TaskCtx.SVC_TIME_IWGT, tctx.get(off, TaskCtx.SVC_TIME_IWGT) + iwgt);
        tctx.set(off, TaskCtx.LAST_MEASURED_EXEC, exec);
    }

    /**
     * {@code update_stat_for_running}: the task is busy from now on in its duty-cycle ravg (accumulate
     * {@code LAVD_SCALE}), run frequency, where it runs, and the CPU's view of the running task.
     */
    private void updateStatForRunning(Task p, long off, int cpu, long now) {
        ComputeDomains d = domains();
        tctx.accumulateUtil(off, Deadline.SCALE, now);
        if (tctx.test(off, TaskCtx.F_SCHEDULED)) {
            long wait = now - tctx.get(off, TaskCtx.LAST_QUIESCENT_CLK);
            long interval = tctx.get(off, TaskCtx.AVG_RUNTIME_INVR) + Math.max(0, wait);
            if (interval > 0) {
                tctx.set(off, TaskCtx.RUN_FREQ, Ewma.avgFreq(tctx.get(off, TaskCtx.RUN_FREQ), interval));
            }
        }
        tctx.setFlag(off, TaskCtx.F_SCHEDULED);
        int prevCpu = tctx.get(off, TaskCtx.CPU_ID);
        tctx.set(off, TaskCtx.PREV_CPU_ID, prevCpu);
        tctx.set(off, TaskCtx.CPU_ID, cpu);
        tctx.resetFlag(off, TaskCtx.F_WAKEUP | TaskCtx.F_SYNC_WAKEUP);
        tctx.set(off, TaskCtx.LAST_RUNNING_CLK, now);
        tctx.set(off, TaskCtx.LAST_MEASURED_EXEC, p.sumExecRuntime());

        CpuCtx c = cpus();
        long lc = tctx.get(off, TaskCtx.LAT_CRI);
        if (c.get(cpu, CpuCtx.MAX_LAT_CRI) < lc) {
            c.set(cpu, CpuCtx.MAX_LAT_CRI, lc);
        }
        c.add(cpu, CpuCtx.SUM_LAT_CRI, lc);
        c.add(cpu, CpuCtx.NR_SCHED, 1);
        if (d.haveLittleCore) {
            long pc = tctx.get(off, TaskCtx.PERF_CRI);
            c.set(cpu, CpuCtx.MAX_PERF_CRI, Math.max(c.get(cpu, CpuCtx.MAX_PERF_CRI), pc));
            c.set(cpu, CpuCtx.MIN_PERF_CRI, Math.min(c.get(cpu, CpuCtx.MIN_PERF_CRI), pc));
            c.add(cpu, CpuCtx.SUM_PERF_CRI, pc);
        }
        c.set(cpu, CpuCtx.FLAGS, tctx.get(off, TaskCtx.FLAGS));
        c.set(cpu, CpuCtx.LAT_CRI, lc);
        c.set(cpu, CpuCtx.RUNNING_CLK, now);
        c.set(cpu, CpuCtx.EST_STOPPING_CLK, estStoppingClk(off, now));
        boolean onBig = d.big[cpu];
        if (onBig) {
            c.add(cpu, CpuCtx.NR_BIG, 1);
        }
        if (lc >= sys.avgLatCri) {
            c.add(cpu, CpuCtx.NR_LAT_CRI, 1);
            if (onBig) {
                c.add(cpu, CpuCtx.NR_LC_ON_BIG, 1);
            }
        }
        if (isPerfCri(off)) {
            c.add(cpu, CpuCtx.NR_PERF_CRI, 1);
            if (onBig) {
                c.add(cpu, CpuCtx.NR_PC_ON_BIG, 1);
            }
        }
        if (prevCpu >= 0 && d.cpdomOfCpu[prevCpu] != d.cpdomOfCpu[cpu]) {
            c.add(cpu, CpuCtx.NR_X_MIGRATION, 1);
        }
    }

    /** Account the runtime since the last look and fold the burst into the wall and invariant runtime averages. */
    private void foldBurst(Task p, long off, int cpu) {
        accountTaskRuntime(p, off, cpu);
        tctx.set(off, TaskCtx.AVG_RUNTIME_WALL,
                Ewma.avg(tctx.get(off, TaskCtx.AVG_RUNTIME_WALL), tctx.get(off, TaskCtx.ACC_RUNTIME_WALL)));
        tctx.set(off, TaskCtx.AVG_RUNTIME_INVR,
                Ewma.avg(tctx.get(off, TaskCtx.AVG_RUNTIME_INVR), tctx.get(off, TaskCtx.ACC_RUNTIME_INVR)));
    }

    /** {@code get_est_stopping_clk}: now + min(average burst, slice). */
    private long estStoppingClk(long off, long now) {
        return now + Math.min(tctx.get(off, TaskCtx.AVG_RUNTIME_WALL), tctx.get(off, TaskCtx.SLICE_WALL));
    }

    /**
     * {@code account_queued_load} and {@code account_queued_load_pcpu}: the task's load metric (its utilisation
     * estimate) counts as queued load of its domain and, when it went to a per-CPU or local DSQ, of that CPU's core.
     *
     * @param cpu the CPU whose per-CPU or local DSQ holds the task, or -1 for the domain DSQ
     */
    private void accountQueuedLoad(long off, int cpdom, int cpu) {
        unaccountQueuedLoad(off);
        long load = taskLoad(off);
        tctx.set(off, TaskCtx.QUEUED_LOAD, load);
        tctx.set(off, TaskCtx.QUEUED_CPDOM, cpdom);
        ContextTable dc = Objects.requireNonNull(domCtx);
        dc.set(cpdom, DOM_QLOAD, dc.get(cpdom, DOM_QLOAD) + load);
        if (cpu >= 0) {
            int primary = domains().primaryCpu[cpu];
            tctx.set(off, TaskCtx.QUEUED_CPU, primary);
            cpus().add(primary, CpuCtx.QLOAD, load);
        }
    }

    /** {@code unaccount_queued_load} and {@code unaccount_queued_load_pcpu}. */
    private void unaccountQueuedLoad(long off) {
        long load = tctx.get(off, TaskCtx.QUEUED_LOAD);
        int dom = tctx.get(off, TaskCtx.QUEUED_CPDOM);
        if (dom >= 0) {
            ContextTable dc = Objects.requireNonNull(domCtx);
            dc.set(dom, DOM_QLOAD, Math.max(0, dc.get(dom, DOM_QLOAD) - load));
            tctx.set(off, TaskCtx.QUEUED_CPDOM, -1);
        }
        int cpu = tctx.get(off, TaskCtx.QUEUED_CPU);
        if (cpu >= 0) {
            cpus().set(cpu, CpuCtx.QLOAD, Math.max(0, cpus().get(cpu, CpuCtx.QLOAD) - load));
            tctx.set(off, TaskCtx.QUEUED_CPU, -1);
        }
        tctx.set(off, TaskCtx.QUEUED_LOAD, 0);
    }

    /**
     * {@code taskc->util_est = ravg_read(&taskc->avg_util_ravg, now, LAVD_RAVG_HALFLIFE_NS) >> RAVG_FRAC_BITS}: the
     * share of the recent past (128 ms half-life) the task spent running, of 1024 (a whole CPU's time).
     */
    private void updateUtilEst(long off, long now) {
        tctx.set(off, TaskCtx.UTIL_EST, tctx.readUtil(off, now));
    }

    /** {@code task_load_metric}: the task's utilisation estimate (at least 1, so a queued task always counts). */
    private long taskLoad(long off) {
        return Math.max(1, tctx.get(off, TaskCtx.UTIL_EST));
    }

    private void releasePinned(long off) {
        int pinned = tctx.get(off, TaskCtx.PINNED_CPU_ID);
        if (pinned >= 0) {
            CpuCtx c = cpus();
            c.set(pinned, CpuCtx.NR_PINNED_TASKS, Math.max(0, c.get(pinned, CpuCtx.NR_PINNED_TASKS) - 1));
            tctx.set(off, TaskCtx.PINNED_CPU_ID, -1);
        }
    }

    // ================================================================== placement

    /**
     * {@code pick_idle_cpu} ({@code idle.bpf.c}), simplified: pinned tasks get their CPU; a task that cannot run in
     * the active and overflow sets extends the overflow set; then an idle CPU (whole idle core first, via
     * {@link Scx#selectCpuAnd}) in the sticky domain — the previous CPU's, or its alternative when the core type
     * does not match the task's performance criticality — then in the alternative domain, then anywhere usable.
     * With no idle CPU, a usable allowed CPU of the sticky domain (the previous CPU if possible).
     *
     * @return the CPU (or -1), with {@link #pickedIdle} telling whether it was claimed idle
     */
    private int pickIdleCpu(Task p, long off, int prevCpu, long wakeFlags) {
        Scx s = scx();
        ComputeDomains d = domains();
        pickedIdle = false;
        CpuMask allowed = p.cpusAllowed();
        if (p.nrCpusAllowed() == 1 || p.migrationDisabled()) {
            int cpu = p.nrCpusAllowed() == 1 ? allowed.first() : s.taskCpu(p);
            if (p.nrCpusAllowed() == 1 && !usable.contains(cpu)) {
                joinOverflow(cpu);
            }
            pickedIdle = s.testAndClearCpuIdle(cpu);
            return cpu;
        }
        if (!allowed.intersects(usable)) {
            int[] order = sys.powerMode == PowerMode.POWERSAVE ? powersaveOrder : performanceOrder;
            for (int cpu : order) {
                if (allowed.contains(cpu) && online().isOnline(cpu)) {
                    joinOverflow(cpu);
                    break;
                }
            }
        }
        int sticky = d.cpdomOfCpu[prevCpu];
        if (d.haveLittleCore && d.domainBig[sticky] != isPerfCri(off)) {
            int alt = d.altDomain[sticky];
            if (alt != sticky && domainUsable[alt].intersects(allowed)) {
                sticky = alt;
            }
        }
        int cpu = s.selectCpuAnd(p, prevCpu, wakeFlags, domainUsable[sticky], 0);
        if (cpu >= 0) {
            pickedIdle = true;
            return cpu;
        }
        int alt = d.altDomain[sticky];
        if (alt != sticky) {
            cpu = s.selectCpuAnd(p, prevCpu, wakeFlags, domainUsable[alt], 0);
            if (cpu >= 0) {
                pickedIdle = true;
                return cpu;
            }
        }
        cpu = s.selectCpuAnd(p, prevCpu, wakeFlags, usable, 0);
        if (cpu >= 0) {
            pickedIdle = true;
            return cpu;
        }
        if (d.cpdomOfCpu[prevCpu] == sticky && usable.contains(prevCpu) && allowed.contains(prevCpu)) {
            return prevCpu;
        }
        for (int c : domainCpuIds[sticky]) {
            if (usable.contains(c) && allowed.contains(c)) {
                return c;
            }
        }
        if (usable.contains(prevCpu) && allowed.contains(prevCpu)) {
            return prevCpu;
        }
        for (int c : performanceOrder) {
            if (usable.contains(c) && allowed.contains(c)) {
                return c;
            }
        }
        return allowed.contains(prevCpu) ? prevCpu : allowed.first();
    }

    /** {@code can_direct_dispatch}: an idle CPU with nothing queued, or a CPU below {@code lb-local-dsq-util-pct}. */
    private boolean canDirectDispatch(int cpu, boolean idle) {
        long thr = ((long) opt.lbLocalDsqUtilPct() << 10) / 100;
        return (idle && !queuedOnCpu(cpu)) || (thr > 0 && cpus().get(cpu, CpuCtx.AVG_UTIL_WALL) < thr);
    }

    private boolean queuedOnCpu(int cpu) {
        Scx s = scx();
        return s.dsqNrQueued(Dsq.localOn(cpu)) > 0
                || (opt.usePerCpuDsq() && s.dsqNrQueued(domains().cpuDsqId(cpu)) > 0);
    }

    /** {@code get_target_dsq_id}: per-core DSQ with {@code --per-cpu-dsq} or for pinned tasks; else the domain's. */
    private long targetDsq(Task p, int cpu) {
        ComputeDomains d = domains();
        if (opt.perCpuDsq() || (opt.pinnedSliceNs() > 0 && effectivelyPinned(p))) {
            return d.cpuDsqId(cpu);
        }
        return ComputeDomains.dsqId(d.cpdomOfCpu[cpu]);
    }

    private static boolean effectivelyPinned(Task p) {
        return p.nrCpusAllowed() == 1 || p.migrationDisabled();
    }

    private static boolean isRtOrDl(Task p) {
        SchedPolicy pol = p.policy();
        return pol == SchedPolicy.FIFO || pol == SchedPolicy.RR || pol == SchedPolicy.DEADLINE;
    }

    // ================================================================== preemption (preempt.bpf.c)

    /**
     * {@code try_find_and_kick_victim_cpu}: only non-greedy tasks at or above {@code thr_lat_cri} preempt. A
     * slice-boosted task on the preferred CPU that already ran a regular slice is the first victim; otherwise two
     * candidates running something less critical that would stop later are looked for (the preferred CPU, then
     * the domain from a random start) and one is asked to yield.
     */
    private void tryFindAndKickVictim(Task p, long off, int preferredCpu, int cpdom, long now) {
        if (tctx.test(off, TaskCtx.F_GREEDY) || tctx.get(off, TaskCtx.LAT_CRI) < sys.thrLatCri) {
            return;
        }
        CpuCtx c = cpus();
        long lc = tctx.get(off, TaskCtx.LAT_CRI);
        long est = estStoppingClk(off, now);
        if (!opt.noSliceBoost() && preferredCpu >= 0
                && (c.get(preferredCpu, CpuCtx.FLAGS) & TaskCtx.F_SLICE_BOOST) != 0) {
            long ran = now - c.get(preferredCpu, CpuCtx.RUNNING_CLK);
            if (ran >= sys.sliceWall && canKick(lc, est, preferredCpu)) {
                c.set(preferredCpu, CpuCtx.FLAGS, c.get(preferredCpu, CpuCtx.FLAGS) & ~TaskCtx.F_SLICE_BOOST);
                askCpuYieldAfter(preferredCpu, 0);
                return;
            }
            if (tctx.test(off, TaskCtx.F_AFFINITIZED)) {
                long newSlice = sys.sliceWall > ran ? sys.sliceWall - ran : 0;
                c.set(preferredCpu, CpuCtx.FLAGS, c.get(preferredCpu, CpuCtx.FLAGS) & ~TaskCtx.F_SLICE_BOOST);
                askCpuYieldAfter(preferredCpu, newSlice);
                return;
            }
        }
        int v0 = -1;
        int v1 = -1;
        if (preferredCpu >= 0 && canKick(lc, est, preferredCpu)) {
            v0 = preferredCpu;
        }
        int[] cpus = domainCpuIds[cpdom];
        int n = cpus.length;
        int start = (int) Long.remainderUnsigned(nextRandom(), n);
        CpuMask allowed = p.cpusAllowed();
        for (int i = 0; i < n && v1 < 0; i++) {
            int cpu = cpus[(start + i) % n];
            if (cpu == preferredCpu || !allowed.contains(cpu) || !canKick(lc, est, cpu)) {
                continue;
            }
            if (v0 < 0) {
                v0 = cpu;
            } else {
                v1 = cpu;
            }
        }
        int victim = v0;
        if (v1 >= 0) {
            boolean keep0 = c.get(v0, CpuCtx.LAT_CRI) > c.get(v1, CpuCtx.LAT_CRI)
                    && Long.compareUnsigned(c.get(v0, CpuCtx.EST_STOPPING_CLK), c.get(v1, CpuCtx.EST_STOPPING_CLK)) < 0;
            victim = keep0 ? v0 : v1;
        }
        if (victim >= 0) {
            askCpuYieldAfter(victim, 0);
        }
    }

    /**
     * {@code can_x_kick_cpu2}: the CPU runs one of our tasks (not RT/DL), less critical than the waker, expected to
     * stop later than the waker would. An idle CPU is no victim (upstream would pick it and find nothing to kick).
     */
    private boolean canKick(long latCri, long estStopping, int cpu) {
        Task curr = scx().cpuCurr(cpu);
        if (curr == null || isRtOrDl(curr)) {
            return false;
        }
        CpuCtx c = cpus();
        return latCri > c.get(cpu, CpuCtx.LAT_CRI)
                && Long.compareUnsigned(estStopping, c.get(cpu, CpuCtx.EST_STOPPING_CLK)) < 0;
    }

    /**
     * {@code ask_cpu_yield_after}: shrink the victim's slice to {@code newSlice} (at least 1 ns, an immediate yield
     * at its next tick). Clearing the CPU's estimated stopping time makes concurrent preemptors pick other victims.
     */
    private void askCpuYieldAfter(int cpu, long newSlice) {
        Task victim = scx().cpuCurr(cpu);
        CpuCtx c = cpus();
        if (victim == null) {
            return;
        }
        if (c.get(cpu, CpuCtx.EST_STOPPING_CLK) == 0) {
            return;
        }
        long ns = Math.max(newSlice, 1);
        if (ns == 1) {
            c.set(cpu, CpuCtx.EST_STOPPING_CLK, 0);
            victim.setSlice(1);
        } else if (Long.compareUnsigned(victim.slice(), ns) > 0) {
            victim.setSlice(ns);
        }
        c.add(cpu, CpuCtx.NR_PREEMPT, 1);
    }

    /** {@code shrink_slice_at_tick}: pinned tasks wait; end the running task's slice at the pinned/system bound. */
    private void shrinkSliceAtTick(Task p, int cpu, long now) {
        long ub = opt.pinnedSliceNs() > 0 ? Math.min(opt.pinnedSliceNs(), sys.sliceWall) : sys.sliceWall;
        CpuCtx c = cpus();
        long ran = now - c.get(cpu, CpuCtx.RUNNING_CLK);
        long newSlice = ran >= ub ? 0 : ub - ran;
        if (Long.compareUnsigned(p.slice(), newSlice) > 0) {
            p.setSlice(newSlice);
            c.add(cpu, CpuCtx.NR_PREEMPT, 1);
        }
        c.set(cpu, CpuCtx.FLAGS, c.get(cpu, CpuCtx.FLAGS) & ~TaskCtx.F_SLICE_BOOST);
    }

    // ================================================================== the 10 ms pass (sys_stat.bpf.c, power.bpf.c, balance.bpf.c)

    /**
     * {@code update_timer_cb} ({@code sys_stat.bpf.c}): the 10 ms BPF timer armed in {@code init_sys_stat} runs the
     * statistics pass and re-arms itself, so the pass runs every 10 ms whether or not any task is scheduled.
     */
    private void updateTimer(Scx s, int cpu, BpfTimer timer) {
        updateSysStat(s.now());
        timer.start(SysStat.INTERVAL_NS);
    }

    /** {@code update_sys_stat}: collect, compute, autopilot, compaction, slice, big/little threshold, LB plan. */
    void updateSysStat(long now) {
        Scx s = scx();
        ComputeDomains d = domains();
        CpuCtx c = cpus();
        long dur = Math.max(1, now - sys.lastUpdateClk);
        sys.lastUpdateClk = now;

        long computeWall = 0;
        long computeInvr = 0;
        long totIwgt = 0;
        long maxLc = 0;
        long sumLc = 0;
        long nrSched = 0;
        long minPc = Long.MAX_VALUE;
        long maxPc = 0;
        long sumPc = 0;
        long nrQueued = 0;
        for (int cpu = 0; cpu < d.nrCpus; cpu++) {
            long released = c.get(cpu, CpuCtx.CPU_RELEASE_CLK);
            if (released != 0) {
                // held by a higher class through (part of) this interval: busy, not idle
                accountHigherClassTime(cpu, now - Math.max(released, now - dur));
            }
            long wall = c.get(cpu, CpuCtx.TOT_TASK_TIME_WALL);
            long cur = Math.min(1024, (wall << 10) / dur);
            c.set(cpu, CpuCtx.CUR_UTIL_WALL, cur);
            c.set(cpu, CpuCtx.AVG_UTIL_WALL, Ewma.asymAvg(c.get(cpu, CpuCtx.AVG_UTIL_WALL), cur));
            // per-CPU invariant utilisation, clamped to the wall-clock active time (sys_stat.bpf.c)
            long curInvr = (Math.min(c.get(cpu, CpuCtx.TOT_TASK_TIME_INVR), Math.min(wall, dur)) << 10) / dur;
            c.set(cpu, CpuCtx.CUR_UTIL_INVR, curInvr);
            c.set(cpu, CpuCtx.AVG_UTIL_INVR, Ewma.asymAvg(c.get(cpu, CpuCtx.AVG_UTIL_INVR), curInvr));
            computeWall += Math.min(wall, dur);
            computeInvr += Math.min(c.get(cpu, CpuCtx.TOT_TASK_TIME_INVR), dur);
            totIwgt += c.get(cpu, CpuCtx.TOT_TASK_TIME_IWGT);
            c.set(cpu, CpuCtx.TOT_TASK_TIME_WALL, 0);
            c.set(cpu, CpuCtx.TOT_TASK_TIME_INVR, 0);
            c.set(cpu, CpuCtx.TOT_TASK_TIME_IWGT, 0);

            maxLc = Math.max(maxLc, c.get(cpu, CpuCtx.MAX_LAT_CRI));
            sumLc += c.get(cpu, CpuCtx.SUM_LAT_CRI);
            nrSched += c.get(cpu, CpuCtx.NR_SCHED);
            minPc = Math.min(minPc, c.get(cpu, CpuCtx.MIN_PERF_CRI));
            maxPc = Math.max(maxPc, c.get(cpu, CpuCtx.MAX_PERF_CRI));
            sumPc += c.get(cpu, CpuCtx.SUM_PERF_CRI);
            sys.nrSched += c.get(cpu, CpuCtx.NR_SCHED);
            sys.nrPreempt += c.get(cpu, CpuCtx.NR_PREEMPT);
            sys.nrXMigration += c.get(cpu, CpuCtx.NR_X_MIGRATION);
            sys.nrLatCri += c.get(cpu, CpuCtx.NR_LAT_CRI);
            sys.nrPerfCri += c.get(cpu, CpuCtx.NR_PERF_CRI);
            sys.nrBig += c.get(cpu, CpuCtx.NR_BIG);
            sys.nrPcOnBig += c.get(cpu, CpuCtx.NR_PC_ON_BIG);
            sys.nrLcOnBig += c.get(cpu, CpuCtx.NR_LC_ON_BIG);
            c.set(cpu, CpuCtx.MAX_LAT_CRI, 0);
            c.set(cpu, CpuCtx.SUM_LAT_CRI, 0);
            c.set(cpu, CpuCtx.NR_SCHED, 0);
            c.set(cpu, CpuCtx.MIN_PERF_CRI, Long.MAX_VALUE);
            c.set(cpu, CpuCtx.MAX_PERF_CRI, 0);
            c.set(cpu, CpuCtx.SUM_PERF_CRI, 0);
            c.set(cpu, CpuCtx.NR_PREEMPT, 0);
            c.set(cpu, CpuCtx.NR_X_MIGRATION, 0);
            c.set(cpu, CpuCtx.NR_LAT_CRI, 0);
            c.set(cpu, CpuCtx.NR_PERF_CRI, 0);
            c.set(cpu, CpuCtx.NR_BIG, 0);
            c.set(cpu, CpuCtx.NR_PC_ON_BIG, 0);
            c.set(cpu, CpuCtx.NR_LC_ON_BIG, 0);

            nrQueued += Math.max(0, s.dsqNrQueued(Dsq.localOn(cpu)));
            if (opt.usePerCpuDsq() && d.primaryCpu[cpu] == cpu) {
                nrQueued += Math.max(0, s.dsqNrQueued(d.cpuDsqId(cpu)));
            }
        }
        for (int dom = 0; dom < d.nrDomains; dom++) {
            nrQueued += Math.max(0, s.dsqNrQueued(ComputeDomains.dsqId(dom)));
        }
        long totalWall = dur * Math.max(1, online().nr());
        long curUtilWall = (computeWall << 10) / totalWall;
        long curUtilInvr = (computeInvr << 10) / totalWall;
        if (curUtilInvr > curUtilWall) {
            curUtilInvr = Math.min(sys.avgUtilInvr, curUtilWall);
        }
        long avgLc = sys.avgLatCri;
        long avgPc = sys.avgPerfCri;
        if (nrSched == 0 || computeWall == 0) {
            maxLc = sys.maxLatCri;
            minPc = sys.minPerfCri;
            maxPc = sys.maxPerfCri;
        } else {
            avgLc = sumLc / nrSched;
            avgPc = sumPc / nrSched;
        }
        if (minPc == Long.MAX_VALUE) {
            minPc = sys.minPerfCri;
        }
        sys.avgUtilWall = Ewma.asymAvg(sys.avgUtilWall, curUtilWall);
        sys.avgUtilInvr = Ewma.asymAvg(sys.avgUtilInvr, curUtilInvr);
        sys.maxLatCri = Ewma.avg(sys.maxLatCri, maxLc);
        sys.avgLatCri = Ewma.avg(sys.avgLatCri, avgLc);
        sys.thrLatCri = sys.maxLatCri - ((sys.maxLatCri - sys.avgLatCri) >> opt.preemptShift());
        if (d.haveLittleCore) {
            sys.minPerfCri = Ewma.avg(sys.minPerfCri, minPc);
            sys.avgPerfCri = Ewma.avg(sys.avgPerfCri, avgPc);
            sys.maxPerfCri = Ewma.avg(sys.maxPerfCri, maxPc);
        }
        sys.avgSvcTimeIwgt = Ewma.avg(sys.avgSvcTimeIwgt, nrSched > 0 ? totIwgt / nrSched : 0);
        sys.nrQueuedTask = Ewma.avg(sys.nrQueuedTask, nrQueued);
        if (++sys.decayCount >= SysStat.DECAY_TIMES) {
            sys.decayCount = 0;
            sys.decay();
        }

        switch (sys.powerMode) {
            case PERFORMANCE -> sys.performanceModeNs += dur;
            case BALANCED -> sys.balancedModeNs += dur;
            case POWERSAVE -> sys.powersaveModeNs += dur;
        }
        if (opt.powerMode() == null) {
            // do_autopilot compares calc_required_capacity (no headroom) with its thresholds
            sys.powerMode = PowerMath.autopilot(online().nr() * sys.avgUtilInvr, littleCoreCapacity,
                    online().capacity(), smt);
        }
        doCoreCompaction();
        sys.sliceWall = Ewma.avg(sys.sliceWall,
                TimeSlice.sysSliceSample(sys.nrActive, sys.nrQueuedTask, opt.sliceMinNs(), opt.sliceMaxNs()));
        sys.thrPerfCri = d.haveLittleCore
                ? PowerMath.thrPerfCri(sys.bigCoreScale, sys.minPerfCri, sys.avgPerfCri, sys.maxPerfCri)
                : 0;
        if (d.nrDomains > 1) {
            planLoadBalancing();
        }
        for (int cpu = 0; cpu < d.nrCpus; cpu++) {
            updateCpuperfTarget(cpu);
        }
    }

    /**
     * {@code do_core_compaction} / {@code reinit_active_cpumask_for_performance}: in performance mode (or with
     * {@code --no-core-compaction}) big cores are active and little ones overflow; otherwise the first
     * {@link PowerMath#nrActiveCpus} CPUs of the mode's order are active, the rest leave the overflow set unless
     * pinned or queued work keeps them (or, at random, 1 in 25 per pass).
     *
     * <p>Kicks as upstream ({@code power.bpf.c}): a compaction pass kicks ({@code SCX_KICK_IDLE}) every CPU it leaves
     * in the active or overflow set, whether or not it just became usable, so an idle active CPU re-runs dispatch and
     * picks up work queued while it slept; the performance masks kick every CPU once, on the pass that sets them up
     * after a switch into performance mode ({@code do_set_power_profile} defers that reinit to the timer), and not
     * again while the mode stays.
     */
    private void doCoreCompaction() {
        Scx s = scx();
        ComputeDomains d = domains();
        CpuBitmap a = Objects.requireNonNull(active);
        CpuBitmap o = Objects.requireNonNull(overflow);
        ContextTable dc = Objects.requireNonNull(domCtx);
        CpuCtx c = cpus();
        for (int dom = 0; dom < d.nrDomains; dom++) {
            dc.set(dom, DOM_NR_ACTIVE, 0);
            dc.set(dom, DOM_CAP_ACTIVE, 0);
        }
        long sumCap = 0;
        long bigCap = 0;
        int nrActive = 0;
        OnlineCpus onlineCpus = online();
        if (opt.noCoreCompaction() || sys.powerMode == PowerMode.PERFORMANCE) {
            boolean reinit = !performanceMasks;
            performanceMasks = true;
            for (int cpu = 0; cpu < d.nrCpus; cpu++) {
                if (!onlineCpus.isOnline(cpu)) {
                    a.clear(cpu);
                    o.clear(cpu);
                    continue;
                }
                if (reinit) {
                    s.kickCpu(cpu, KickFlags.IDLE);
                }
                if (d.big[cpu]) {
                    a.set(cpu);
                    o.clear(cpu);
                    nrActive++;
                    dc.set(d.cpdomOfCpu[cpu], DOM_NR_ACTIVE, dc.get(d.cpdomOfCpu[cpu], DOM_NR_ACTIVE) + 1);
                    dc.set(d.cpdomOfCpu[cpu], DOM_CAP_ACTIVE,
                            dc.get(d.cpdomOfCpu[cpu], DOM_CAP_ACTIVE) + d.capacity[cpu]);
                    bigCap += d.capacity[cpu];
                } else {
                    a.clear(cpu);
                    o.set(cpu);
                }
                sumCap += d.capacity[cpu];
            }
            sys.nrActive = d.haveLittleCore ? onlineCpus.nr() : nrActive;
        } else {
            performanceMasks = false;
            int[] order = sys.powerMode == PowerMode.POWERSAVE ? powersaveOrder : performanceOrder;
            int[] caps = orderCaps;
            int nrOnline = 0;
            for (int i = 0; i < order.length; i++) {
                if (onlineCpus.isOnline(order[i])) {
                    caps[nrOnline++] = d.capacity[order[i]];
                }
            }
            java.util.Arrays.fill(caps, nrOnline, caps.length, 0);   // offline CPUs: at the end, no capacity
            int want = PowerMath.nrActiveCpus(PowerMath.requiredCapacity(onlineCpus.nr(), sys.avgUtilInvr), caps);
            int rank = 0;
            for (int i = 0; i < order.length; i++) {
                int cpu = order[i];
                if (!onlineCpus.isOnline(cpu)) {
                    a.clear(cpu);
                    o.clear(cpu);
                    continue;
                }
                if (rank++ < want) {
                    nrActive++;
                    a.set(cpu);
                    o.clear(cpu);
                    int dom = d.cpdomOfCpu[cpu];
                    dc.set(dom, DOM_NR_ACTIVE, dc.get(dom, DOM_NR_ACTIVE) + 1);
                    dc.set(dom, DOM_CAP_ACTIVE, dc.get(dom, DOM_CAP_ACTIVE) + d.capacity[cpu]);
                } else {
                    a.clear(cpu);
                    if (c.get(cpu, CpuCtx.NR_PINNED_TASKS) > 0 || s.dsqNrQueued(Dsq.localOn(cpu)) > 0
                            || (opt.usePerCpuDsq() && s.dsqNrQueued(d.cpuDsqId(cpu)) > 0)) {
                        o.set(cpu);
                    } else if (!o.test(cpu)) {
                        continue;
                    } else if (Long.remainderUnsigned(nextRandom(), CPU_PIN_INTERVAL_DIV) != 0) {
                        o.clear(cpu);
                        continue;
                    }
                }
                // every active or overflow CPU is kicked on each pass: an idle one looks for work again
                s.kickCpu(cpu, KickFlags.IDLE);
                sumCap += d.capacity[cpu];
                if (d.big[cpu]) {
                    bigCap += d.capacity[cpu];
                }
            }
            sys.nrActive = nrActive;
        }
        sys.bigCoreScale = sumCap == 0 ? 1024 : (bigCap << 10) / sumCap;
        rebuildMasks();
    }

    /** The CPU masks derived from the active and overflow bitmaps, rebuilt only when the bitmaps changed. */
    private void rebuildMasks() {
        ComputeDomains d = domains();
        CpuBitmap a = Objects.requireNonNull(active);
        CpuBitmap o = Objects.requireNonNull(overflow);
        OnlineCpus onlineCpus = online();
        int words = maskWords.length / 3;
        boolean same = domainUsable.length > 0 && domainUsable[0] != null;
        for (int w = 0; w < words; w++) {
            if (maskWords[w] != a.word(w) || maskWords[words + w] != o.word(w)
                    || maskWords[2 * words + w] != onlineCpus.word(w)) {
                same = false;
            }
            maskWords[w] = a.word(w);
            maskWords[words + w] = o.word(w);
            maskWords[2 * words + w] = onlineCpus.word(w);
        }
        if (same) {
            return;
        }
        CpuMask.Builder b = CpuMask.builder();
        for (int cpu = 0; cpu < d.nrCpus; cpu++) {
            if ((a.test(cpu) || o.test(cpu)) && onlineCpus.isOnline(cpu)) {
                b.set(cpu);
            }
        }
        usable = b.build();
        for (int dom = 0; dom < d.nrDomains; dom++) {
            domainUsable[dom] = d.domainCpus[dom].and(usable);
        }
    }

    /**
     * {@code plan_x_cpdom_migration} ({@code balance.bpf.c}): a domain's load is its active CPUs' utilisation
     * (scaled by capacity) plus its queued load; its fair share is the total load times its share of active
     * capacity. Domains below fair − δ steal, domains above fair + δ with queued work are stolen from; δ is
     * fair/4, /8 or /16 as fewer domains have room (or {@code mig-delta-pct}). Below {@code lb-low-util-pct} per-CPU
     * utilisation nothing is planned. Each role gets a budget for the round ({@code classify_cpdom}): a stealer may
     * take half its deficit, a stealee give half its excess; {@link #trySteal} spends them.
     */
    private void planLoadBalancing() {
        Scx s = scx();
        ComputeDomains d = domains();
        ContextTable dc = Objects.requireNonNull(domCtx);
        CpuCtx c = cpus();
        CpuBitmap a = Objects.requireNonNull(active);
        long totalLoad = 0;
        long totalCap = 0;
        long maxUtil = 0;
        int withQueue = 0;
        int activeDoms = 0;
        long[] load = domainLoad;
        for (int dom = 0; dom < d.nrDomains; dom++) {
            long util = 0;
            long l = 0;
            int n = 0;
            for (int cpu : domainCpuIds[dom]) {
                if (a.test(cpu)) {
                    long u = c.get(cpu, CpuCtx.AVG_UTIL_WALL);
                    util += u;
                    l += (u * d.capacity[cpu]) >> 10;
                    n++;
                }
            }
            l += dc.get(dom, DOM_QLOAD);
            load[dom] = l;
            totalLoad += l;
            totalCap += dc.get(dom, DOM_CAP_ACTIVE);
            if (n > 0) {
                activeDoms++;
                maxUtil = Math.max(maxUtil, util / n);
                if (dc.get(dom, DOM_QLOAD) > 0) {
                    withQueue++;
                }
            }
        }
        long lowUtil = ((long) opt.lbLowUtilPct() << 10) / 100;
        int shift = withQueue == 0 ? 2 : withQueue >= activeDoms ? 4 : 3;
        long nrStealee = 0;
        for (int dom = 0; dom < d.nrDomains; dom++) {
            setRole(dom, false, 0, false, 0);
            if (maxUtil < lowUtil || totalCap == 0) {
                continue;
            }
            long cap = dc.get(dom, DOM_CAP_ACTIVE);
            long fair = totalLoad * cap / totalCap;
            long delta = opt.migDeltaPct() > 0 ? fair * opt.migDeltaPct() / 100 : fair >> shift;
            if (cap > 0 && load[dom] <= fair - delta) {
                setRole(dom, true, Math.max(0, fair - load[dom]) / 2, false, 0);
            } else if (cap == 0 || load[dom] >= fair + delta) {
                long budget = Math.max(0, load[dom] - fair) / 2;
                if (dc.get(dom, DOM_QLOAD) > 0 && budget > 0) {
                    setRole(dom, false, 0, true, budget);
                    nrStealee++;
                }
            }
        }
        sys.nrStealee = nrStealee;
    }

    /** {@code classify_cpdom}'s writes: a domain steals, is stolen from, or neither, with that role's budget. */
    private void setRole(int dom, boolean stealer, long stealerBudget, boolean stealee, long stealeeBudget) {
        ContextTable dc = Objects.requireNonNull(domCtx);
        dc.set(dom, DOM_IS_STEALER, stealer ? 1 : 0);
        dc.set(dom, DOM_STEALER_BUDGET, stealerBudget);
        dc.set(dom, DOM_IS_STEALEE, stealee ? 1 : 0);
        dc.set(dom, DOM_STEALEE_BUDGET, stealeeBudget);
    }

    /**
     * {@code update_cpuperf_target}: ask for the frequency the CPU's load needs, on the system-wide capacity scale
     * (full capacity from 85 % busy); {@link PowerMath#cpuperfTarget}.
     */
    private void updateCpuperfTarget(int cpu) {
        CpuCtx c = cpus();
        int target = PowerMath.cpuperfTarget(c.get(cpu, CpuCtx.AVG_UTIL_WALL), c.get(cpu, CpuCtx.CUR_UTIL_WALL),
                c.get(cpu, CpuCtx.AVG_UTIL_INVR), c.get(cpu, CpuCtx.CUR_UTIL_INVR), scx().cpuperfCap(cpu),
                opt.noFreqScaling());
        if (c.get(cpu, CpuCtx.CPUPERF_CUR) != target) {
            scx().cpuperfSet(cpu, target);
            c.set(cpu, CpuCtx.CPUPERF_CUR, target);
        }
    }

    // ================================================================== plumbing

    /** {@code bpf_get_prandom_u32}, deterministic: xorshift64 seeded from the options. */
    private long nextRandom() {
        long x = rng;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        rng = x;
        return x;
    }

    private Scx scx() {
        return initialised(scx);
    }

    private ComputeDomains domains() {
        return initialised(cd);
    }

    private OnlineCpus online() {
        return initialised(onl);
    }

    private CpuCtx cpus() {
        return initialised(cctx);
    }

    /** State {@code ops.init} sets up; a callback before it is the engine's bug, not a policy error. */
    private static <T> T initialised(@Nullable T state) {
        if (state == null) {
            throw new IllegalStateException("policy 'lavd' used before init(Scx)");
        }
        return state;
    }
}
