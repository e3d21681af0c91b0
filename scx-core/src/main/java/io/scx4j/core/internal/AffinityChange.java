package io.scx4j.core.internal;

import io.scx4j.api.DeqFlags;
import io.scx4j.api.Op;
import io.scx4j.api.TaskFlags;
import io.scx4j.topology.CpuMask;

/**
 * A change of a task's allowed CPUs made by the kernel on the task's behalf: {@code sched_setaffinity()} from user
 * space ({@code __set_cpus_allowed_ptr_locked} in {@code kernel/sched/core.c}) and the affinity break of CPU hotplug
 * ({@code select_fallback_rq}, see {@link Hotplug}). Both go through {@code __do_set_cpus_allowed}, which changes
 * the mask inside a {@code sched_change} block:
 *
 * <ol>
 *   <li>a queued task (the running one included) is taken off its run queue ({@code dequeue_task(DEQUEUE_SAVE)});
 *       for an ext task that is {@code dequeue_task_scx}, which marks the dequeue {@code SCX_DEQ_SCHED_CHANGE}
 *       (neither a sleep nor a core-sched pick): off its DSQ, {@code ops.dequeue(p, SCX_DEQ_SCHED_CHANGE)} if it
 *       was in the policy's custody (reference sched_ext.md §1.1 dequeue, §4.2), {@code ops.stopping(p, false)} if
 *       it is the CPU's current task, {@code ops.quiescent(p, SCX_DEQ_SCHED_CHANGE)};</li>
 *   <li>the class hears the new mask ({@code set_cpus_allowed_scx}: {@code ops.set_cpumask(p, mask)});</li>
 *   <li>the task is put back ({@code enqueue_task(ENQUEUE_RESTORE)}): {@code ops.runnable(p, 0)} and, if it was
 *       waiting, {@code ops.enqueue(p, 0)}. A running task is not handed to the policy: {@code enqueue_task_scx}
 *       sets its sticky CPU so it goes straight back to the local DSQ, and {@code set_next_task} gives
 *       {@code ops.running}.</li>
 * </ol>
 *
 * <p>Then, if the task's CPU left the mask, the task moves ({@code affine_move_task}): a waiting task is placed on
 * an allowed CPU before it is put back; a running ext task is pushed off its CPU by the stopper and handed to the
 * policy on an allowed CPU ({@link #stopperMove}); a running fair or RT task continues elsewhere through a
 * zero-length sleep (the same move as an rt-app phase changing affinity, {@link Programs}); a sleeping task only
 * gets the mask and wakes up on an allowed CPU. A mask equal to the current one changes nothing
 * ({@code cpumask_equal}, nothing to do). Non-ext tasks get the same moves without callbacks.
 */
final class AffinityChange {
    private final Kernel k;

    AffinityChange(Kernel kernel) {
        this.k = kernel;
    }

    /** {@code sched_setaffinity(p, mask)} now; {@code mask} is limited to the possible CPUs and may not be empty. */
    void set(TaskStruct p, CpuMask mask) {
        CpuMask allowed = mask.and(k.topology.possible());
        if (allowed.isEmpty() || !allowed.intersects(k.hotplug.online())) {
            throw new IllegalArgumentException("setAffinity: task " + p + ": mask " + mask + " has no online CPU of "
                    + "topology '" + k.topology.name() + "' (online: " + k.hotplug.online()
                    + "); sched_setaffinity() answers -EINVAL");
        }
        if (p.runState == TaskStruct.RunState.DEAD || allowed.equals(p.cpusAllowed())) {
            return;
        }
        if (p.runState == TaskStruct.RunState.NEW) {
            p.setCpusAllowed(allowed); // not forked yet: the fork places it
            return;
        }
        CpuRq rq = k.cpus[p.cpu];
        if (rq.curr == p) {
            setRunning(rq, p, allowed);
        } else if (p.runState == TaskStruct.RunState.RUNNABLE) {
            setQueued(p, allowed);
        } else {
            setCpumask(p, allowed); // sleeping: the wake-up picks an allowed CPU
        }
    }

    private void setQueued(TaskStruct p, CpuMask allowed) {
        CpuRq rq = k.cpus[p.cpu];
        if (!p.ext) {
            if (p.onFairRq) {
                rq.fair.remove(p);
            } else if (p.onRtRq) {
                k.rt.dequeue(rq, p);
            }
            p.setCpusAllowed(allowed);
            int cpu = allowed.contains(p.cpu) ? p.cpu : k.hotplug.fallbackCpu(p);
            k.migrate(p, cpu);
            if (p.isRt()) {
                k.rt.enqueue(k.cpus[cpu], p, false);
            } else {
                k.enqueueFair(p);
            }
            k.resched(k.cpus[cpu]);
            return;
        }
        dequeueSave(p);
        setCpumask(p, allowed);
        enqueueRestore(p, allowed.contains(p.cpu) ? p.cpu : k.hotplug.fallbackCpu(p));
    }

    private void setRunning(CpuRq rq, TaskStruct p, CpuMask allowed) {
        if (p.blocking || p.blockedOn != null || rq.proxy != null) {
            setCpumask(p, allowed); // leaving the CPU anyway; it wakes up inside the new mask
            return;
        }
        k.updateCurr(rq);
        if (p.ext) {
            if (p.custody) {
                p.custody = false;
                k.invokeOp(Op.DEQUEUE, p, p.cpu, DeqFlags.SCHED_CHANGE);
            }
            k.invokeOp(Op.STOPPING, p, p.cpu, 0);
            k.invokeOp(Op.QUIESCENT, p, p.cpu, DeqFlags.SCHED_CHANGE);
            p.scxFlags &= ~TaskFlags.QUEUED;
        }
        setCpumask(p, allowed);
        if (p.ext) {
            p.scxFlags |= TaskFlags.QUEUED;
            k.invokeOp(Op.RUNNABLE, p, p.cpu, 0);
            k.invokeOp(Op.RUNNING, p, p.cpu, 0);
        }
        if (!allowed.contains(rq.cpu)) {
            if (p.ext) {
                p.affinityMove = true; // the stopper takes over the CPU at once: see stopperMove
            } else {
                // a fair or RT task leaves now and wakes up on an allowed CPU with its work left
                p.blocking = true;
                p.sleepNs = 0;
            }
            k.resched(rq);
        }
    }

    /**
     * The pick on {@code rq} after {@code sched_setaffinity()} took it out of the mask of its running ext task
     * {@code prev}: {@code affine_move_task} has the CPU's stopper (a class above ext) preempt it
     * ({@code put_prev_task_scx}: {@code ops.stopping(p, true)}) and {@code move_queued_task} carry it to an allowed CPU,
     * an unannounced migration ({@code task_on_rq_migrating}: no {@code quiescent}/{@code runnable}) that hands it to
     * the policy there ({@code ops.enqueue(p, 0)} with {@code scx_bpf_task_cpu(p)} the new CPU). The kernel picks the
     * new CPU with {@code cpumask_any_and_distribute}; the engine takes {@link Hotplug#fallbackCpu} (same LLC first).
     * Returns true if {@code prev} was moved (it no longer competes for {@code rq}).
     */
    boolean stopperMove(CpuRq rq, TaskStruct prev, boolean runnable) {
        prev.affinityMove = false;
        if (!runnable || !prev.ext || prev.cpusAllowed().contains(rq.cpu)) {
            return false;
        }
        k.migrate(prev, k.hotplug.fallbackCpu(prev));
        k.putPrevExt(rq, prev, false, false);
        return true;
    }

    /**
     * {@code dequeue_task(DEQUEUE_SAVE)} of a waiting ext task: off its DSQ or out of the policy's queue,
     * {@code ops.dequeue(SCX_DEQ_SCHED_CHANGE)} if in custody, {@code ops.quiescent(SCX_DEQ_SCHED_CHANGE)}.
     */
    void dequeueSave(TaskStruct t) {
        if (t.dsq != null) {
            t.dsq.remove(t);
        }
        t.opsQueued = false;
        if (t.custody) {
            t.custody = false;
            k.invokeOp(Op.DEQUEUE, t, t.cpu, DeqFlags.SCHED_CHANGE);
        }
        k.invokeOp(Op.QUIESCENT, t, t.cpu, DeqFlags.SCHED_CHANGE);
        t.scxFlags &= ~TaskFlags.QUEUED;
    }

    /** Sets the mask ({@code set_cpus_allowed_common}); an ext task's policy hears it ({@code ops.set_cpumask}). */
    void setCpumask(TaskStruct t, CpuMask mask) {
        t.setCpusAllowed(mask);
        if (t.ext) {
            k.invokeSetCpumask(t);
        }
    }

    /** {@code enqueue_task(ENQUEUE_RESTORE)} of a waiting ext task on {@code cpu}: {@code ops.runnable}, {@code ops.enqueue}. */
    void enqueueRestore(TaskStruct t, int cpu) {
        k.migrate(t, cpu);
        t.scxFlags |= TaskFlags.QUEUED;
        k.invokeOp(Op.RUNNABLE, t, t.cpu, 0);
        k.doEnqueue(t, 0);
    }
}
