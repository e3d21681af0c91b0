package io.scx4j.core.internal;

import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Scx;
import io.scx4j.topology.CpuMask;

/**
 * Tickless CPUs ({@code nohz_full=}, {@code CONFIG_NO_HZ_FULL}): on a CPU of {@link io.scx4j.core.EngineConfig#nohzFull()}
 * the periodic tick stops while {@code sched_can_stop_tick()} ({@code kernel/sched/core.c}) says nobody needs it,
 * and restarts when a new task is switched in that does. The rules, in the kernel's order:
 * two or more SCHED_RR tasks need the tick (round-robin); otherwise RT work can run tickless; any other RT task
 * queued behind a lower-class one needs it; an ext task may run tickless only if its slice is
 * {@code SCX_SLICE_INF} ({@code scx_can_stop_tick}: the {@code SCX_RQ_CAN_STOP_TICK} flag set by
 * {@code set_next_task_scx}, so a slice changed while running takes effect at the next switch); more than one
 * fair task needs the tick for preemption, and so does a fair task whose cgroup has a {@code cpu.max} quota
 * ({@code cfs_task_bw_constrained}). Idle CPUs take no tick on any CPU (NO_HZ_IDLE). Selftest
 * {@code nohz_tick}.
 */
final class NohzFull {
    private final Kernel k;
    private final CpuMask cpus;

    NohzFull(Kernel kernel) {
        this.k = kernel;
        this.cpus = kernel.config.nohzFull();
    }

    /** {@code sched_can_stop_tick}: true if {@code rq} is a nohz_full CPU whose current task needs no tick. */
    boolean canStopTick(CpuRq rq) {
        if (cpus.isEmpty() || !cpus.contains(rq.cpu)) {
            return false;
        }
        TaskStruct curr = rq.curr;
        if (curr == null) {
            return true;
        }
        if (curr.isRt()) {
            int rr = rq.rt.rrNr + (curr.policy() == SchedPolicy.RR ? 1 : 0);
            return rr <= 1;
        }
        if (rq.rt.nr > 0) {
            return false;
        }
        if (curr.ext && (curr.slice != Scx.SLICE_INF || !k.policyActive())) {
            return false;
        }
        int fairQueued = rq.fair.nr + (curr.ext ? 0 : 1);
        return fairQueued <= 1 && (curr.ext || !CgroupTree.bandwidthConstrained(curr));
    }
}
