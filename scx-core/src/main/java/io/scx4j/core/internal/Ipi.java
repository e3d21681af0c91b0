package io.scx4j.core.internal;

import io.scx4j.core.MachineModel;
import io.scx4j.topology.Topology;

/**
 * Reschedule IPIs ({@link MachineModel.Ipi}): a CPU that makes another CPU reschedule reaches it only when the
 * interrupt lands.
 *
 * <h2>The kernel</h2>
 * {@code resched_curr()} (kernel/sched/core.c) sets {@code TIF_NEED_RESCHED} on the target's current task; on the local
 * CPU that is all, on a remote one it also sends {@code smp_send_reschedule()}, unless the flag was already set (an
 * IPI is then already on its way, or the target is about to schedule anyway). {@code scx_bpf_kick_cpu()} is
 * asynchronous: it queues irq_work on the calling CPU, whose {@code kick_cpus_irq_workfn()} calls
 * {@code kick_one_cpu()} → {@code resched_curr()} for each target (kernel/sched/ext.c). A wake-up that places a task
 * on another CPU reaches it the same way: {@code ttwu_queue_wakelist()} queues the task and sends an IPI, or the
 * waker enqueues remotely and {@code wakeup_preempt()} reschedules the target.
 *
 * <h2>The simulator</h2>
 * {@link Kernel#resched} asks {@link #deferred} first. A reschedule of a CPU other than the one the code runs on
 * ({@link #originCpu()}) posts an {@code EV_IPI} event at {@code now + latency(origin, target)} instead of flagging the
 * target, and the target goes through its pick path when the event lands. Which CPU the code runs on: during a
 * wake-up, the waker's CPU (a task waker's, or for a timer's expiry the CPU the task slept on, where its hrtimer
 * fires); inside a policy callback otherwise, the CPU it runs for; engine bookkeeping (ticks on the CPU itself,
 * hotplug, cgroup and deadline-server timers, a fork's first wake-up) sends none. A second reschedule of a CPU
 * with an IPI in flight sends nothing (coalesced). A target that goes through its pick path for another reason
 * before the IPI lands has consumed the reschedule: the landing then does nothing but release
 * {@code SCX_KICK_WAIT} waiters (see {@link KickWait}).
 *
 * <p>Per-CPU primitive arrays only; nothing is allocated per IPI.
 */
final class Ipi {
    /** No CPU: engine bookkeeping, which sends no IPI. */
    static final int NONE = -1;

    private final Kernel k;
    private final boolean enabled;
    private final MachineModel.Ipi model;
    private final CpuDistance distance;
    /** When the IPI in flight to each CPU lands; {@code Long.MIN_VALUE} when none is. */
    private final long[] landsAt;
    /** Bumped whenever a CPU goes through its pick path: an IPI sent before that finds nothing to do. */
    private final long[] pickGen;
    /** The CPU a wake-up runs on, while one is in progress ({@link #NONE} otherwise). */
    private int wakeOrigin = NONE;
    private long sent;
    private long coalesced;

    Ipi(Kernel kernel, Topology topology, MachineModel.Ipi model) {
        this.k = kernel;
        this.model = model;
        this.enabled = model.enabled() && (model.sameCoreNs() > 0 || model.sameLlcNs() > 0
                || model.otherLlcNs() > 0 || model.otherNodeNs() > 0);
        int n = topology.nrCpuIds();
        landsAt = new long[n];
        pickGen = new long[n];
        java.util.Arrays.fill(landsAt, Long.MIN_VALUE);
        distance = new CpuDistance(topology);
    }

    /** Latency of an IPI from {@code from} to {@code to}, by the smallest topology domain they share. */
    long latencyNs(int from, int to) {
        return switch (distance.between(from, to)) {
            case CpuDistance.SAME_CORE -> model.sameCoreNs();
            case CpuDistance.SAME_LLC -> model.sameLlcNs();
            case CpuDistance.SAME_NODE -> model.otherLlcNs();
            default -> model.otherNodeNs();
        };
    }

    /** The CPU the code now runs on, as far as sending an IPI goes; {@link #NONE} for engine bookkeeping. */
    int originCpu() {
        if (wakeOrigin != NONE) {
            return wakeOrigin;
        }
        return k.ctx != Kernel.Ctx.ENGINE ? k.thisCpu : NONE;
    }

    /**
     * The CPU a wake-up of {@code p} in context {@code wc} runs on: a task waker's CPU; for a timer's expiry the CPU
     * {@code p} slept on (its hrtimer fires there; call before {@code p} is placed); {@link #NONE} for a fork's first
     * wake-up, whose IPI the engine does not model.
     */
    static int wakerCpu(WakeContext wc, TaskStruct p) {
        TaskStruct w = wc.waker();
        if (w != null) {
            return w.cpu;
        }
        return wc.hardirq() ? p.cpu : NONE;
    }

    /**
     * Code run by {@code cpu} starts (a wake-up, or applying the inserts a CPU's ops.dispatch buffered). Returns the
     * enclosing scope's CPU, to hand back to {@link #popOrigin}.
     */
    int pushOrigin(int cpu) {
        int outer = wakeOrigin;
        wakeOrigin = cpu;
        return outer;
    }

    /** The scope {@link #pushOrigin} started is over. */
    void popOrigin(int outer) {
        wakeOrigin = outer;
    }

    /**
     * {@code resched_curr(rq)}: true if the reschedule travels as an IPI (posted, or coalesced with one in flight),
     * so the caller must not flag {@code rq} now; false if it takes effect at once (local CPU, engine bookkeeping,
     * zero latency, effect off).
     */
    boolean deferred(CpuRq rq) {
        if (!enabled) {
            return false;
        }
        int from = originCpu();
        int to = rq.cpu;
        if (from < 0 || from == to || from >= distance.nrCpuIds()) {
            return false;
        }
        if (landsAt[to] != Long.MIN_VALUE) {
            coalesced++;
            return true;
        }
        if (rq.needResched) {
            return false;
        }
        long lat = latencyNs(from, to);
        if (lat == 0) {
            return false;
        }
        landsAt[to] = k.now + lat;
        sent++;
        k.post(k.now + lat, Kernel.EV_IPI, to, pickGen[to]);
        return true;
    }

    /** {@code rq} enters its pick path: a reschedule still in flight to it is consumed. */
    void picking(CpuRq rq) {
        pickGen[rq.cpu]++;
        landsAt[rq.cpu] = Long.MIN_VALUE;
    }

    /** An {@code EV_IPI} event: the IPI sent to {@code cpu} when its pick generation was {@code gen} lands. */
    void land(int cpu, long gen) {
        if (gen == pickGen[cpu]) {
            landsAt[cpu] = Long.MIN_VALUE;
            k.cpus[cpu].needResched = true; // scheduler_ipi(): the target schedules
        }
        k.kickWait.ipiLanded();
    }

    /** Whether an IPI is on its way to {@code cpu}. */
    boolean inFlight(int cpu) {
        return landsAt[cpu] != Long.MIN_VALUE;
    }

    /** When the IPI in flight to {@code cpu} lands; {@code Long.MIN_VALUE} if none is. */
    long landsAt(int cpu) {
        return landsAt[cpu];
    }

    /** IPIs sent so far. */
    long sent() {
        return sent;
    }

    /** Reschedules of a CPU that already had an IPI in flight (no second IPI). */
    long coalesced() {
        return coalesced;
    }
}
