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
 * <p><b>Which kernel.</b> The engine follows the newest sched_ext source read: {@code kernel/sched/ext/ext.c} in
 * linux-next at 877160a21a91 (the sched_ext for-next tree merged into linux-next; {@code ext.c} moved into
 * {@code kernel/sched/ext/} in ≈ v7.2). Three rules changed there since 0022b328504d, the commit the reference pins
 * (reference §4.1, §4.4, §5.1), and are modelled as linux-next has them:
 * <ol>
 *   <li>The bound on hand-back loops is per task, not per deferred run. 0022b328 (and mainline up to 3d5e48944e82,
 *       the newest torvalds/linux read) counted, inside one {@code process_deferred_reenq_locals()} call, how often
 *       the CPU's {@code deferred_reenq_local} node was popped again ({@code drl->seq}/{@code drl->cnt},
 *       {@code SCX_EV_REENQ_LOCAL_REPEAT}, error "SCX_ENQ_REENQ on SCX_DSQ_LOCAL repeated N times" past
 *       {@code SCX_REENQ_LOCAL_MAX_REPEAT}). linux-next drops that counter; {@code scx_do_enqueue_task()} instead
 *       counts every enqueue with {@code SCX_ENQ_REENQ} in {@code p->scx.reenq_cnt} (event
 *       {@code SCX_EV_REENQ_REPEAT} from the second on) and, past {@code SCX_REENQ_MAX_REPEAT} (256), exits the
 *       task's scheduler with {@code SCX_EXIT_ERROR_REENQ} ({@link ExitKind#ERROR_REENQ}), "comm[pid] reenqueued N
 *       times without running", and returns without enqueueing: the task is stranded until the scheduler's disable
 *       moves every runnable task to the fair class. The count restarts when the task is picked to run
 *       ({@code set_next_task_scx()} → {@code clr_task_runnable(p, true)}) and when the scheduler lets go of it
 *       ({@code scx_disable_task()}). Every re-enqueue counts: IMMED hand-backs, PREEMPTED ones, and the kfunc ones
 *       ({@code scx_bpf_reenqueue_local()}, {@code scx_bpf_dsq_reenq()}).</li>
 *   <li>Every insert into a local DSQ raises an idle CPU's {@code rq->next_class}: {@code rq_owned_post_enq()}
 *       (0022b328: {@code local_dsq_post_enq()}, which only rescheduled an idle CPU) calls {@code wakeup_preempt()}
 *       when the task's class is above {@code rq->next_class}, so that a higher class waking there before the CPU
 *       picks reaches {@code wakeup_preempt_scx()} and the IMMED tasks go back. The raise comes after
 *       {@code dsq_inc_nr()} has vetted the insert, so a lone IMMED task inserted onto an idle CPU stays, and a
 *       second one queued there before the CPU picks finds it not open, whichever CPU inserted them (mainline
 *       3d5e48944e82 has this too).</li>
 *   <li>A remote activation no longer marks the target {@code SCX_RQ_IN_WAKEUP}: {@code enqueue_task_scx()} sets it
 *       only for {@code ENQUEUE_WAKEUP} in the core's own flags, not in the flags stashed for
 *       {@code move_remote_task_to_local_dsq()} ({@code remote_activate_enq_flags}). So an IMMED request made while
 *       a woken task is moved to another CPU's local DSQ is scheduled like any other ({@code schedule_deferred()}),
 *       and the hole 0022b328 had there (the request linked but nothing scheduled, the IMMED task waiting on the
 *       busy CPU until its next deferred run) is closed.</li>
 * </ol>
 *
 * <p>The rules, as linux-next 877160a21a91 has them (unchanged from 0022b328 unless listed above):
 * <ul>
 *   <li>Vetting of the insert kfuncs ({@code scx_vet_enq_flags()}): IMMED with a target that is not
 *       {@code SCX_DSQ_LOCAL} / {@code SCX_DSQ_LOCAL_ON|cpu} is a scheduler error; without IMMED, a policy with
 *       {@link OpsFlags#ALWAYS_ENQ_IMMED} gets it added to every local-DSQ insert. {@code scx_bpf_dsq_move_to_local}
 *       ({@code ___v2} with enq_flags) always targets a local DSQ.</li>
 *   <li>{@code dsq_inc_nr()}: once a task is put on a local DSQ with IMMED it carries {@code SCX_TASK_IMMED} until its
 *       next fresh enqueue ({@code scx_do_enqueue_task()}), so the promise survives being put back. When such a task
 *       lands on a local DSQ that now holds more than one task, or whose CPU is not open ({@code rq_is_open()}), a
 *       re-enqueue of that local DSQ is scheduled ({@code scx_schedule_reenq_local()}).</li>
 *   <li>{@code rq_is_open(rq, enq_flags)}: not open if a higher class runs or is waking there; open if the CPU is idle
 *       or heading to idle ({@code rq->next_class} below ext); open while the CPU is inside its own pick path
 *       (whether prev keeps the CPU is settled there); open for an insert with {@link EnqFlags#PREEMPT} (it forces a
 *       new pick); otherwise, with an ext task running or {@code next_class} raised to ext, not open. The engine keeps
 *       "next_class raised to ext on an idle CPU" as one flag per CPU ({@link #nextClassExt}), set by a wake-up onto
 *       the CPU ({@link #wokenOnto}) and by a local insert ({@link #localInserted}), cleared by the CPU's pick
 *       ({@link #picking}).</li>
 *   <li>The deferred re-enqueue ({@code process_deferred_reenq_locals()} → {@code reenq_local()} with
 *       {@code local_task_should_reenq()}): walking the local DSQ, an IMMED task stays only if it is the first task
 *       and the CPU is open; every other IMMED task is taken off, marked {@link TaskFlags#REENQ_IMMED} (event
 *       {@code SCX_EV_REENQ_IMMED}) and passed to {@code ops.enqueue(REENQ)}; the reason bits are cleared after the
 *       callback. If the policy puts a task straight back where it cannot run, another re-enqueue is requested and
 *       the same {@code while (true)} loop pops it again, under the same rq lock: the CPU's current task cannot change
 *       in between, so such a policy loops until the per-task bound above ejects it.</li>
 *   <li>{@code put_prev_task_scx()}: an IMMED task preempted by a higher class with slice left is not put back at the
 *       head of its local DSQ but re-enqueued with reason {@link TaskFlags#REENQ_PREEMPTED};
 *       {@code balance_one()}: a CPU about to pick with more than one task on its local DSQ, one of them IMMED, asks for
 *       the re-enqueue (an IMMED task queued while dispatch was open, or overtaken by a HEAD insert);
 *       {@code wakeup_preempt_scx()}: a higher class arriving on a CPU whose local DSQ holds IMMED tasks
 *       ({@code rq->scx.nr_immed}) triggers the re-enqueue of that DSQ.</li>
 * </ul>
 *
 * <p>When the kernel runs the deferred re-enqueue ({@code schedule_dsq_reenq()}, {@code schedule_deferred_locked()}):
 * a request links the CPU's per-scheduler {@code deferred_reenq_local} node into {@code rq->scx.deferred_reenq_locals}
 * and arranges for {@code run_deferred()} on that rq: from {@code task_woken_scx()} when the rq is inside a wake-up,
 * from the balance callback queued after {@code balance_one()} (so after the pick) when it is inside balance, otherwise
 * from an irq_work queued on that CPU. The simulator runs the deferred work at the start of each pass of the
 * "reschedule every CPU flagged need_resched" step, at the same virtual instant as the request; a request made by a
 * CPU's pick ({@link #picking}) is therefore processed after that pick, as the kernel's balance callback is. The IMMED
 * mark is the task's {@link TaskStruct#immed} field, the hand-back count its {@link TaskStruct#reenqCnt}. Nothing is
 * allocated per insert; the walk reuses a scratch array.
 *
 * <p><b>A wake-up closes an idle CPU until it picks</b> ({@code kernel/sched/core.c}: {@code wakeup_preempt()},
 * {@code __schedule()}, {@code sched_init()}; {@code ext.c}: {@code rq_is_open()}). {@code rq->next_class} starts as
 * the idle class and is set to the picked task's class by every pick. {@code wakeup_preempt()}, called by
 * {@code ttwu_do_activate()} and {@code wake_up_new_task()} after the woken task is enqueued on its rq (and, in
 * linux-next, by every local-DSQ insert), raises it to the task's class when that class is above it, and reschedules
 * the CPU. So once an ext task is woken or inserted onto an idle CPU, {@code rq_is_open()} sees next_class == ext
 * there: not open (outside the pick path, without PREEMPT) until that CPU picks. The triggering insert is vetted
 * before the raise, so a lone IMMED task stays; a second IMMED task queued there at the same instant asks for a walk,
 * and the walk finds the rq not open: both tasks go back, the first one too. For a wake-up the engine sets the flag
 * only when the woken task stays on the CPU it was woken onto (its local DSQ or a shared DSQ), where it also
 * reschedules the CPU; a woken task the policy direct-dispatches to another CPU's local DSQ raises the target instead
 * (a local insert) and leaves the woken-onto CPU open (the kernel raises next_class there and reschedules it; the
 * engine does neither, so a stale flag cannot outlive the instant). The engine does not raise the flag for an insert
 * made by the target CPU's own pick: that pick sets next_class itself.
 */
final class ImmedEnqueue {
    /** {@code SCX_REENQ_MAX_REPEAT} (linux-next; {@code SCX_REENQ_LOCAL_MAX_REPEAT} in 0022b328, also 256). */
    static final int MAX_REPEAT = 256;

    private final Kernel k;
    /** A re-enqueue of the CPU's local DSQ was requested and has not run yet. */
    private final boolean[] pending;
    private boolean anyPending;
    /**
     * {@code rq->next_class == ext} on an idle CPU: an ext task was woken ({@code wakeup_preempt()}) or inserted
     * ({@code rq_owned_post_enq()}) onto it and the CPU has not picked since.
     */
    private final boolean[] nextClassExt;
    /** Tasks taken off a local DSQ by one walk (grown on demand, never shrunk). */
    private TaskStruct[] scratch = new TaskStruct[16];

    /** {@code SCX_EV_REENQ_IMMED}. */
    long evReenqImmed;
    /** {@code SCX_EV_REENQ_REPEAT}: a re-enqueue of a task that was re-enqueued before without running in between. */
    long evReenqRepeat;

    ImmedEnqueue(Kernel kernel, int nrCpus) {
        this.k = kernel;
        this.pending = new boolean[nrCpus];
        this.nextClassExt = new boolean[nrCpus];
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

    /**
     * The start of {@code scx_do_enqueue_task()} for a fresh enqueue of {@code p} with {@code enqFlags}: the IMMED
     * promise of the previous placement ends, and a re-enqueue ({@link EnqFlags#REENQ}) is counted against the
     * per-task bound. Returns false when this re-enqueue is the 257th without running: the scheduler is then being
     * ejected with {@link ExitKind#ERROR_REENQ} (a later claim, as in the kernel, does not replace an earlier one) and
     * the caller must leave the task where it is (stranded, on no DSQ, until the disable moves it to the fair class).
     */
    boolean freshEnqueue(TaskStruct p, long enqFlags) {
        p.immed = false;
        if ((enqFlags & EnqFlags.REENQ) == 0 || k.ops == null) {
            return true; // counted while the scheduler is attached, also between an exit claim and the disable
        }
        if (++p.reenqCnt > 1) {
            evReenqRepeat++;
        }
        if (p.reenqCnt > MAX_REPEAT) {
            k.error(ExitKind.ERROR_REENQ, p + " reenqueued " + p.reenqCnt + " times without running: the policy keeps"
                    + " re-deciding a placement the kernel cannot honor (e.g. SCX_ENQ_IMMED onto a busy CPU)");
            return false;
        }
        return true;
    }

    /** {@code set_next_task_scx()} → {@code clr_task_runnable(p, true)}: {@code p} runs, its re-enqueue count restarts. */
    void running(TaskStruct p) {
        p.reenqCnt = 0;
    }

    /**
     * The IMMED part of {@code dsq_inc_nr()} for {@code p}, just queued on the local DSQ of {@code target} with
     * {@code enqFlags}: marks the task and asks for a re-enqueue if it cannot run at once; then
     * {@code rq_owned_post_enq()}'s {@code wakeup_preempt()} raises an idle target's next_class to ext.
     */
    void localInserted(TaskStruct p, CpuRq target, long enqFlags) {
        if ((enqFlags & EnqFlags.IMMED) != 0) {
            p.immed = true;
        }
        if (p.immed && (target.local.nr > 1 || !isOpen(target, enqFlags))) {
            request(target);
        }
        if (target.curr == null && k.balancing != target) {
            nextClassExt[target.cpu] = true;
        }
    }

    /**
     * After the enqueue of the woken ext task {@code p} on {@code rq}: {@code wakeup_preempt()} raises
     * {@code rq->next_class} to ext on an idle CPU (kept only while {@code p} stays on that CPU, see the class
     * comment); {@code task_woken_scx()} then runs the CPU's deferred work, which the engine does at the same instant.
     */
    void wokenOnto(CpuRq rq, TaskStruct p) {
        if (rq.curr == null && p.cpu == rq.cpu) {
            nextClassExt[rq.cpu] = true;
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
        if (rq.curr == null && !nextClassExt[rq.cpu]) {
            return true; // idle: rq->next_class is below ext
        }
        return (enqFlags & EnqFlags.PREEMPT) != 0; // an ext task runs, or one was woken or inserted onto the idle CPU
    }

    /**
     * The end of {@code balance_one()} ({@code has_tasks}): as {@code rq} picks, more than one task on its local DSQ
     * with an IMMED one among them (queued while dispatch was open, or behind a HEAD insert) asks for a re-enqueue.
     * The pick also sets {@code rq->next_class} to the picked task's class ({@code __schedule()}): a raise to ext ends
     * here (while picking the CPU is open anyway; after it, a running ext task decides).
     */
    void picking(CpuRq rq) {
        nextClassExt[rq.cpu] = false;
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
     * {@code run_deferred()} → {@code process_deferred_reenq_locals()} for every CPU with a request: re-walking its
     * local DSQ as long as the walk itself asks for another (the policy put tasks straight back). The loop ends when a
     * walk re-inserts nothing where it cannot run, or when the per-task bound of {@link #freshEnqueue} ejects the
     * policy: every walk that asks again has handed back at least one task without running it, so the bound also
     * bounds the loop.
     */
    void runDeferred() {
        if (!anyPending) {
            return;
        }
        anyPending = false;
        for (int cpu = 0; cpu < pending.length; cpu++) {
            CpuRq rq = k.cpus[cpu];
            while (pending[cpu]) {
                pending[cpu] = false;
                if (!k.policyActive()) {
                    break; // the requests belonged to the scheduler instance that is gone (per-scheduler node)
                }
                reenqLocal(rq);
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
