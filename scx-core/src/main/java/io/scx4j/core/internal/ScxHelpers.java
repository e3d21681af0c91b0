package io.scx4j.core.internal;

import io.scx4j.api.Cgroup;
import io.scx4j.api.Dsq;
import io.scx4j.api.DsqIterFlags;
import io.scx4j.api.DsqIterator;
import io.scx4j.api.EnqFlags;
import io.scx4j.api.Errno;
import io.scx4j.api.ExitKind;
import io.scx4j.api.KickFlags;
import io.scx4j.api.OpsFlags;
import io.scx4j.api.Scx;
import io.scx4j.api.ScxEvents;
import io.scx4j.api.SelectCpuResult;
import io.scx4j.api.Task;
import io.scx4j.api.TaskFlags;
import io.scx4j.core.internal.Kernel.Ctx;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * The kfunc surface ({@code scx_bpf_*}) the policy calls, with the kernel's context checks: a helper called from a
 * callback that may not use it, with a bad argument, or on a task the callback does not operate on, records a
 * scheduler error (the policy is ejected once the callback returns) and returns a harmless value.
 */
final class ScxHelpers implements Scx {
    private final Kernel k;

    ScxHelpers(Kernel kernel) {
        this.k = kernel;
    }

    // one, two and three contexts without a varargs array: these checks run on every helper call of the hot path
    private boolean allowed(String kfunc, Ctx c1) {
        return allowedIn(kfunc, k.ctx == c1);
    }

    private boolean allowed(String kfunc, Ctx c1, Ctx c2) {
        return allowedIn(kfunc, k.ctx == c1 || k.ctx == c2);
    }

    private boolean allowed(String kfunc, Ctx c1, Ctx c2, Ctx c3) {
        return allowedIn(kfunc, k.ctx == c1 || k.ctx == c2 || k.ctx == c3);
    }

    private boolean allowedIn(String kfunc, boolean inContext) {
        k.checkBudget();
        if (!k.policyActive()) {
            return false;
        }
        if (inContext) {
            return true;
        }
        if (k.progRun.running()) {
            throw k.progRun.refused(kfunc);
        }
        String timer = k.bpfTimers.runningName();
        String from = k.currentOp != null ? "from ops." + k.currentOp.kernelName() + "()"
                : timer != null ? "from BPF timer callback '" + timer + "'" : "outside any callback";
        k.error(ExitKind.ERROR, kfunc + "() called " + from + ", which may not use it");
        return false;
    }

    private boolean allowed(String kfunc, Ctx... contexts) {
        boolean inContext = false;
        for (Ctx c : contexts) {
            inContext |= k.ctx == c;
        }
        return allowedIn(kfunc, inContext);
    }

    private boolean validCpu(String kfunc, int cpu) {
        if (cpu < 0 || cpu >= k.cpus.length || !k.topology.possible().contains(cpu)) {
            k.error(ExitKind.ERROR, kfunc + "(): invalid CPU " + cpu);
            return false;
        }
        return true;
    }

    private static TaskStruct ts(Task p) {
        return (TaskStruct) p;
    }

    // ---------------------------------------------------------------- inserting

    @Override
    public boolean dsqInsert(Task p, long dsqId, long slice, long enqFlags) {
        return insert("scx_bpf_dsq_insert", ts(p), dsqId, slice, enqFlags);
    }

    @Override
    public boolean dsqInsertVtime(Task p, long dsqId, long slice, long vtime, long enqFlags) {
        if (!k.policyActive()) {
            return false;
        }
        ts(p).dsqVtime = vtime;
        return insert("scx_bpf_dsq_insert_vtime", ts(p), dsqId, slice, enqFlags | Kernel.ENQ_DSQ_PRIQ);
    }

    private boolean insert(String kfunc, TaskStruct p, long dsqId, long slice, long enqFlags) {
        if (!allowed(kfunc, Ctx.SELECT_CPU, Ctx.ENQUEUE, Ctx.DISPATCH)) {
            return false;
        }
        if (p == null) {
            k.error(ExitKind.ERROR, kfunc + "(): NULL task");
            return false;
        }
        if ((enqFlags & EnqFlags.INTERNAL_MASK & ~Kernel.ENQ_DSQ_PRIQ) != 0) {
            k.error(ExitKind.ERROR, kfunc + "(): invalid enq_flags 0x" + Long.toHexString(enqFlags));
            return false;
        }
        enqFlags = k.immed.vet(kfunc, dsqId, enqFlags);
        if (enqFlags < 0) {
            return false;
        }
        p.slice = slice != 0 ? slice : (p.slice != 0 ? p.slice : 1);
        if (k.ctx == Ctx.DISPATCH) {
            CpuRq rq = k.cpus[k.thisCpu];
            if (rq.dspCount >= k.maxBatch) {
                k.error(ExitKind.ERROR, "dispatch buffer overflow (" + k.maxBatch + " inserts without a flush)");
                return false;
            }
            int i = rq.dspCount++;
            rq.dspTask[i] = p;
            rq.dspDsq[i] = dsqId;
            rq.dspFlags[i] = enqFlags;
            rq.dspQseq[i] = p.qseq;
            rq.dspInserted++;
            return true;
        }
        if (p != k.currentTask) {
            k.error(ExitKind.ERROR, kfunc + "() on " + p + ", which is not the task being scheduled ("
                    + k.currentTask + ")");
            return false;
        }
        if (p.ddspDsq != Dsq.INVALID) {
            k.error(ExitKind.ERROR, p + " already direct-dispatched to " + Dsq.format(p.ddspDsq));
            return false;
        }
        p.ddspDsq = dsqId;
        p.ddspEnqFlags = enqFlags;
        return true;
    }

    @Override
    public int dispatchNrSlots() {
        if (!allowed("scx_bpf_dispatch_nr_slots", Ctx.DISPATCH)) {
            return 0;
        }
        return k.maxBatch - k.cpus[k.thisCpu].dspCount;
    }

    @Override
    public void dispatchCancel() {
        if (!allowed("scx_bpf_dispatch_cancel", Ctx.DISPATCH)) {
            return;
        }
        CpuRq rq = k.cpus[k.thisCpu];
        if (rq.dspCount == 0) {
            k.error(ExitKind.ERROR, "scx_bpf_dispatch_cancel(): dispatch buffer underflow");
            return;
        }
        rq.dspTask[--rq.dspCount] = null;
        rq.dspInserted--;
    }

    @Override
    public boolean dsqMoveToLocal(long dsqId) {
        return dsqMoveToLocal(dsqId, 0);
    }

    @Override
    public boolean dsqMoveToLocal(long dsqId, long enqFlags) {
        if (!allowed("scx_bpf_dsq_move_to_local", Ctx.DISPATCH)) {
            return false;
        }
        if ((enqFlags & EnqFlags.INTERNAL_MASK) != 0) {
            k.error(ExitKind.ERROR, "scx_bpf_dsq_move_to_local(): invalid enq_flags 0x" + Long.toHexString(enqFlags));
            return false;
        }
        enqFlags = k.immed.vet("scx_bpf_dsq_move_to_local", Dsq.LOCAL, enqFlags);
        CpuRq rq = k.cpus[k.thisCpu];
        k.flushDispatch(rq);
        DispatchQueue q = userDsq("scx_bpf_dsq_move_to_local", dsqId);
        if (q == null) {
            return false;
        }
        TaskStruct t = q.firstFor(rq.cpu);
        if (t == null || !rq.online) {
            return false;
        }
        q.remove(t);
        k.insert(t, Dsq.localOn(rq.cpu), enqFlags & ~Kernel.ENQ_DSQ_PRIQ, rq.cpu);
        rq.dspInserted++;
        return true;
    }

    private DispatchQueue userDsq(String kfunc, long dsqId) {
        if (Dsq.isBuiltin(dsqId)) {
            k.error(ExitKind.ERROR, kfunc + "(): built-in DSQ " + Dsq.format(dsqId) + " is not allowed here");
            return null;
        }
        DispatchQueue q = k.userDsqs.get(dsqId);
        if (q == null) {
            k.error(ExitKind.ERROR, kfunc + "(): non-existent DSQ " + Dsq.format(dsqId));
        }
        return q;
    }

    // ---------------------------------------------------------------- iterating and moving

    /**
     * {@code bpf_iter_scx_dsq_new}: a walk from the pool of reusable walks ({@link DsqWalks}), so iterating allocates
     * nothing in the steady state; it stays valid until it is exhausted or its callback returns.
     */
    @Override
    public DsqIterator dsqIter(long dsqId, long flags) {
        k.checkBudget();
        if ((flags & ~DsqIterFlags.REV) != 0) {
            k.error(ExitKind.ERROR, "bpf_iter_scx_dsq_new(): invalid flags 0x" + Long.toHexString(flags));
            return k.dsqWalks.open(null, false);
        }
        DispatchQueue q = Dsq.isUser(dsqId) ? k.userDsqs.get(dsqId) : null;
        return k.dsqWalks.open(q, (flags & DsqIterFlags.REV) != 0);
    }

    @Override
    public boolean dsqMove(DsqIterator it, Task p, long dsqId, long enqFlags) {
        return move("scx_bpf_dsq_move", it, ts(p), dsqId, enqFlags);
    }

    @Override
    public boolean dsqMoveVtime(DsqIterator it, Task p, long dsqId, long enqFlags) {
        return move("scx_bpf_dsq_move_vtime", it, ts(p), dsqId, enqFlags | Kernel.ENQ_DSQ_PRIQ);
    }

    private boolean move(String kfunc, DsqIterator iterator, TaskStruct p, long dsqId, long enqFlags) {
        if (!allowed(kfunc, Ctx.DISPATCH, Ctx.UNLOCKED)) {
            return false;
        }
        if (!(iterator instanceof DsqWalk it)) {
            return false;
        }
        enqFlags = k.immed.vet(kfunc, dsqId, enqFlags);
        if (enqFlags < 0) {
            return false;
        }
        if (!it.stillQueued(p)) {
            // scx_dsq_move: taken, dequeued or re-queued since the walk began; no move, the overrides dropped anyway
            it.clearOverrides();
            return false;
        }
        it.q.remove(p);
        it.applyOverrides(p);
        int cpu = k.ctx == Ctx.DISPATCH ? k.thisCpu : p.cpu;
        k.insert(p, dsqId, enqFlags, cpu);
        if (k.ctx == Ctx.DISPATCH) {
            k.cpus[k.thisCpu].dspInserted++;
        }
        return true;
    }

    @Override
    public int reenqueueLocal() {
        if (!allowed("scx_bpf_reenqueue_local", Ctx.CPU_RELEASE, Ctx.REST, Ctx.DISPATCH, Ctx.ENQUEUE,
                Ctx.SELECT_CPU, Ctx.UNLOCKED)) {
            return 0;
        }
        return reenq(k.cpus[k.thisCpu].local);
    }

    private int reenq(DispatchQueue q) {
        int n = 0;
        List<TaskStruct> taken = new ArrayList<>();
        for (TaskStruct t = q.head; t != null; t = t.dsqNext) {
            taken.add(t);
        }
        for (TaskStruct t : taken) {
            q.remove(t);
            t.scxFlags = (t.scxFlags & ~TaskFlags.REENQ_REASON_MASK) | TaskFlags.REENQ_KFUNC;
            k.doEnqueue(t, EnqFlags.REENQ);
            t.scxFlags &= ~TaskFlags.REENQ_REASON_MASK;
            n++;
        }
        return n;
    }

    @Override
    public void dsqReenq(long dsqId, long reenqFlags) {
        k.checkBudget();
        if (!k.policyActive()) {
            return;
        }
        if (dsqId == Dsq.GLOBAL) {
            k.error(ExitKind.ERROR, "scx_bpf_dsq_reenq(): the global DSQ cannot be re-enqueued");
            return;
        }
        DispatchQueue q;
        if (dsqId == Dsq.LOCAL) {
            q = k.cpus[k.thisCpu].local;
        } else if (Dsq.isLocalOn(dsqId)) {
            int cpu = (int) (dsqId & Dsq.LOCAL_CPU_MASK);
            if (!validCpu("scx_bpf_dsq_reenq", cpu)) {
                return;
            }
            q = k.cpus[cpu].local;
        } else {
            q = userDsq("scx_bpf_dsq_reenq", dsqId);
        }
        if (q != null) {
            reenq(q);
        }
    }

    // ---------------------------------------------------------------- DSQ lifecycle

    @Override
    public int createDsq(long dsqId, int node) {
        if (!allowed("scx_bpf_create_dsq", Ctx.UNLOCKED)) {
            return -Errno.EINVAL;
        }
        if (Dsq.isBuiltin(dsqId) || node < NUMA_NO_NODE || node >= k.topology.nodes().size()) {
            return -Errno.EINVAL;
        }
        if (k.userDsqs.containsKey(dsqId)) {
            return -Errno.EEXIST;
        }
        k.userDsqs.put(dsqId, new DispatchQueue(dsqId, -1));
        return 0;
    }

    @Override
    public void destroyDsq(long dsqId) {
        k.checkBudget();
        DispatchQueue q = Dsq.isUser(dsqId) ? k.userDsqs.get(dsqId) : null;
        if (q == null) {
            return;
        }
        if (!q.isEmpty()) {
            k.error(ExitKind.ERROR, "destroying non-empty DSQ " + q.name() + " (" + q.nr + " tasks)");
            return;
        }
        k.userDsqs.remove(dsqId);
    }

    @Override
    public int dsqNrQueued(long dsqId) {
        k.checkBudget();
        if (dsqId == Dsq.LOCAL) {
            return k.cpus[k.thisCpu].local.nr;
        }
        if (Dsq.isLocalOn(dsqId)) {
            int cpu = (int) (dsqId & Dsq.LOCAL_CPU_MASK);
            return validCpu("scx_bpf_dsq_nr_queued", cpu) ? k.cpus[cpu].local.nr : -Errno.ENOENT;
        }
        DispatchQueue q = Dsq.isUser(dsqId) ? k.userDsqs.get(dsqId) : null;
        return q == null ? -Errno.ENOENT : q.nr;
    }

    @Override
    public Task dsqPeek(long dsqId) {
        k.checkBudget();
        DispatchQueue q = userDsq("scx_bpf_dsq_peek", dsqId);
        return q == null ? null : q.head;
    }

    // ---------------------------------------------------------------- CPUs

    @Override
    public void kickCpu(int cpu, long flags) {
        k.checkBudget();
        if (!k.policyActive() || !validCpu("scx_bpf_kick_cpu", cpu)) {
            return;
        }
        if ((flags & KickFlags.IDLE) != 0 && (flags & (KickFlags.PREEMPT | KickFlags.WAIT)) != 0) {
            k.error(ExitKind.ERROR, "scx_bpf_kick_cpu(): SCX_KICK_IDLE cannot be combined with PREEMPT or WAIT");
            return;
        }
        CpuRq rq = k.cpus[cpu];
        if (!rq.online && cpu != k.thisCpu) {
            return;
        }
        if ((flags & KickFlags.IDLE) != 0) {
            // idle, or mid-balance and possibly about to go idle (kick_one_cpu_if_idle / can_skip_idle_kick)
            if (rq.isIdle() || k.balancing == rq) {
                k.resched(rq);
            }
            return;
        }
        if ((flags & KickFlags.PREEMPT) != 0 && rq.curr != null && rq.curr.ext) {
            rq.curr.slice = 0;
        }
        if ((flags & KickFlags.WAIT) != 0) {
            k.kickWait.kick(k.thisCpu, rq);
        }
        k.resched(rq);
    }

    private boolean idleTracking(String kfunc) {
        if (!k.builtinIdle) {
            k.error(ExitKind.ERROR, kfunc + "(): built-in idle tracking is disabled (ops.update_idle without "
                    + "SCX_OPS_KEEP_BUILTIN_IDLE)");
            return false;
        }
        return true;
    }

    private boolean flatIdle(String kfunc) {
        if (!idleTracking(kfunc)) {
            return false;
        }
        if ((k.opsFlags & OpsFlags.BUILTIN_IDLE_PER_NODE) != 0) {
            k.error(ExitKind.ERROR, kfunc + "(): per-node idle tracking is enabled, use the _node variant");
            return false;
        }
        return true;
    }

    @Override
    public SelectCpuResult selectCpuDfl(Task p, int prevCpu, long wakeFlags) {
        if (!allowed("scx_bpf_select_cpu_dfl", Ctx.SELECT_CPU, Ctx.ENQUEUE, Ctx.UNLOCKED)
                || !idleTracking("scx_bpf_select_cpu_dfl") || !validCpu("scx_bpf_select_cpu_dfl", prevCpu)) {
            return new SelectCpuResult(prevCpu, false);
        }
        return k.idle.selectCpuDfl(ts(p), prevCpu, wakeFlags, ts(p).cpusAllowed(), 0);
    }

    @Override
    public int selectCpuAnd(Task p, int prevCpu, long wakeFlags, CpuMask allowedCpus, long flags) {
        if (!allowed("scx_bpf_select_cpu_and", Ctx.SELECT_CPU, Ctx.ENQUEUE, Ctx.UNLOCKED)) {
            return -Errno.EPERM;
        }
        if (!idleTracking("scx_bpf_select_cpu_and") || !validCpu("scx_bpf_select_cpu_and", prevCpu)) {
            return -Errno.EINVAL;
        }
        SelectCpuResult r = k.idle.selectCpuDfl(ts(p), prevCpu, wakeFlags, allowedCpus, flags);
        return r.idle() ? r.cpu() : -Errno.EBUSY;
    }

    @Override
    public int pickIdleCpu(CpuMask mask, long flags) {
        k.checkBudget();
        if (!flatIdle("scx_bpf_pick_idle_cpu")) {
            return -Errno.EBUSY;
        }
        return k.idle.pickIdle(mask, flags);
    }

    @Override
    public int pickIdleCpuNode(CpuMask mask, int node, long flags) {
        k.checkBudget();
        if (!idleTracking("scx_bpf_pick_idle_cpu_node") || !validNode(node)) {
            return -Errno.EBUSY;
        }
        int c = k.idle.pickIdle(mask.and(k.topology.nodes().get(node).cpus()), flags);
        if (c >= 0 || (flags & io.scx4j.api.PickFlags.IDLE_IN_NODE) != 0) {
            return c;
        }
        return k.idle.pickIdle(mask, flags);
    }

    private boolean validNode(int node) {
        if (node < 0 || node >= k.topology.nodes().size()) {
            k.error(ExitKind.ERROR, "invalid node " + node);
            return false;
        }
        return true;
    }

    @Override
    public int pickAnyCpu(CpuMask mask, long flags) {
        k.checkBudget();
        if (k.builtinIdle && (k.opsFlags & OpsFlags.BUILTIN_IDLE_PER_NODE) == 0) {
            int c = k.idle.pickIdle(mask, flags);
            if (c >= 0) {
                return c;
            }
        }
        for (int c = mask.first(); c >= 0; c = mask.next(c + 1)) {
            if (c < k.cpus.length && k.cpus[c].online) {
                return c;
            }
        }
        return -Errno.EBUSY;
    }

    @Override
    public int pickAnyCpuNode(CpuMask mask, int node, long flags) {
        k.checkBudget();
        if (!validNode(node)) {
            return -Errno.EBUSY;
        }
        int c = pickIdleCpuNode(mask, node, flags);
        return c >= 0 ? c : pickAnyCpu(mask, flags);
    }

    @Override
    public boolean testAndClearCpuIdle(int cpu) {
        k.checkBudget();
        if (!validCpu("scx_bpf_test_and_clear_cpu_idle", cpu) || !idleTracking("scx_bpf_test_and_clear_cpu_idle")) {
            return false;
        }
        return k.idle.testAndClear(cpu);
    }

    @Override
    public CpuMask idleCpumask() {
        return flatIdle("scx_bpf_get_idle_cpumask") ? k.idle.idleMask() : CpuMask.empty();
    }

    @Override
    public CpuMask idleSmtmask() {
        return flatIdle("scx_bpf_get_idle_smtmask") ? k.idle.idleSmtMask() : CpuMask.empty();
    }

    @Override
    public CpuMask idleCpumaskNode(int node) {
        return idleTracking("scx_bpf_get_idle_cpumask_node") && validNode(node)
                ? k.idle.idleMask().and(k.topology.nodes().get(node).cpus()) : CpuMask.empty();
    }

    @Override
    public CpuMask idleSmtmaskNode(int node) {
        return idleTracking("scx_bpf_get_idle_smtmask_node") && validNode(node)
                ? k.idle.idleSmtMask().and(k.topology.nodes().get(node).cpus()) : CpuMask.empty();
    }

    // ---------------------------------------------------------------- topology and performance

    @Override
    public CpuMask onlineCpumask() {
        return k.hotplug.online();
    }

    @Override
    public CpuMask possibleCpumask() {
        return k.topology.possible();
    }

    @Override
    public int nrCpuIds() {
        return k.cpus.length;
    }

    @Override
    public int nrNodeIds() {
        return k.topology.nodes().size();
    }

    @Override
    public int cpuNode(int cpu) {
        return validCpu("scx_bpf_cpu_node", cpu) ? k.topology.nodeOf(cpu).id() : 0;
    }

    @Override
    public Topology topology() {
        return k.topology;
    }

    @Override
    public int cpuperfCap(int cpu) {
        return validCpu("scx_bpf_cpuperf_cap", cpu) ? k.cpus[cpu].capacity : CPUPERF_ONE;
    }

    @Override
    public int cpuperfCur(int cpu) {
        return validCpu("scx_bpf_cpuperf_cur", cpu) ? k.cpus[cpu].perfCur : CPUPERF_ONE;
    }

    @Override
    public void cpuperfSet(int cpu, int perf) {
        if (!validCpu("scx_bpf_cpuperf_set", cpu)) {
            return;
        }
        if (perf < 0 || perf > CPUPERF_ONE) {
            k.error(ExitKind.ERROR, "scx_bpf_cpuperf_set(): perf " + perf + " out of range 0..1024");
            return;
        }
        k.machine.cpuperfSet(k.cpus[cpu], perf);
    }

    // ---------------------------------------------------------------- time and tasks

    @Override
    public long now() {
        return k.now;
    }

    @Override
    public int taskCpu(Task p) {
        return ts(p).cpu;
    }

    /** {@code bpf_task_from_pid()}: a linear search of the tasks (not meant for a hot path). */
    @Override
    public Task taskFromPid(int pid) {
        for (int i = 0; i < k.tasks.size(); i++) {
            TaskStruct t = k.tasks.get(i);
            if (t.pid() == pid && t.runState != TaskStruct.RunState.DEAD && t.runState != TaskStruct.RunState.NEW) {
                return t;
            }
        }
        return null;
    }

    /**
     * {@code scx_bpf_task_running()}: true while {@code p} is its CPU's current task ({@code task_rq(p)->curr == p}),
     * which includes the callbacks made as it leaves the CPU: a task preempted and re-enqueued from
     * {@code put_prev_task_scx} is still "running" in its own {@code ops.enqueue}.
     */
    @Override
    public boolean taskRunning(Task p) {
        TaskStruct t = ts(p);
        return k.cpus[t.cpu].curr == t;
    }

    @Override
    public Task currentTask() {
        return k.wakeContext.waker();
    }

    @Override
    public boolean inHardirq() {
        return k.wakeContext.hardirq();
    }

    @Override
    public Task cpuCurr(int cpu) {
        return validCpu("scx_bpf_cpu_curr", cpu) ? k.cpus[cpu].curr : null;
    }

    @Override
    public Cgroup taskCgroup(Task p) {
        return p.cgroup();
    }

    @Override
    public ScxEvents events() {
        return k.eventCounters();
    }

    // ---------------------------------------------------------------- errors, exit, dump

    @Override
    public io.scx4j.api.BpfTimer timerInit(String name, io.scx4j.api.BpfTimerCallback cb) {
        if (k.currentOp != io.scx4j.api.Op.INIT) {
            String from = k.currentOp == null ? "outside ops.init()" : "from ops." + k.currentOp.kernelName() + "()";
            k.error(ExitKind.ERROR, "bpf_timer_init(" + name + ") called " + from + "; timers are created in ops.init()");
        }
        return k.bpfTimers.create(name, cb);
    }

    @Override
    public void error(String format, Object... args) {
        k.claimExit(ExitKind.ERROR_BPF, 0, String.format(format, args));
    }

    @Override
    public void exit(long code, String format, Object... args) {
        k.claimExit(ExitKind.UNREG_BPF, code, String.format(format, args));
    }

    @Override
    public void dump(String format, Object... args) {
        k.appendDump(String.format(format, args));
    }
}
