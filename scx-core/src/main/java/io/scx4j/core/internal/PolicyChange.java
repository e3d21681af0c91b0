package io.scx4j.core.internal;

import io.scx4j.api.DeqFlags;
import io.scx4j.api.Op;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Scx;
import io.scx4j.api.TaskFlags;

/**
 * {@code sched_setscheduler()} on a live task ({@code __sched_setscheduler} in {@code kernel/sched/syscalls.c}): the
 * task is taken off its run queue ({@code dequeue_task(DEQUEUE_SAVE)}, and {@code put_prev_task} if it is running),
 * gets its new policy, priority and class, and is put back ({@code enqueue_task(ENQUEUE_RESTORE)},
 * {@code set_next_task}); then the CPU re-runs its pick, so a task that now outranks the current one preempts it.
 *
 * <p>What a sched_ext policy sees (reference §1.3-1.4, "property changes use a dequeue(SAVE)/enqueue(RESTORE)
 * cycle"): for an ext task, {@code ops.dequeue(SCX_DEQ_SCHED_CHANGE)} if it was in the policy's custody,
 * {@code ops.stopping(p, false)} if it was running, and {@code ops.quiescent(p, SCX_DEQ_SCHED_CHANGE)} ({@code dequeue_task_scx} marks every dequeue that is
 * neither a sleep nor a core-sched pick); a
 * task leaving ext gets {@code ops.disable} ({@code switched_from_scx}); a task joining ext gets {@code ops.enable},
 * {@code ops.set_weight} and {@code ops.set_cpumask} ({@code switching_to_scx}); one staying in ext gets
 * {@code ops.set_weight} (its weight follows the policy, e.g. SCHED_IDLE); then {@code ops.runnable} without
 * {@code SCX_ENQ_WAKEUP} and, if it was queued, {@code ops.enqueue}, or {@code ops.running} if it is the CPU's
 * current task (a running task is not handed to the policy: it keeps the CPU until the pick).
 */
final class PolicyChange {
    private final Kernel k;

    PolicyChange(Kernel kernel) {
        this.k = kernel;
    }

    void apply(TaskStruct p, SchedPolicy policy, int priority) {
        if (policy == SchedPolicy.DEADLINE) {
            throw new IllegalArgumentException("task " + p + ": SCHED_DEADLINE is not supported by the engine (only the "
                    + "deadline servers are modelled)");
        }
        boolean rt = policy.isRealtime();
        if (rt ? priority < 1 || priority > 99 : priority < -20 || priority > 19) {
            throw new IllegalArgumentException("task " + p + ": priority " + priority + " out of range for SCHED_"
                    + policy + (rt ? " (RT priority 1..99)" : " (nice -20..19)"));
        }
        if (p.runState == TaskStruct.RunState.DEAD) {
            return;
        }
        if (p.runState == TaskStruct.RunState.NEW) {
            setParams(p, policy, priority); // not forked yet: the fork picks the class
            return;
        }
        CpuRq rq = k.cpus[p.cpu];
        boolean running = rq.curr == p;
        boolean queued = p.runState == TaskStruct.RunState.RUNNABLE;
        boolean wasExt = p.ext;
        boolean nowExt = k.policyActive() && p.scxState != TaskStruct.ScxState.NONE
                && policy.switchesToExt(k.switchPartial);
        if (running) {
            k.updateCurr(rq);
        }
        // dequeue_task(DEQUEUE_SAVE), put_prev_task
        if (queued) {
            if (p.dsq != null) {
                p.dsq.remove(p);
            } else if (p.onFairRq) {
                rq.fair.remove(p);
            } else if (p.onRtRq) {
                k.rt.dequeue(rq, p);
            }
            p.opsQueued = false;
        }
        if (wasExt && (queued || running)) {
            if (p.custody) {
                p.custody = false;
                k.invokeOp(Op.DEQUEUE, p, p.cpu, DeqFlags.SCHED_CHANGE);
            }
            if (running) {
                k.invokeOp(Op.STOPPING, p, p.cpu, 0);
            }
            k.invokeOp(Op.QUIESCENT, p, p.cpu, DeqFlags.SCHED_CHANGE);
            p.scxFlags &= ~TaskFlags.QUEUED;
        }
        // the new class
        setParams(p, policy, priority);
        if (wasExt && !nowExt) {
            p.ext = false;
            k.invokeOp(Op.DISABLE, p, p.cpu, 0);
            p.scxState = TaskStruct.ScxState.READY;
            p.deadline = 0;
        } else if (!wasExt && nowExt) {
            p.ext = true;
            p.slice = Scx.SLICE_DFL;
            k.enableTask(p);
        } else if (nowExt) {
            k.invokeOp(Op.SET_WEIGHT, p, p.cpu, 0);
        }
        // enqueue_task(ENQUEUE_RESTORE), set_next_task
        if (p.ext && (queued || running)) {
            p.scxFlags |= TaskFlags.QUEUED;
            k.invokeOp(Op.RUNNABLE, p, p.cpu, 0);
        }
        if (queued && !rq.online) {
            // an ext task that waited in the policy's hands (task_cpu unchanged) while its CPU went offline: as in
            // Kernel.disable, it is queued on an online CPU it may use (select_fallback_rq), never on the dead CPU
            k.migrate(p, k.hotplug.fallbackCpu(p));
            rq = k.cpus[p.cpu];
        }
        if (queued) {
            if (p.ext) {
                k.doEnqueue(p, 0);
            } else if (p.isRt()) {
                k.rt.enqueue(rq, p, false);
            } else {
                k.enqueueFair(p);
            }
        } else if (running && p.ext) {
            k.invokeOp(Op.RUNNING, p, p.cpu, 0);
        }
        if (running || queued) {
            k.resched(rq);
        }
    }

    /** {@code __setscheduler_params}: RT priority for FIFO/RR, else the nice level. */
    private static void setParams(TaskStruct p, SchedPolicy policy, int priority) {
        boolean rt = policy.isRealtime();
        p.setPolicy(policy, rt ? priority : 0);
        if (!rt) {
            p.setNice(priority);
        }
    }
}
