package io.scx4j.core.internal;

/**
 * {@code SCX_KICK_WAIT}: a CPU that kicked another with the WAIT flag does not go on with a newly picked task until
 * the target has been through its scheduling path since the kick, so the ext task the target ran at the time of the
 * kick is no longer running unchallenged.
 *
 * <h2>The kernel (kernel/sched/ext.c at 0022b328504d, the reference's commit, which has 415cb193 "Fix SCX_KICK_WAIT
 * deadlock by deferring wait to balance callback"; reference §7.2)</h2>
 * <ul>
 *   <li>Every CPU has a sequence number, {@code rq->scx.kick_sync}. It is advanced when the CPU enters the ext pick path
 *       ({@code do_pick_task_scx()}) and when an ext task is put back ({@code put_prev_task_scx()}): either means the
 *       task that was running has been through a scheduling decision.</li>
 *   <li>{@code scx_bpf_kick_cpu(cpu, SCX_KICK_WAIT)} is handled by the kicker's irq_work ({@code kick_one_cpu()}): if
 *       the target's current task is an ext task, the kicker records the target's sequence number (its
 *       {@code cpus_to_sync} mask and {@code ksyncs[]} snapshot); otherwise the WAIT has no effect. The target is
 *       rescheduled either way. If anything is to be waited for, the kicker sets {@code kick_sync_pending} and
 *       reschedules itself.</li>
 *   <li>On its next pick the kicker queues a balance callback ({@code kick_sync_wait_bal_cb()}) that spins, with the
 *       rq lock dropped and IRQs enabled, until each recorded target's sequence differs from the snapshot; a target that
 *       is the kicker itself is skipped (the engine also releases a target that went offline, which never picks
 *       again). While spinning it keeps advancing its own sequence, so a CPU that waits on a
 *       waiting CPU is released: A→B→C→A cycles cannot deadlock (selftest {@code cyclic_kick_wait}).</li>
 * </ul>
 *
 * <h2>The simulator</h2>
 * Without IPI latency ({@link io.scx4j.core.MachineModel.Ipi} off, as under {@code MachineModel.ideal()}) a kick
 * reschedules its target at the same virtual instant, so every target passes through its pick path within the
 * instant of the kick and the wait costs no virtual time. With it, a remote target reschedules when the IPI lands
 * ({@link Ipi}): the waiter stops looking in passes of the same instant, spins until the last IPI it waits for lands
 * (its current task makes no progress meanwhile) and looks again at each landing, so it picks no earlier than the
 * landing and after the target's pick. What the wait does decide is
 * <em>order</em>: when the kicker's turn comes in the "reschedule every CPU flagged need_resched" step and a target
 * has not yet been through its pick path, the kicker's schedule is put off to the next pass of that step (its own
 * sequence advances, as the kernel's waiter does); it picks only once every target has advanced. Hence the kicker's
 * next task is chosen after the target's task was put back or re-picked, which is what the kernel guarantees. The
 * kernel waits after picking; the engine waits before, which is indistinguishable in virtual time. Kicks are a no-op
 * without a loaded policy (the kernel ignores them while bypassing), and a CPU going offline never waits.
 *
 * <p>State is held in per-CPU arrays (a CPU's row of targets on its first WAIT kick); nothing is allocated per kick or per pick after that.
 */
final class KickWait {
    private final Kernel k;
    private final int n;
    /** {@code rq->scx.kick_sync}, per CPU. */
    private final long[] kickSync;
    /** {@code rq->scx.kick_sync_pending}: a WAIT kick recorded something to wait for; act on the next pick. */
    private final boolean[] pending;
    /**
     * {@code rq->scx.cpus_to_sync}, one row per waiting CPU (column = target), allocated the first time that CPU makes
     * a WAIT kick: an n×n table up front would be 16 M entries on a 4096-CPU topology.
     */
    private final boolean[][] toSync;
    /** The {@code ksyncs[]} snapshot: the target's kick_sync when the waiter kicked it; rows as in toSync. */
    private final long[][] snapshot;
    /** How many targets each CPU still waits for. */
    private final int[] nrWaiting;
    /** The sum of {@link #nrWaiting}: an IPI landing looks for waiters only when there are some. */
    private int totalWaiting;
    /** Picks put off because a target had not advanced yet (for tests and reports). */
    private long deferredPicks;

    KickWait(Kernel kernel, int nrCpus) {
        this.k = kernel;
        this.n = nrCpus;
        this.kickSync = new long[nrCpus];
        this.pending = new boolean[nrCpus];
        this.toSync = new boolean[nrCpus][];
        this.snapshot = new long[nrCpus][];
        this.nrWaiting = new int[nrCpus];
    }

    /**
     * The WAIT part of {@code kick_one_cpu()}: {@code kicker} asked to wait for {@code target}. Records the target's
     * sequence if it runs an ext task and makes the kicker reschedule; returns whether anything is waited for.
     */
    boolean kick(int kicker, CpuRq target) {
        if (target.curr == null || !target.curr.ext) {
            return false;
        }
        if (toSync[kicker] == null) {
            toSync[kicker] = new boolean[n];
            snapshot[kicker] = new long[n];
        }
        boolean[] row = toSync[kicker];
        if (!row[target.cpu]) {
            row[target.cpu] = true;
            nrWaiting[kicker]++;
            totalWaiting++;
        }
        snapshot[kicker][target.cpu] = kickSync[target.cpu];
        pending[kicker] = true;
        k.resched(k.cpus[kicker]);
        return true;
    }

    /**
     * Called as {@code rq} enters its scheduling path: advances its sequence ({@code do_pick_task_scx()}) and, if it
     * has a WAIT kick outstanding, returns true while some target has not advanced since the kick. The caller then
     * leaves the CPU as it is for this pass; the CPU is flagged to try again in the next one.
     */
    boolean mustWait(CpuRq rq) {
        int cpu = rq.cpu;
        kickSync[cpu]++;
        if (nrWaiting[cpu] == 0) {
            pending[cpu] = false;
            return false;
        }
        pending[cpu] = false;
        if (!rq.online || !k.policyActive()) {
            clear(cpu);
            return false;
        }
        boolean[] row = toSync[cpu];
        long[] seen = snapshot[cpu];
        for (int t = 0; t < n; t++) {
            if (row[t] && (t == cpu || kickSync[t] != seen[t] || !k.cpus[t].online)) {
                row[t] = false;
                nrWaiting[cpu]--;
                totalWaiting--;
            }
        }
        if (nrWaiting[cpu] == 0) {
            return false;
        }
        deferredPicks++;
        long lastLanding = Long.MIN_VALUE;
        boolean anyThisInstant = false;
        for (int t = 0; t < n; t++) {
            if (row[t]) {
                if (k.ipi.inFlight(t)) {
                    lastLanding = Math.max(lastLanding, k.ipi.landsAt(t));
                } else {
                    anyThisInstant = true;
                }
            }
        }
        if (anyThisInstant) {
            k.resched(rq); // a target reschedules in this instant: look again in the next pass
        }
        if (lastLanding != Long.MIN_VALUE) {
            spinUntil(rq, lastLanding);
        }
        return true;
    }

    /**
     * The waiter spins ({@code kick_sync_wait_bal_cb()}) until {@code until}, when the last IPI it waits for lands:
     * its current task makes no progress meanwhile (a stall, as a context switch's). The landing reschedules the
     * waiter ({@link #ipiLanded}).
     */
    private void spinUntil(CpuRq rq, long until) {
        TaskStruct p = rq.proxy != null ? rq.proxy : rq.curr;
        long spin = until - k.now;
        if (p == null || spin <= 0) {
            return;
        }
        k.machine.beforeSpeedChange(rq);
        if (p.stallNs < spin) {
            p.stallNs = spin;
        }
        k.machine.afterSpeedChange(rq);
    }

    /** An IPI landed ({@link Ipi#land}): every waiting CPU looks again at its targets. */
    void ipiLanded() {
        for (int c = 0; c < n && totalWaiting > 0; c++) {
            if (nrWaiting[c] > 0) {
                k.resched(k.cpus[c]);
            }
        }
    }

    private void clear(int cpu) {
        if (toSync[cpu] != null) {
            java.util.Arrays.fill(toSync[cpu], false);
        }
        totalWaiting -= nrWaiting[cpu];
        nrWaiting[cpu] = 0;
    }

    /** {@code rq->scx.kick_sync} of {@code cpu}. */
    long kickSync(int cpu) {
        return kickSync[cpu];
    }

    /** Whether {@code cpu} still waits for a target of a WAIT kick. */
    boolean waiting(int cpu) {
        return nrWaiting[cpu] > 0;
    }

    /** Picks put off so far because a WAIT target had not been through its pick path yet. */
    long deferredPicks() {
        return deferredPicks;
    }
}
