package io.scx4j.core.internal;

import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;

/**
 * A task's default affinity is every <em>possible</em> CPU, not the CPUs online when it was forked. In Linux,
 * {@code sched_init_smp} ({@code kernel/sched/core.c}) sets init's mask to {@code housekeeping_cpumask(HK_TYPE_DOMAIN)},
 * which without CPU isolation ({@code isolcpus=}, not modelled) is {@code cpu_possible_mask}; every task forked later
 * inherits it ({@code dup_task_struct}). Hotplug never edits such a mask: a CPU going offline only leaves
 * {@code cpu_online_mask}/{@code cpu_active_mask}, and every placement intersects the task's mask with those:
 * {@code is_cpu_allowed} accepts a CPU for a user task only if it is in the task's mask <em>and</em>
 * {@code cpu_active}, {@code select_task_rq} falls back to {@code select_fallback_rq} when the chosen CPU is not
 * allowed, and the sched_ext idle masks only ever hold online CPUs ({@code kernel/sched/ext_idle.c}). So a task
 * forked while CPU 3 is offline runs on CPU 3 once it comes online, and its policy gets no {@code ops.set_cpumask}
 * when a CPU goes away.
 *
 * <p>When a task's mask holds no online CPU at all, {@code select_fallback_rq} breaks the affinity: the cpuset
 * fallback (the root cpuset allows every possible CPU) or, failing that, {@code task_cpu_fallback_mask} (the
 * housekeeping CPUs: every possible CPU without CPU isolation, which the model does not have), printing
 * "no longer affine to cpuN". {@link #fallbackMask(Topology)} is that mask.
 */
final class PossibleMask {
    private PossibleMask() {
    }

    /** The affinity of a task whose spec names none: {@code cpu_possible_mask}. */
    static CpuMask defaultMask(Topology topology) {
        return topology.possible();
    }

    /** The mask {@code select_fallback_rq} gives a task none of whose allowed CPUs is online. */
    static CpuMask fallbackMask(Topology topology) {
        return topology.possible();
    }

    /**
     * Invariant: a runnable task never waits on a run queue of an offline CPU (its fair or RT run queue or its local
     * DSQ): {@code sched_cpu_dying} has moved them all away, and no placement puts a task there.
     */
    static void checkNotQueuedOffline(Kernel k, TaskStruct t) {
        if (t.dsq != null && t.dsq.cpu >= 0 && !k.cpus[t.dsq.cpu].online) {
            throw new IllegalStateException(t + " waits on the local DSQ of CPU " + t.dsq.cpu + ", which is offline");
        }
        if ((t.onFairRq || t.onRtRq) && !k.cpus[t.cpu].online) {
            throw new IllegalStateException(t + " waits on the " + (t.onFairRq ? "fair" : "RT") + " run queue of CPU "
                    + t.cpu + ", which is offline");
        }
    }
}
