package io.scx4j.core.internal;

import io.scx4j.api.Errno;
import io.scx4j.api.OpsFlags;
import io.scx4j.api.PickFlags;
import io.scx4j.api.SelectCpuResult;
import io.scx4j.api.WakeFlags;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import java.util.BitSet;

/**
 * Built-in idle tracking and default CPU selection ({@code kernel/sched/ext_idle.c}, reference §7.1): the idle-CPU
 * mask, the idle-SMT mask (CPUs whose whole core is idle), claiming, and {@code scx_select_cpu_dfl}'s search order.
 * Searches start after the CPU picked last time, like {@code cpumask_any_and_distribute}, so picks spread.
 */
final class IdleTracker {
    private final Kernel kernel;
    private final Topology topology;
    private final BitSet idle = new BitSet();
    private int cursor;
    private CpuMask idleSnapshot;
    private CpuMask smtSnapshot;
    /** The preallocated return values of {@link #selectCpuDfl}. */
    private final SelectCpuResults results;

    IdleTracker(Kernel kernel) {
        this.kernel = kernel;
        this.topology = kernel.topology;
        this.results = new SelectCpuResults(kernel.cpus.length);
    }

    /** On load every online CPU that is idle is marked idle. */
    void reset() {
        idle.clear();
        for (CpuRq rq : kernel.cpus) {
            if (rq.online && rq.isIdle()) {
                idle.set(rq.cpu);
            }
            rq.idleNotified = rq.isIdle();
        }
        invalidate();
    }

    /** The CPU switched to the idle task: refresh its bit (also after a claim that brought no task). */
    void setIdle(int cpu) {
        if (!kernel.cpus[cpu].online) {
            return;
        }
        idle.set(cpu);
        invalidate();
        CpuRq rq = kernel.cpus[cpu];
        if (!rq.idleNotified) {
            rq.idleNotified = true;
            kernel.callUpdateIdle(cpu, true);
        }
    }

    /** The CPU went offline (hotplug): it leaves the idle masks without an {@code update_idle} notification. */
    void offline(int cpu) {
        idle.clear(cpu);
        invalidate();
    }

    /** The CPU left the idle task. */
    void setBusy(int cpu) {
        idle.clear(cpu);
        invalidate();
        CpuRq rq = kernel.cpus[cpu];
        if (rq.idleNotified) {
            rq.idleNotified = false;
            kernel.callUpdateIdle(cpu, false);
        }
    }

    boolean isIdle(int cpu) {
        return idle.get(cpu);
    }

    /** {@code scx_bpf_test_and_clear_cpu_idle}. */
    boolean testAndClear(int cpu) {
        if (!idle.get(cpu)) {
            return false;
        }
        idle.clear(cpu);
        invalidate();
        return true;
    }

    private boolean coreIdle(int cpu) {
        CpuMask siblings = topology.smtSiblings(cpu);
        for (int c = siblings.first(); c >= 0; c = siblings.next(c + 1)) {
            if (!idle.get(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code scx_pick_idle_cpu}: whole idle cores first (with SMT), then any idle CPU; -EBUSY if none. */
    int pickIdle(CpuMask allowed, long flags) {
        if (topology.smtActive()) {
            int c = search(null, allowed, null, true);
            if (c >= 0 || (flags & PickFlags.IDLE_CORE) != 0) {
                return c >= 0 ? claim(c) : -Errno.EBUSY;
            }
        }
        int c = search(null, allowed, null, false);
        return c >= 0 ? claim(c) : -Errno.EBUSY;
    }

    private int claim(int cpu) {
        idle.clear(cpu);
        invalidate();
        cursor = cpu + 1;
        return cpu;
    }

    /**
     * The first idle online CPU at or after the cursor (wrapping) that lies in every given mask ({@code domain} and
     * {@code also} may be null: no restriction). Masks are tested, not intersected, so nothing is allocated.
     */
    private int search(CpuMask domain, CpuMask allowed, CpuMask also, boolean wholeCore) {
        int n = kernel.cpus.length;
        for (int i = 0; i < n; i++) {
            int c = (cursor + i) % n;
            if (idle.get(c) && allowed.contains(c) && (domain == null || domain.contains(c))
                    && (also == null || also.contains(c)) && kernel.cpus[c].online && (!wholeCore || coreIdle(c))) {
                return c;
            }
        }
        return -1;
    }

    /**
     * {@code scx_select_cpu_dfl} (reference §7.1), restricted to {@code allowed}. A result marked idle is a CPU the
     * task should be dispatched to directly: a claimed idle CPU, or, for a sync wake-up, the waker's CPU (step 1).
     */
    SelectCpuResult selectCpuDfl(TaskStruct p, int prev, long wakeFlags, CpuMask allowed, long flags) {
        CpuMask taskMask = p.cpusAllowed();
        if (!allowed.intersects(taskMask)) {
            return results.of(prev, false);
        }
        boolean prevAllowed = allowed.contains(prev) && taskMask.contains(prev);
        if ((wakeFlags & WakeFlags.SYNC) != 0) {
            int c = syncWakeCpu(prev, prevAllowed, allowed, taskMask, flags);
            if (c >= 0) {
                return results.of(c, true);
            }
        }
        CpuMask llc = topology.llcOf(prev).cpus();
        CpuMask node = topology.nodeOf(prev).cpus();
        if (topology.smtActive()) {
            if (prevAllowed && idle.get(prev) && coreIdle(prev)) {
                return results.of(claim(prev), true);
            }
            int c = searchNearest(llc, node, allowed, taskMask, true);
            if (c >= 0) {
                return results.of(claim(c), true);
            }
            if ((flags & PickFlags.IDLE_CORE) != 0) {
                return results.of(prev, false);
            }
        }
        if (prevAllowed && testAndClear(prev)) {
            return results.of(prev, true);
        }
        if (topology.smtActive()) {
            int c = search(topology.smtSiblings(prev), allowed, taskMask, false);
            if (c >= 0) {
                return results.of(claim(c), true);
            }
        }
        int c = searchNearest(llc, node, allowed, taskMask, false);
        return c >= 0 ? results.of(claim(c), true) : results.of(prev, false);
    }

    /**
     * Step 1 of {@code scx_select_cpu_dfl} for an {@code SCX_WAKE_SYNC} wake-up ({@code kernel/sched/ext_idle.c}),
     * or -1 to go on with the ordinary order. The waker is about to sleep, so its CPU ({@code smp_processor_id()},
     * here the CPU the waking task runs on, {@link WakeContext#waker()}) will soon be free:
     * <ol>
     *   <li>if {@code prev} is allowed, shares a last-level cache with the waker's CPU ({@code cpus_share_cache}:
     *       same LLC, or the same CPU) and is idle, claim and return {@code prev}: no migration at all;</li>
     *   <li>else, if the waker is not exiting ({@code PF_EXITING}), the waker's local DSQ is empty
     *       ({@code cpu_rq(cpu)->scx.local_dsq.nr == 0}: nobody else waits for that CPU), some CPU is idle (the
     *       machine is not saturated; with {@code SCX_OPS_BUILTIN_IDLE_PER_NODE}, some CPU of the waker's node, and
     *       with {@code SCX_PICK_IDLE_IN_NODE} only if the waker's node is {@code prev}'s) and the task may run on
     *       the waker's CPU, return the waker's CPU. It is not idle and is not claimed, yet the kernel reports it as
     *       found: the default path and {@code scx_bpf_select_cpu_dfl} ({@code is_idle = true}) dispatch the task
     *       to that CPU's local DSQ, where it runs as soon as the waker sleeps.</li>
     * </ol>
     * The idle check looks at every idle CPU, not only those the task may use, as the kernel does. Without a waking
     * task (a policy passing the flag for a timer wake-up) there is no waker CPU in the model and step 1 is skipped.
     */
    private int syncWakeCpu(int prev, boolean prevAllowed, CpuMask allowed, CpuMask taskMask, long flags) {
        TaskStruct waker = kernel.wakeContext.waker();
        if (waker == null) {
            return -1;
        }
        int cpu = waker.cpu;
        boolean shareCache = cpu == prev || topology.llcOf(cpu).id() == topology.llcOf(prev).id();
        if (prevAllowed && shareCache && testAndClear(prev)) {
            return prev;
        }
        boolean perNode = (kernel.opsFlags & OpsFlags.BUILTIN_IDLE_PER_NODE) != 0;
        int wakerNode = topology.nodeOf(cpu).id();
        boolean nodeOk = !perNode || (flags & PickFlags.IDLE_IN_NODE) == 0 || wakerNode == topology.nodeOf(prev).id();
        boolean someIdle = perNode ? search(null, topology.nodeOf(cpu).cpus(), null, false) >= 0
                : !idle.isEmpty();
        if (!waker.exiting && kernel.cpus[cpu].local.nr == 0 && nodeOk && someIdle
                && allowed.contains(cpu) && taskMask.contains(cpu)) {
            return cpu;
        }
        return -1;
    }

    /** Searches prev's LLC, then its node, then everywhere. */
    private int searchNearest(CpuMask llc, CpuMask node, CpuMask allowed, CpuMask taskMask, boolean wholeCore) {
        int c = search(llc, allowed, taskMask, wholeCore);
        if (c < 0) {
            c = search(node, allowed, taskMask, wholeCore);
        }
        if (c < 0) {
            c = search(null, allowed, taskMask, wholeCore);
        }
        return c;
    }

    CpuMask idleMask() {
        if (idleSnapshot == null) {
            CpuMask.Builder b = CpuMask.builder();
            idle.stream().forEach(b::set);
            idleSnapshot = b.build();
        }
        return idleSnapshot;
    }

    CpuMask idleSmtMask() {
        if (smtSnapshot == null) {
            CpuMask.Builder b = CpuMask.builder();
            idle.stream().filter(this::coreIdle).forEach(b::set);
            smtSnapshot = b.build();
        }
        return smtSnapshot;
    }

    private void invalidate() {
        idleSnapshot = null;
        smtSnapshot = null;
    }
}
