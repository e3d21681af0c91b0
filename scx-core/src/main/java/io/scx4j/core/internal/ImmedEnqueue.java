package io.scx4j.core.internal;

import io.scx4j.api.Dsq;
import io.scx4j.api.EnqFlags;
import io.scx4j.api.ExitKind;
import io.scx4j.api.OpsFlags;
import io.scx4j.api.TaskFlags;

/**
 * {@code SCX_ENQ_IMMED} (v7.1): a task inserted into a local DSQ with this flag either gets on that CPU at once and
 * stays there, or is handed back to the policy through {@code ops.enqueue()} with {@link EnqFlags#REENQ} and a reason
 * in {@code p->scx.flags} ({@link TaskFlags#REENQ_IMMED}, or {@link TaskFlags#REENQ_PREEMPTED} when a higher class
 * preempts it while it runs). It never waits on a local DSQ behind another task or on a CPU a higher class holds.
 *
 * <p>The kernel rules, as read in {@code kernel/sched/ext.c} at commit 0022b328504d, the one the reference pins
 * (introduced by 98d709cb "sched_ext: Implement SCX_ENQ_IMMED"; reference §4.1, §4.4, §5.1):
 * <ul>
 *   <li>Vetting of the insert kfuncs ({@code scx_vet_enq_flags()}): IMMED with a target that is not
 *       {@code SCX_DSQ_LOCAL} / {@code SCX_DSQ_LOCAL_ON|cpu} is a scheduler error; without IMMED, a policy with
 *       {@link OpsFlags#ALWAYS_ENQ_IMMED} gets it added to every local-DSQ insert. {@code scx_bpf_dsq_move_to_local}
 *       ({@code ___v2} with enq_flags) always targets a local DSQ.</li>
 *   <li>{@code dsq_inc_nr()}: once a task is put on a local DSQ with IMMED it carries {@code SCX_TASK_IMMED} until its
 *       next fresh enqueue ({@code do_enqueue_task()}), so the promise survives being put back. When such a task lands
 *       on a local DSQ that now holds more than one task, or whose CPU is not open ({@code rq_is_open()}), a
 *       re-enqueue of that local DSQ is scheduled ({@code schedule_reenq_local()}).</li>
 *   <li>{@code rq_is_open(rq, enq_flags)}: not open if a higher class runs or is waking there; open if the CPU is idle
 *       or heading to idle; open while the CPU is inside its own pick path (balance: whether prev keeps the CPU is
 *       settled there); open for an insert with {@link EnqFlags#PREEMPT} (it forces a new pick); otherwise, with an
 *       ext task running, not open. The engine keeps no {@code rq->next_class}: an idle CPU counts as open until it
 *       picks, as after an insert from another CPU in the kernel (a wake-up onto the CPU itself raises next_class to
 *       ext in {@code wakeup_preempt()}, which the engine does not model).</li>
 *   <li>The deferred re-enqueue ({@code process_deferred_reenq_locals()} → {@code reenq_local()} with
 *       {@code local_task_should_reenq()}): walking the local DSQ, an IMMED task stays only if it is the first task
 *       and the CPU is open; every other IMMED task is taken off, marked {@link TaskFlags#REENQ_IMMED} (event
 *       {@code SCX_EV_REENQ_IMMED}) and passed to {@code ops.enqueue(REENQ)}; the reason bits are cleared after the
 *       callback. If the policy puts a task straight back where it cannot run, another re-enqueue is requested; within
 *       one deferred run such repeats are counted ({@code SCX_EV_REENQ_LOCAL_REPEAT}) and more than
 *       {@code SCX_REENQ_LOCAL_MAX_REPEAT} (256) of them is a scheduler error "SCX_ENQ_REENQ on SCX_DSQ_LOCAL
 *       repeated N times".</li>
 *   <li>{@code put_prev_task_scx()}: an IMMED task preempted by a higher class with slice left is not put back at the
 *       head of its local DSQ but re-enqueued with reason {@link TaskFlags#REENQ_PREEMPTED};
 *       {@code balance_one()}: a CPU about to pick with more than one task on its local DSQ, one of them IMMED, asks for
 *       the re-enqueue (an IMMED task queued while dispatch was open, or overtaken by a HEAD insert);
 *       {@code wakeup_preempt_scx()}: a higher class arriving on a CPU whose local DSQ holds IMMED tasks triggers the
 *       re-enqueue of that DSQ.</li>
 * </ul>
 *
 * <p>When the kernel runs the deferred re-enqueue, and what the repeat limit counts ({@code schedule_dsq_reenq()},
 * {@code schedule_deferred_locked()}, {@code process_deferred_reenq_locals()}): a request links the CPU's per-scheduler
 * {@code deferred_reenq_local} node into {@code rq->scx.deferred_reenq_locals} and arranges for {@code run_deferred()}
 * on that rq: from {@code task_woken_scx()} when the rq is inside a wake-up, from the balance callback queued after
 * {@code balance_one()} (so after the pick) when it is inside balance, otherwise from an irq_work queued on that CPU.
 * {@code process_deferred_reenq_locals()} takes a new sequence number per call and pops nodes in a {@code while (true)}
 * loop; a walk whose re-inserts ask again re-links the node (it was unlinked before the walk), and the same call pops
 * it again, under the same rq lock: the CPU's current task cannot change between repeats. A node popped again in the
 * same call counts one repeat ({@code drl->cnt}, event {@code SCX_EV_REENQ_LOCAL_REPEAT}); its count restarts at 0 in
 * the next call; the 257th repeat of one call is the error, the walk is then skipped.
 *
 * <p>The simulator runs the deferred work at the start of each pass of the "reschedule every CPU flagged need_resched"
 * step, at the same virtual instant as the request; a request made by a CPU's pick ({@link #picking}) is therefore
 * processed after that pick, as the kernel's balance callback is. One {@link #runDeferred} per CPU is one call of
 * {@code process_deferred_reenq_locals()}: the repeat count lives only inside it. Not modelled: a request made while
 * the target rq is in a wake-up that is not a ttwu onto it (a remote {@code dispatch_to_local_dsq()} of a woken task
 * sets {@code SCX_RQ_IN_WAKEUP} on the target, and {@code schedule_deferred_locked()} then schedules nothing), which in
 * the kernel waits for the rq's next deferred run; the engine processes it at once. The IMMED mark is the task's
 * {@link TaskStruct#immed} field. Nothing is allocated per insert; the walk reuses a scratch array.
 */
final class ImmedEnqueue {
    /** {@code SCX_REENQ_LOCAL_MAX_REPEAT}. */
    static final int LOCAL_MAX_REPEAT = 256;

    private final Kernel k;
    /** A re-enqueue of the CPU's local DSQ was requested and has not run yet. */
    private final boolean[] pending;
    private boolean anyPending;
    /** Tasks taken off a local DSQ by one walk (grown on demand, never shrunk). */
    private TaskStruct[] scratch = new TaskStruct[16];

    /** {@code SCX_EV_REENQ_IMMED}. */
    long evReenqImmed;
    /** {@code SCX_EV_REENQ_LOCAL_REPEAT}. */
    long evReenqLocalRepeat;

    ImmedEnqueue(Kernel kernel, int nrCpus) {
        this.k = kernel;
        this.pending = new boolean[nrCpus];
    }

    /**
     * {@code scx_vet_enq_flags()} for an insert or move by the policy into {@code dsqId}. Returns the flags to use
     * (with IMMED added under {@link OpsFlags#ALWAYS_ENQ_IMMED}), or -1 after recording the error for IMMED into a DSQ
     * that is not local.
     */
    long vet(String kfunc, long dsqId, long enqFlags) {
        boolean local = dsqId == Dsq.LOCAL || Dsq.isLocalOn(dsqId);
        if ((enqFlags & EnqFlags.IMMED) != 0) {
            if (!local) {
                k.error(ExitKind.ERROR, kfunc + "(): SCX_ENQ_IMMED is only allowed with a local DSQ, not "
                        + Dsq.format(dsqId));
                return -1;
            }
        } else if (local && (k.opsFlags & OpsFlags.ALWAYS_ENQ_IMMED) != 0) {
            enqFlags |= EnqFlags.IMMED;
        }
        return enqFlags;
    }

    /** {@code do_enqueue_task()}: a fresh enqueue ends the IMMED promise of the previous placement. */
    void freshEnqueue(TaskStruct p) {
        p.immed = false;
    }

    /**
     * The IMMED part of {@code dsq_inc_nr()} for {@code p}, just queued on the local DSQ of {@code target} with
     * {@code enqFlags}: marks the task and asks for a re-enqueue if it cannot run at once.
     */
    void localInserted(TaskStruct p, CpuRq target, long enqFlags) {
        if ((enqFlags & EnqFlags.IMMED) != 0) {
            p.immed = true;
        }
        if (p.immed && (target.local.nr > 1 || !isOpen(target, enqFlags))) {
            request(target);
        }
    }

    /** {@code rq_is_open(rq, enq_flags)}. */
    boolean isOpen(CpuRq rq, long enqFlags) {
        if (rq.curr != null && !rq.curr.ext) {
            return false; // a higher class runs
        }
        if ((rq.rt.nr > 0 && !k.dlServer.serving(rq.cpu)) || rq.fair.nr > 0) {
            return false; // a higher class is waking up here (unless the ext deadline server holds the CPU)
        }
        if (k.balancing == rq) {
            return true; // the pick path settles whether prev keeps the CPU
        }
        if (rq.curr == null) {
            return true; // idle: rq->next_class is below ext
        }
        return (enqFlags & EnqFlags.PREEMPT) != 0;
    }

    /**
     * The end of {@code balance_one()} ({@code has_tasks}): as {@code rq} picks, more than one task on its local DSQ
     * with an IMMED one among them (queued while dispatch was open, or behind a HEAD insert) asks for a re-enqueue.
     */
    void picking(CpuRq rq) {
        if (rq.local.nr > 1 && k.policyActive()) {
            for (TaskStruct t = rq.local.head; t != null; t = t.dsqNext) {
                if (t.immed) {
                    request(rq);
                    return;
                }
            }
        }
    }

    /** {@code wakeup_preempt_scx()}: a higher class takes {@code rq}; IMMED tasks waiting there must go back. */
    void higherClassPicked(CpuRq rq) {
        if (!k.policyActive()) {
            return;
        }
        for (TaskStruct t = rq.local.head; t != null; t = t.dsqNext) {
            if (t.immed) {
                request(rq);
                return;
            }
        }
    }

    /**
     * {@code put_prev_task_scx()} for an ext task preempted by a higher class with slice left: an IMMED task is
     * re-enqueued with reason PREEMPTED (returns true); any other task is left to the caller, which puts it back at the
     * head of the local DSQ.
     */
    boolean reenqueuePreempted(TaskStruct prev) {
        if (!prev.immed || !k.policyActive()) {
            return false;
        }
        prev.scxFlags = (prev.scxFlags & ~TaskFlags.REENQ_REASON_MASK) | TaskFlags.REENQ_PREEMPTED;
        k.doEnqueue(prev, EnqFlags.REENQ);
        prev.scxFlags &= ~TaskFlags.REENQ_REASON_MASK;
        return true;
    }

    private void request(CpuRq rq) {
        pending[rq.cpu] = true;
        anyPending = true;
    }

    /** Whether a deferred re-enqueue waits to run. */
    boolean hasPending() {
        return anyPending;
    }

    /**
     * {@code run_deferred()} → {@code process_deferred_reenq_locals()} for every CPU with a request: one deferred run
     * per CPU, re-walking its local DSQ as long as the walk itself asks for another (the policy put tasks straight
     * back), up to the repeat limit.
     */
    void runDeferred() {
        if (!anyPending) {
            return;
        }
        anyPending = false;
        for (int cpu = 0; cpu < pending.length; cpu++) {
            if (!pending[cpu]) {
                continue;
            }
            if (!k.policyActive()) {
                pending[cpu] = false;
                continue;
            }
            CpuRq rq = k.cpus[cpu];
            int repeats = 0;
            boolean first = true;
            while (pending[cpu]) {
                pending[cpu] = false;
                if (!first) {
                    evReenqLocalRepeat++;
                    if (++repeats > LOCAL_MAX_REPEAT) {
                        k.error(ExitKind.ERROR, "SCX_ENQ_REENQ on SCX_DSQ_LOCAL of CPU " + cpu + " repeated "
                                + repeats + " times: the policy keeps inserting SCX_ENQ_IMMED tasks where they "
                                + "cannot run at once");
                        break;
                    }
                }
                first = false;
                reenqLocal(rq);
                if (!k.policyActive()) {
                    pending[cpu] = false;
                }
            }
        }
    }

    /** {@code reenq_local()} with {@code local_task_should_reenq()} for IMMED tasks. */
    private void reenqLocal(CpuRq rq) {
        boolean open = isOpen(rq, 0);
        int n = 0;
        boolean firstInQueue = true;
        for (TaskStruct t = rq.local.head; t != null; t = t.dsqNext) {
            boolean keep = !t.immed || (firstInQueue && open);
            firstInQueue = false;
            if (!keep) {
                if (n == scratch.length) {
                    scratch = java.util.Arrays.copyOf(scratch, n * 2);
                }
                scratch[n++] = t;
            }
        }
        for (int i = 0; i < n; i++) {
            rq.local.remove(scratch[i]);
        }
        for (int i = 0; i < n; i++) {
            TaskStruct t = scratch[i];
            scratch[i] = null;
            evReenqImmed++;
            t.scxFlags = (t.scxFlags & ~TaskFlags.REENQ_REASON_MASK) | TaskFlags.REENQ_IMMED;
            k.doEnqueue(t, EnqFlags.REENQ);
            t.scxFlags &= ~TaskFlags.REENQ_REASON_MASK;
        }
    }
}
