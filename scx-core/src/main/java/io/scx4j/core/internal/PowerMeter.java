package io.scx4j.core.internal;

import io.scx4j.core.MachineModel;
import io.scx4j.topology.CpuKind;
import io.scx4j.topology.Topology;
import java.util.List;

/**
 * Energy and idle time of each CPU ({@link MachineModel.Power}, {@link MachineModel.Idle}). Power is piecewise
 * constant between the events that change it (a switch between busy and idle, a frequency change), so each CPU's
 * energy is integrated exactly at those points: busy at relative frequency φ draws
 * {@code (static + dynamic × φ × v(φ)²) × capacity/1024} (CMOS dynamic power {@code C·V²·f}) with the coefficients of
 * its kind of core ({@link MachineModel.Power#curve}: an E core's, or a P/uniform core's); idle, the power of the idle
 * state reached on the promotion ladder. The same ladder gives the exit latency a task waits for when it is
 * switched in on an idle CPU ({@code struct cpuidle_state.exit_latency}).
 *
 * <p>A CPU woken from an idle state that then finds nothing to run (a reschedule IPI, e.g. an {@code SCX_KICK_IDLE}
 * kick, or a wake-up placed elsewhere) still pays for the exit: {@link #idleWakeup} charges the exit latency of the
 * state it was in at the CPU's active power, and the CPU re-enters idle at the top of the ladder
 * ({@code cpuidle_idle_call()} runs the governor again; menu/teo pick a state from the predicted idle length, and the
 * ladder stands for that prediction), so a CPU woken every millisecond never reaches a state whose target residency
 * is longer than a millisecond.
 */
final class PowerMeter {
    private final MachineModel.Power power;
    /** The power curve of each CPU, by CPU id (the performance curve for CPUs the topology does not know). */
    private final MachineModel.CorePower[] curve;
    private final boolean idleStates;
    private final long[] residency;
    private final long[] exitLatency;
    private final double[] idleW;

    PowerMeter(MachineModel.Power power, MachineModel.Idle idle, Topology topology, int nrCpuIds) {
        this.power = power;
        this.curve = new MachineModel.CorePower[nrCpuIds];
        for (int c = 0; c < nrCpuIds; c++) {
            CpuKind kind = topology.possible().contains(c) ? topology.cpu(c).kind() : CpuKind.UNIFORM;
            curve[c] = power.curve(kind);
        }
        this.idleStates = idle.enabled();
        List<MachineModel.IdleState> states = idle.states();
        int n = idleStates ? states.size() : 1;
        residency = new long[n];
        exitLatency = new long[n];
        idleW = new double[n];
        for (int i = 0; i < n; i++) {
            if (idleStates) {
                residency[i] = i == 0 ? 0 : states.get(i).targetResidencyNs();
                exitLatency[i] = states.get(i).exitLatencyNs();
                idleW[i] = states.get(i).powerW();
            } else {
                idleW[i] = power.idleW();
            }
        }
    }

    /** The idle state a CPU idle for {@code idleForNs} is in: the deepest whose target residency has passed. */
    int stateAfter(long idleForNs) {
        int s = 0;
        while (s + 1 < residency.length && residency[s + 1] <= idleForNs) {
            s++;
        }
        return s;
    }

    /** Wake-up delay of a CPU idle for {@code idleForNs}: the exit latency of its idle state (0 without states). */
    long exitLatencyNs(long idleForNs) {
        return idleStates ? exitLatency[stateAfter(idleForNs)] : 0;
    }

    /** Watts of busy CPU {@code cpu} of {@code capacity} at relative performance {@code perf}, minimum {@code minPerf}. */
    double activeW(int cpu, int capacity, int perf, int minPerf) {
        return curve[cpu].activeW(capacity, perf, minPerf);
    }

    /** Joules of idle between {@code from} and {@code to} ns after the CPU went idle. */
    double idleJ(long from, long to) {
        double j = 0;
        for (int s = 0; s < residency.length; s++) {
            long start = residency[s];
            long end = s + 1 < residency.length ? residency[s + 1] : Long.MAX_VALUE;
            long a = Math.max(from, start);
            long b = Math.min(to, end);
            if (b > a) {
                j += idleW[s] * (b - a) * 1e-9;
            }
        }
        return j;
    }

    /**
     * Idle CPU {@code rq} was woken at {@code now} and goes back to idle without running anything. It leaves its idle
     * state: the exit latency of that state is spent at active power ({@code activeW} at the current frequency, charged
     * by {@link #account} up to {@code idleSince}, which becomes the end of the wake-up) and counts as idle time, as
     * the wake-up before a task does ({@link Machine#switched}); then the ladder restarts when the wake-up ends. Nothing happens without idle states, on an offline or busy CPU, for a CPU still waking
     * from an earlier wake-up, or at the instant the CPU went idle (it never entered a state: the simulator's
     * zero-time reschedule passes are no hardware wake-ups).
     *
     * @return whether the CPU left an idle state
     */
    boolean idleWakeup(CpuRq rq, long now) {
        if (!idleStates || !rq.online || rq.machineBusy || now <= rq.idleSince) {
            return false;
        }
        account(rq, now);
        rq.idleSince = now + exitLatency[stateAfter(now - rq.idleSince)];
        return true;
    }

    /**
     * Accounts {@code rq}'s energy and idle time from its last accounting point to {@code now}, in the state it had
     * since then ({@link CpuRq#machineBusy}).
     */
    void account(CpuRq rq, long now) {
        long dt = now - rq.energyAt;
        if (dt <= 0 || !rq.online) {
            rq.energyAt = Math.max(rq.energyAt, now);
            return;
        }
        if (rq.machineBusy) {
            if (power.enabled()) {
                rq.energyJ += activeW(rq.cpu, rq.capacity, rq.perfCur, rq.minPerf) * dt * 1e-9;
            }
        } else {
            rq.idleNs += dt;
            if (power.enabled()) {
                // first the rest of an empty wake-up (idleSince is its end, see idleWakeup), then the ladder
                long waking = Math.min(now, rq.idleSince) - rq.energyAt;
                if (waking > 0) {
                    rq.energyJ += activeW(rq.cpu, rq.capacity, rq.perfCur, rq.minPerf) * waking * 1e-9;
                }
                rq.energyJ += idleJ(rq.energyAt - rq.idleSince, now - rq.idleSince);
            }
        }
        rq.energyAt = now;
    }
}
