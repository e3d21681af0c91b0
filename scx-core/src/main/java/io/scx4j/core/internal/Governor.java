package io.scx4j.core.internal;

import io.scx4j.core.EventSink;

import io.scx4j.core.MachineModel;

/**
 * CPU frequency ({@link MachineModel.Dvfs}): what {@code kernel/sched/cpufreq_schedutil.c} and the cpufreq driver do
 * between a performance request and the CPU running at the new frequency.
 *
 * <p>The requested performance follows {@code sugov_get_util()}: under a loaded policy, the policy's
 * {@code cpuperf_target} ({@code scx_bpf_cpuperf_set()}, capacity units, reset to 1024 at load) plus, if the policy
 * is partial, the fair class's utilization; without a policy, the fair class's utilization alone. Then
 * {@code map_util_perf()} adds the headroom, and the result is clamped to the CPU's minimum performance and 1024.
 * A new request takes effect {@code transitionLatencyNs} later (a later request supersedes a pending one). On the
 * change, work done so far is accounted at the old speed and the running task's completion is re-armed.
 *
 * <p>Utilization is PELT-like: the running average of "a fair task runs here", frequency invariant (running at
 * half frequency counts half), decaying with the configured half life. It is updated in closed form at each
 * switch and frequency event, so no tick is needed: on a nohz CPU the governor still sees the right value at the
 * next switch, and while a CPU stays busy the governor re-evaluates every {@code rateLimitNs} from its own event.
 */
final class Governor {
    /** Event payload of a governor re-evaluation (other payloads are transition generations, >= 0). */
    static final long REEVALUATE = -1;

    /** PELT's granularity: the half life is 32 periods ({@code LOAD_AVG_PERIOD}). */
    private static final int PERIODS_PER_HALF_LIFE = 32;

    private final Kernel k;
    private final MachineModel.Dvfs model;
    private final long periodNs;
    /** {@code y^n} for n in 0..31, {@code y^32 = 1/2} ({@code runnable_avg_yN_inv} in kernel/sched/pelt.c). */
    private final double[] yN = new double[PERIODS_PER_HALF_LIFE];

    Governor(Kernel k, MachineModel.Dvfs model) {
        this.k = k;
        this.model = model;
        this.periodNs = Math.max(1, model.utilHalfLifeNs() / PERIODS_PER_HALF_LIFE);
        for (int n = 0; n < PERIODS_PER_HALF_LIFE; n++) {
            yN[n] = StrictMath.pow(0.5, (double) n / PERIODS_PER_HALF_LIFE);
        }
    }

    /**
     * {@code 2^(-dt/halfLife)}, allocation-free and bit-for-bit deterministic (no {@code Math.pow}, whose result may
     * differ between interpreter and JIT): whole half lives by exponent, whole periods from the table, and the last
     * partial period linearly, as PELT accumulates partial periods.
     */
    double decay(long dt) {
        long periods = dt / periodNs;
        long halfLives = periods / PERIODS_PER_HALF_LIFE;
        if (halfLives > 1100) {
            return 0;
        }
        double f = Math.scalb(yN[(int) (periods % PERIODS_PER_HALF_LIFE)], (int) -halfLives);
        double partial = (double) (dt % periodNs) / periodNs;
        return f * (1 - partial * (1 - yN[1]));
    }

    boolean enabled() {
        return model.enabled();
    }

    /** Brings {@code rq.util} up to now, from the state it had since the last update. */
    void updateUtil(CpuRq rq) {
        long dt = k.now - rq.utilAt;
        if (dt > 0) {
            double target = rq.utilFair ? rq.perfCur : 0;
            rq.util = target + (rq.util - target) * decay(dt);
            rq.utilAt = k.now;
        }
    }

    /** The performance ({@code 0..1024} of this CPU's maximum) schedutil asks for now. */
    int wantedPerf(CpuRq rq) {
        if (model.governor() == MachineModel.Governor.PERFORMANCE) {
            return MachineModel.PERF_ONE;
        }
        updateUtil(rq);
        long perf;
        if (k.policyActive()) {
            double utilCap = rq.cpuperfTarget + (k.switchPartial ? rq.util * rq.capacity / 1024.0 : 0);
            perf = (long) (Math.min(utilCap, rq.capacity) * 1024 / rq.capacity);
        } else {
            perf = (long) rq.util;
        }
        perf += perf * model.headroomPct() / 100;
        return (int) Math.clamp(perf, rq.minPerf, MachineModel.PERF_ONE);
    }

    /** Re-evaluates {@code rq}'s frequency request ({@code cpufreq_update_util()}). */
    void evaluate(CpuRq rq) {
        if (!model.enabled()) {
            return;
        }
        request(rq, wantedPerf(rq));
        // while busy, utilization only rises: once at the maximum with nothing pending, the next switch is soon
        // enough (a partial policy's ext tasks make the fair utilization decay, so keep watching then)
        boolean settled = rq.perfCur == MachineModel.PERF_ONE && rq.perfPending == MachineModel.PERF_ONE
                && !k.policyActive();
        if (rq.curr != null && !rq.govArmed && !settled && model.governor() == MachineModel.Governor.SCHEDUTIL
                && (!k.policyActive() || k.switchPartial)) {
            rq.govArmed = true;
            k.post(k.now + model.rateLimitNs(), Kernel.EV_FREQ, rq.cpu, REEVALUATE);
        }
    }

    private void request(CpuRq rq, int perf) {
        if (perf == rq.perfPending) {
            return;
        }
        rq.perfPending = perf;
        k.post(k.now + model.transitionLatencyNs(), Kernel.EV_FREQ, rq.cpu, ++rq.freqGen);
    }

    /** An {@code EV_FREQ} event: a transition completes, or the busy CPU's governor re-evaluates. */
    void onEvent(CpuRq rq, long payload, Machine m) {
        if (payload == REEVALUATE) {
            rq.govArmed = false;
            if (rq.curr != null) {
                evaluate(rq);
            }
            return;
        }
        if (payload != rq.freqGen || rq.perfPending == rq.perfCur) {
            return;
        }
        m.beforeSpeedChange(rq);
        updateUtil(rq);
        rq.perfCur = rq.perfPending;
        m.afterSpeedChange(rq);
        long khz = rq.maxKhz * rq.perfCur / MachineModel.PERF_ONE;
        for (EventSink s : k.sinks) {
            s.onCpuFrequency(k.now, rq.cpu, khz);
        }
    }
}
