package io.scx4j.core.internal;

/**
 * Proxy execution ({@code CONFIG_SCHED_PROXY_EXEC}, merged in Linux 6.17; {@code find_proxy_task()} in
 * {@code kernel/sched/core.c}), on when {@link io.scx4j.core.EngineConfig#proxyExecution()} is set.
 *
 * <p>What Linux does: a task that blocks on a contended mutex is not dequeued; it stays on the run queue as a
 * <em>donor</em> ({@code p->blocked_on} set). When the scheduler picks a donor, {@code find_proxy_task()} follows the
 * chain of {@code blocked_on} mutexes to the owner and runs the owner in the donor's place: the donor is
 * {@code rq->donor} (its scheduling context: its class, its slice, its vruntime are charged), the owner is
 * {@code rq->curr} (the execution context: its {@code sum_exec_runtime} grows). A low-priority owner preempted by
 * medium-priority tasks thus runs with the high-priority waiter's priority until it unlocks, which ends priority
 * inversion. When the owner cannot be run there (it is blocked itself, or on another CPU in the first merged version)
 * the donor is deactivated and sleeps as a classic waiter ({@code proxy_deactivate()}).
 *
 * <p>What is modelled: the donor stays current (or queued) in its class; when it is current, the owner at the end of
 * its {@code blocked_on} chain runs in its place if that owner is runnable and not running anywhere: the CPU's
 * {@link CpuRq#proxy} is the owner, its program and its work advance, and its CPU time is charged to it, while ticks,
 * slices, vruntime and the policy's callbacks ({@code running}/{@code stopping}/{@code tick}) see the donor. The owner
 * stays where it was queued, as in Linux. The owner executes only CPU work and the steps that cannot block it; at an
 * unlock the mutex is handed over and the donor re-evaluates (it goes on if it got the mutex). If the owner would
 * block, yield, exit or change its attributes, is running or sleeping, or is picked by another CPU, the donor is
 * deactivated and waits as a plain waiter until the hand-off wakes it.
 *
 * <p>Differences: Linux proxies only when the owner is on the donor's run queue (later versions migrate the donor to
 * the owner's CPU); here a runnable owner queued anywhere is run on the donor's CPU without migrating it. Linux does
 * not allow proxy execution with sched_ext at all ({@code SCHED_PROXY_EXEC} depends on {@code !SCHED_CLASS_EXT}: the
 * ext class has no way to learn of split contexts); here an ext donor works as a fair one does, the policy seeing
 * only the donor running, so the same priority-inversion scenario can be compared under a policy.
 */
final class ProxyExec {
    private final Kernel k;

    ProxyExec(Kernel k) {
        this.k = k;
    }

    /** {@code p}, current on {@code rq}, blocked on a contended mutex: it stays on the run queue as a donor. */
    void becomeDonor(CpuRq rq, TaskStruct p) {
        if (begin(rq)) {
            k.armRunDone(rq);
        } else {
            deactivateDonor(rq, p);
        }
    }

    /** The current task of {@code rq} is a donor: finds the owner to run in its place; false if there is none. */
    boolean begin(CpuRq rq) {
        TaskStruct owner = rq.curr;
        for (int hops = 0; owner.blockedOn != null; hops++) {
            if (hops > k.tasks.size() || owner.blockedOn.owner == null) {
                return false; // a cycle of waiters: a deadlock no one can run out of
            }
            owner = owner.blockedOn.owner;
        }
        if (owner.runState != TaskStruct.RunState.RUNNABLE || owner.proxyCpu >= 0) {
            return false;
        }
        rq.proxy = owner;
        owner.proxyCpu = rq.cpu;
        return true;
    }

    /** Ends the proxy on {@code rq} (its work was accounted up to now by the caller). */
    void end(CpuRq rq) {
        rq.proxy.proxyCpu = -1;
        rq.proxy = null;
    }

    private void deactivateDonor(CpuRq rq, TaskStruct donor) {
        donor.blocking = true;
        donor.sleepNs = TaskStruct.UNTIL_WOKEN;
        k.resched(rq);
    }

    /**
     * The owner running on {@code rq} for its donor stopped: after an unlock ({@code retry}) the donor goes on if it got
     * the mutex or looks for the new owner; otherwise the donor is deactivated.
     */
    void ownerStopped(CpuRq rq, boolean retry) {
        end(rq);
        TaskStruct donor = rq.curr;
        if (donor.blockedOn == null) {
            k.armRunDone(rq);
        } else if (retry && begin(rq)) {
            k.armRunDone(rq);
        } else {
            deactivateDonor(rq, donor);
        }
    }

    /** {@code rq} switches from its current task to {@code next}: hook called before the switch. */
    void switching(CpuRq rq, TaskStruct next) {
        if (rq.proxy != null) {
            end(rq);
        }
        if (next != null && next.proxyCpu >= 0) {
            // the owner is picked to run on its own: the CPU that ran it for a donor stops doing so
            CpuRq other = k.cpus[next.proxyCpu];
            k.updateCurr(other);
            end(other);
            deactivateDonor(other, other.curr);
        }
    }

    /**
     * Checks that every proxy is consistent: the CPU's current task is a donor waiting on a mutex, and the task run in
     * its place is runnable (queued, not running anywhere) and knows on which CPU it runs.
     */
    void checkInvariants() {
        for (CpuRq rq : k.cpus) {
            TaskStruct owner = rq.proxy;
            if (owner == null) {
                continue;
            }
            if (rq.curr == null || rq.curr.blockedOn == null) {
                throw new IllegalStateException("CPU " + rq.cpu + " runs " + owner + " in the place of " + rq.curr
                        + ", which waits on no mutex");
            }
            if (owner.runState != TaskStruct.RunState.RUNNABLE || owner.proxyCpu != rq.cpu) {
                throw new IllegalStateException("CPU " + rq.cpu + " runs " + owner + " for " + rq.curr + " but "
                        + owner + " is " + owner.runState + " with proxy CPU " + owner.proxyCpu);
            }
        }
    }

    /** A donor became (or stayed) current on {@code rq}: runs its owner in its place, or deactivates it. */
    void donorRuns(CpuRq rq, TaskStruct donor) {
        if (rq.proxy == null && !begin(rq)) {
            deactivateDonor(rq, donor);
        }
    }
}
