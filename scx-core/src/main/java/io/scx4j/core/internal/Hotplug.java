package io.scx4j.core.internal;

import io.scx4j.api.ExitCodes;
import io.scx4j.api.ExitKind;
import io.scx4j.api.Op;
import io.scx4j.topology.CpuMask;

/**
 * CPU hotplug ({@code kernel/sched/ext.c} {@code scx_rq_activate}/{@code scx_rq_deactivate} → {@code handle_hotplug},
 * {@code rq_online_scx}/{@code rq_offline_scx}; reference §7.4 and selftest {@code hotplug}). Every event bumps
 * {@code scx_hotplug_seq}. A loaded policy hears of it through {@code ops.cpu_online}/{@code ops.cpu_offline}; a
 * policy without the op for that direction is ejected with {@code SCX_EXIT_UNREG_KERN} and exit code
 * {@code SCX_ECODE_ACT_RESTART | SCX_ECODE_RSN_HOTPLUG} ("cpu N going online/offline, exiting scheduler"), asking
 * its user space to restart it on the new set of CPUs.
 *
 * <p>Going offline, the CPU stops running tasks: the current task is switched out and every task queued on the CPU
 * (its local DSQ, its fair and RT run queues) is placed again on an online CPU it may use ({@code sched_cpu_dying}
 * migrating the run queue). Ext tasks are handed to {@code ops.enqueue} again (their {@code runnable}/{@code
 * quiescent} pair is not repeated: the engine treats the move like an SCX-internal migration). A task whose affinity
 * holds no online CPU any more (an explicit affinity: the default mask is every possible CPU,
 * {@link PossibleMask}, and is never broken) gets every possible CPU, as {@code select_fallback_rq} breaks affinity
 * ("no longer affine to cpuN"), and an ext task's policy hears the new mask through {@code ops.set_cpumask}. The idle masks drop
 * the CPU. Coming online, the CPU is idle and joins the idle masks. The last online CPU cannot go offline (the
 * kernel answers {@code -EBUSY}); the engine throws.
 */
final class Hotplug {
    private final Kernel k;
    private CpuMask online;

    Hotplug(Kernel kernel) {
        this.k = kernel;
        this.online = kernel.topology.online();
    }

    /** The CPUs online now ({@code cpu_online_mask}). */
    CpuMask online() {
        return online;
    }

    /** Schedules a hotplug event; the CPU must be a possible CPU. */
    void schedule(long timeNs, int cpu, boolean goOnline) {
        if (cpu < 0 || cpu >= k.cpus.length || !k.topology.possible().contains(cpu)) {
            throw new IllegalArgumentException("hotplug: CPU " + cpu + " is not a possible CPU of topology '"
                    + k.topology.name() + "' (possible: " + k.topology.possible() + ")");
        }
        if (timeNs < k.now) {
            throw new IllegalArgumentException("hotplug: time " + timeNs + " ns is in the past (now " + k.now + " ns)");
        }
        k.post(timeNs, Kernel.EV_HOTPLUG, cpu, goOnline ? 1 : 0);
    }

    /** The event fires: {@code cpu} goes online or offline. */
    void apply(int cpu, boolean goOnline) {
        CpuRq rq = k.cpus[cpu];
        if (rq.online == goOnline) {
            return;
        }
        if (!goOnline && online.weight() == 1) {
            throw new IllegalStateException("hotplug at " + k.now + " ns: CPU " + cpu
                    + " is the last online CPU and cannot go offline (the kernel refuses with -EBUSY)");
        }
        k.hotplugSeq++;
        if (goOnline) {
            rq.online = true;
            online = online.with(cpu);
            k.idle.setIdle(cpu);
            notifyPolicy(cpu, true);
            k.resched(rq);
            return;
        }
        notifyPolicy(cpu, false);
        rq.online = false;
        online = online.without(cpu);
        k.dlServer.offline(cpu);
        for (int i = 0; i < k.tasks.size(); i++) {
            TaskStruct t = k.tasks.get(i);
            if (t.runState != TaskStruct.RunState.DEAD && !t.cpusAllowed().intersects(online)) {
                breakAffinity(t);
            }
        }
        k.forceSchedule(rq);
        k.idle.offline(cpu);
        evacuate(rq);
        // the moved tasks may wait on the global DSQ: every online CPU looks again (a broadcast kick)
        for (int c = online.first(); c >= 0; c = online.next(c + 1)) {
            k.resched(k.cpus[c]);
        }
    }

    private void notifyPolicy(int cpu, boolean goOnline) {
        if (!k.policyActive()) {
            return;
        }
        Op op = goOnline ? Op.CPU_ONLINE : Op.CPU_OFFLINE;
        if (k.implemented.contains(op)) {
            k.invokeHotplug(op, cpu);
        } else {
            k.claimExit(ExitKind.UNREG_KERN, ExitCodes.ACT_RESTART | ExitCodes.RSN_HOTPLUG,
                    "cpu " + cpu + " going " + (goOnline ? "online" : "offline") + ", exiting scheduler");
        }
    }

    /**
     * {@code select_fallback_rq} → {@code set_cpus_allowed_force} → {@code do_set_cpus_allowed}: the mask changes
     * inside a {@code sched_change} block, so a queued ext task that is not running is taken out of the policy's
     * hands ({@code dequeue_task(DEQUEUE_SAVE)}: off its DSQ, {@code ops.dequeue(SCX_DEQ_SCHED_CHANGE)} if in custody,
     * {@code ops.quiescent}), hears the new mask ({@code ops.set_cpumask}) and is handed back
     * ({@code enqueue_task(ENQUEUE_RESTORE)}: {@code ops.runnable}, {@code ops.enqueue}): the cycle of
     * {@link AffinityChange}, which {@code sched_setaffinity()} shares. Without the cycle a task waiting on a
     * policy's per-CPU queue of the dead CPU would wait there for ever.
     */
    private void breakAffinity(TaskStruct t) {
        boolean requeue = t.ext && t.runState == TaskStruct.RunState.RUNNABLE && k.cpus[t.cpu].curr != t
                && (t.custody || t.opsQueued || (t.dsq != null && t.dsq != k.cpus[t.cpu].local));
        if (requeue) {
            k.affinity.dequeueSave(t);
        }
        k.affinity.setCpumask(t, PossibleMask.fallbackMask(k.topology));
        if (requeue) {
            k.affinity.enqueueRestore(t, online.contains(t.cpu) ? t.cpu : fallbackCpu(t));
        }
    }

    /**
     * {@code select_task_rq} → {@code select_fallback_rq} at a wake-up or fork: a task none of whose allowed CPUs is
     * online (an explicit affinity naming only CPUs that were offline when it was given) gets the fallback mask
     * ({@link PossibleMask#fallbackMask}), and an ext task's policy hears of it through {@code ops.set_cpumask}.
     * Called before the task is placed, so it is on no queue.
     */
    void fallbackIfNoOnlineCpu(TaskStruct p) {
        if (p.cpusAllowed().intersects(online)) {
            return;
        }
        p.setCpusAllowed(PossibleMask.fallbackMask(k.topology));
        if (p.ext) {
            k.invokeSetCpumask(p);
        }
    }

    /** Places every task queued on the offline {@code rq} on an online CPU it may use. */
    private void evacuate(CpuRq rq) {
        while (rq.local.head != null) {
            TaskStruct t = rq.local.head;
            rq.local.remove(t);
            k.migrate(t, fallbackCpu(t));
            k.doEnqueue(t, 0);
        }
        while (rq.fair.nr > 0) {
            TaskStruct t = rq.fair.tasks[rq.fair.nr - 1];
            rq.fair.remove(t);
            k.migrate(t, fallbackCpu(t));
            k.enqueueFair(t);
        }
        while (rq.rt.nr > 0) {
            TaskStruct t = rq.rt.tasks[rq.rt.nr - 1];
            k.rt.dequeue(rq, t);
            int cpu = k.rt.selectCpu(t);
            k.migrate(t, cpu);
            k.rt.enqueue(k.cpus[cpu], t, false);
        }
    }

    /** {@code select_fallback_rq}: an online CPU of the task's mask, nearest the old one first. */
    int fallbackCpu(TaskStruct t) {
        CpuMask allowed = t.cpusAllowed();
        CpuMask llc = k.topology.llcOf(t.cpu).cpus();
        for (int c = allowed.first(); c >= 0; c = allowed.next(c + 1)) {
            if (k.cpus[c].online && llc.contains(c)) {
                return c;
            }
        }
        for (int c = allowed.first(); c >= 0; c = allowed.next(c + 1)) {
            if (k.cpus[c].online) {
                return c;
            }
        }
        throw new IllegalStateException(t + " has no online CPU after breaking its affinity");
    }
}
