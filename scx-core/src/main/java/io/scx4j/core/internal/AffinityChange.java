package io.scx4j.core.internal;

import io.scx4j.api.DeqFlags;
import io.scx4j.api.Op;
import io.scx4j.api.TaskFlags;
import io.scx4j.topology.CpuMask;

/**
 * A change of a task's allowed CPUs made by the kernel on the task's behalf: {@code sched_setaffinity()} from user
 * space ({@code __set_cpus_allowed_ptr_locked} in {@code kernel/sched/core.c}), a task's {@code sched_setaffinity()} on
 * itself (an rt-app phase with {@code cpus}, {@link #setOwn}) and the affinity break of CPU hotplug
 * ({@code select_fallback_rq}, see {@link Hotplug}). All go through {@code __do_set_cpus_allowed}, which changes the
 * mask inside a {@code sched_change} block:
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
 * an allowed CPU before it is put back ({@code move_queued_task}); a running task, of any class, is pushed off its CPU
 * by the CPU's stopper and queued on an allowed CPU ({@link #stopperMove}): a preemption and a migration, never a
 * sleep; a sleeping task only gets the mask and wakes up on an allowed CPU. A mask equal to the current one changes
 * nothing ({@code cpumask_equal}, nothing to do). Non-ext tasks get the same moves without callbacks.
 */
final class AffinityChange {
    private final Kernel k;

    AffinityChange(Kernel kernel) {
        this.k = kernel;
    }

    /** {@code sched_setaffinity(p, mask)} now; {@code mask} is limited to the possible CPUs and may not be empty. */
    void set(TaskStruct p, CpuMask mask) {
        CpuMask allowed = allowed(mask, "setAffinity: task " + p);
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

    /**
     * {@code sched_setaffinity(0, mask)} made by {@code p}, the task running on {@code rq}, on itself: what an rt-app
     * phase with {@code cpus} does at its start ({@code set_thread_affinity} in rt-app's {@code src/rt-app.c}). The
     * {@code sched_change} cycle runs on {@code rq} at once; if {@code rq}'s CPU left the mask,
     * {@code affine_move_task} sees the task running ({@code task_on_cpu}) and queues {@code migration_cpu_stop} on the
     * CPU's stopper, which preempts it and moves it while it is still queued ({@code move_queued_task}), so the task
     * never sleeps: its {@code wait_for_completion()} finds the move done when it runs again on the new CPU. The
     * preemption comes at the syscall's own {@code preempt_enable()} after {@code stop_one_cpu_nowait()} on a
     * preemptible kernel, at the {@code might_sleep()} of {@code wait_for_completion()} under voluntary preemption;
     * the engine models those (only a {@code PREEMPT_NONE} kernel lets the task block there first, and the stopper
     * then only sets its wake CPU). Returns true if the task must leave {@code rq}: it executes nothing more here, and
     * goes on with its program when it next runs ({@link #stopperMove}).
     *
     * @param phase the phase whose entry changes the mask, named in the error for a mask without an online CPU
     */
    boolean setOwn(CpuRq rq, TaskStruct p, CpuMask mask, String phase) {
        CpuMask allowed = allowed(mask, "task " + p + ", phase '" + phase + "': cpus");
        if (allowed.equals(p.cpusAllowed())) {
            return false;
        }
        setRunning(rq, p, allowed);
        return p.affinityMove;
    }

    /**
     * The requested mask limited to the possible CPUs; {@code -EINVAL} ({@code __set_cpus_allowed_ptr_locked}) if it
     * has no online CPU.
     */
    private CpuMask allowed(CpuMask mask, String who) {
        CpuMask allowed = mask.and(k.topology.possible());
        if (allowed.isEmpty() || !allowed.intersects(k.hotplug.online())) {
            throw new IllegalArgumentException(who + ": mask " + mask + " has no online CPU of topology '"
                    + k.topology.name() + "' (online: " + k.hotplug.online()
                    + "); sched_setaffinity() answers -EINVAL");
        }
        return allowed;
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
            p.affinityMove = true; // the stopper takes over the CPU at once: see stopperMove
            k.resched(rq);
        }
    }

    /**
     * The pick on {@code rq} after {@code sched_setaffinity()} took it out of the mask of its running task
     * {@code prev}:
     * {@code affine_move_task} has the CPU's stopper (a class above all others) preempt it and
     * {@code migration_cpu_stop} → {@code move_queued_task} carry it, still queued, to an allowed CPU
     * ({@code kernel/sched/core.c}). The kernel picks the new CPU with {@code cpumask_any_and_distribute}; the engine
     * takes {@link Hotplug#fallbackCpu} (same LLC first). The move is a preemption ({@code nivcsw}) and one migration;
     * nothing sleeps or wakes, so there is no wake-up and no wake-up latency sample.
     *
     * <ul>
     *   <li>ext: {@code put_prev_task_scx} gives {@code ops.stopping(p, true)}; the move is a migration the policy is
     *       not told of ({@code task_on_rq_migrating}: no {@code quiescent}/{@code runnable}) and
     *       {@code enqueue_task_scx} on the new CPU hands the task to the policy there ({@code ops.enqueue(p, 0)}
     *       with {@code scx_bpf_task_cpu(p)} the new CPU), and {@code move_queued_task}'s {@code wakeup_preempt}
     *       reschedules that CPU if it is idle (a class above the idle task's arrived);</li>
     *   <li>fair: {@code dequeue_entity} records its lag ({@code update_entity_lag}, deadline kept relative) and
     *       {@code place_entity} puts it on the new CPU's queue, preempting there if it should
     *       ({@code wakeup_preempt});</li>
     *   <li>RT: queued at the tail of its priority on the new CPU ({@code enqueue_task_rt}), preempting a lower
     *       priority there.</li>
     * </ul>
     *
     * Returns true if {@code prev} was moved (it no longer competes for {@code rq}).
     */
    boolean stopperMove(CpuRq rq, TaskStruct prev, boolean runnable) {
        prev.affinityMove = false;
        if (!runnable || prev.cpusAllowed().contains(rq.cpu)) {
            return false;
        }
        prev.continueGen = -1; // a program that stopped at the phase goes on when the task runs on its new CPU
        int cpu = k.hotplug.fallbackCpu(prev);
        if (prev.ext) {
            k.migrate(prev, cpu);
            k.putPrevExt(rq, prev, false, false);
            if (k.cpus[cpu].isIdle()) {
                k.resched(k.cpus[cpu]); // wakeup_preempt: the ext class is above the idle task's
            }
        } else if (prev.isRt()) {
            k.migrate(prev, cpu);
            k.rt.enqueue(k.cpus[cpu], prev, false);
        } else {
            k.fair.saveLag(rq.fair, prev, prev, k.config.tickNs(), false);
            k.migrate(prev, cpu);
            k.enqueueFair(prev);
        }
        // a fair or RT prev is still RUNNING: the switch away from it counts the preemption (Kernel.switchTo)
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
