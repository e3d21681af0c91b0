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
 *       ext task running, not open. For an idle CPU the answer depends on {@code rq->next_class}, which the engine
 *       keeps as one flag per CPU ({@link #wokenOnto}, cleared by {@link #picking}): see "A wake-up closes an idle
 *       CPU" below.</li>
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
 * {@code process_deferred_reenq_locals()}: the repeat count lives only inside it. The IMMED mark is the task's
 * {@link TaskStruct#immed} field. Nothing is allocated per insert; the walk reuses a scratch array.
 *
 * <p><b>A wake-up closes an idle CPU until it picks</b> ({@code kernel/sched/core.c}: {@code wakeup_preempt()},
 * {@code __schedule()}, {@code sched_init()}; {@code ext.c}: {@code rq_is_open()}). {@code rq->next_class} starts as
 * the idle class and is set to the picked task's class by every pick. {@code wakeup_preempt()}, called by
 * {@code ttwu_do_activate()} and {@code wake_up_new_task()} after the woken task is enqueued on its rq, raises it to
 * the woken task's class when that class is above it, and reschedules the CPU. So once an ext task is woken onto an
 * idle CPU, {@code rq_is_open()} sees next_class == ext there: not open (outside the pick path, without PREEMPT) until
 * that CPU picks. The woken task's own insert is vetted before the raise (enqueue first, then
 * {@code wakeup_preempt()}), so a lone IMMED task woken onto an idle CPU stays; a second IMMED task queued there at
 * the same instant asks for a walk, and the walk, run from {@code task_woken_scx()}, finds the rq not open: both tasks
 * go back, the first one too. An insert from another CPU ({@code dispatch_to_local_dsq()}, a remote direct dispatch)
 * does not raise next_class: the idle target stays open. The engine sets the flag only when the woken task stays on
 * the CPU it was woken onto (its local DSQ or a shared DSQ), where the engine also reschedules the CPU; a task the
 * policy direct-dispatches to another CPU's local DSQ leaves the woken-onto CPU open (the kernel raises next_class there
 * and reschedules it; the engine does neither, so a stale flag cannot outlive the instant).
 *
 * <p><b>A request the target rq cannot schedule waits</b> ({@code enqueue_task_scx()}, {@code direct_dispatch()},
 * {@code process_ddsp_deferred_locals()}, {@code move_remote_task_to_local_dsq()}, {@code schedule_deferred_locked()},
 * {@code task_woken_scx()}). A direct dispatch from a ttwu wake-up to another CPU's local DSQ is carried out from the
 * waking rq's {@code task_woken_scx()}: the task is activated on the target with the wake-up's enqueue flags, which
 * include {@code ENQUEUE_WAKEUP} (a fork's {@code wake_up_new_task()} enqueues with {@code ENQUEUE_INITIAL} and no
 * WAKEUP), so {@code enqueue_task_scx()} marks the target {@code SCX_RQ_IN_WAKEUP} while the task is queued there. An
 * IMMED request made then links the target's node but {@code schedule_deferred_locked()} schedules nothing (it relies
 * on a {@code task_woken_scx()} that will not come for the target). The request is parked: it waits for the
 * target's next deferred run, which comes with the next request on that CPU (processed as usual) or the next wake-up
 * of an ext task onto it ({@code task_woken_scx()} runs the deferred work unconditionally). Meanwhile the IMMED task
 * can wait on that local DSQ and run there once the CPU picks it: the kernel's own hole in the IMMED promise.
 */
final class ImmedEnqueue {
    /** {@code SCX_REENQ_LOCAL_MAX_REPEAT}. */
    static final int LOCAL_MAX_REPEAT = 256;

    private final Kernel k;
    /** A re-enqueue of the CPU's local DSQ was requested and has not run yet. */
    private final boolean[] pending;
    private boolean anyPending;
    /**
     * A re-enqueue of the CPU's local DSQ was requested while the CPU was inside a remote wake-up enqueue
     * ({@code SCX_RQ_IN_WAKEUP}): linked but not scheduled, it runs with the CPU's next deferred run.
     */
    private final boolean[] parked;
    private boolean anyParked;
    /**
     * {@code rq->next_class == ext} on an idle CPU: an ext task was woken onto it ({@code wakeup_preempt()}) and the
     * CPU has not picked since.
     */
    private final boolean[] nextClassExt;
    /** The CPU a ttwu wake-up (not a fork) is enqueueing a task on, or -1: see {@link #wakeEnqueue}. */
    private int ttwuCpu = -1;
    /** Tasks taken off a local DSQ by one walk (grown on demand, never shrunk). */
    private TaskStruct[] scratch = new TaskStruct[16];

    /** {@code SCX_EV_REENQ_IMMED}. */
    long evReenqImmed;
    /** {@code SCX_EV_REENQ_LOCAL_REPEAT}. */
    long evReenqLocalRepeat;

    ImmedEnqueue(Kernel kernel, int nrCpus) {
        this.k = kernel;
        this.pending = new boolean[nrCpus];
        this.parked = new boolean[nrCpus];
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
            if (ttwuCpu >= 0 && target.cpu != ttwuCpu) {
                // a woken task moved to another CPU's local DSQ: SCX_RQ_IN_WAKEUP there, nothing is scheduled
                parked[target.cpu] = true;
                anyParked = true;
            } else {
                request(target);
            }
        }
    }

    /**
     * The start of the enqueue of a woken ext task on {@code cpu} (the CPU {@code select_task_rq()} chose): a ttwu
     * wake-up ({@code fork == false}) enqueues with {@code ENQUEUE_WAKEUP}, so an insert of the task into another CPU's
     * local DSQ in this enqueue marks that CPU {@code SCX_RQ_IN_WAKEUP}; a fork does not.
     */
    void wakeEnqueue(int cpu, boolean fork) {
        ttwuCpu = fork ? -1 : cpu;
    }

    /**
     * After the enqueue of the woken ext task {@code p} on {@code rq}: {@code wakeup_preempt()} raises
     * {@code rq->next_class} to ext on an idle CPU (kept only while {@code p} stays on that CPU, see the class
     * comment), then {@code task_woken_scx()} runs the CPU's deferred work, including a parked request.
     */
    void wokenOnto(CpuRq rq, TaskStruct p) {
        ttwuCpu = -1;
        if (rq.curr == null && p.cpu == rq.cpu) {
            nextClassExt[rq.cpu] = true;
        }
        if (parked[rq.cpu]) {
            request(rq);
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
        return (enqFlags & EnqFlags.PREEMPT) != 0; // an ext task runs, or one was woken onto the idle CPU
    }

    /**
     * The end of {@code balance_one()} ({@code has_tasks}): as {@code rq} picks, more than one task on its local DSQ
     * with an IMMED one among them (queued while dispatch was open, or behind a HEAD insert) asks for a re-enqueue.
     * The pick also sets {@code rq->next_class} to the picked task's class ({@code __schedule()}): a wake-up's raise
     * to ext ends here (while picking the CPU is open anyway; after it, a running ext task decides).
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
        parked[rq.cpu] = false; // the node is linked once: the scheduled run walks for both
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
        if (anyParked && !k.policyActive()) {
            // the requests belonged to the scheduler instance that is gone (per-scheduler deferred_reenq_local)
            java.util.Arrays.fill(parked, false);
            anyParked = false;
        }
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
