package io.scx4j.core.internal;

import io.scx4j.core.MachineModel;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.Cpu;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import java.util.SplittableRandom;

/**
 * The machine model's side of the engine ({@link MachineModel}): the few hooks {@link Kernel} calls (a switch, work
 * accounting, run completion, frequency events, policy load) and the effects behind them, each in its own class
 * ({@link CpuSpeed}, {@link CacheWarmth}, {@link PowerMeter}, {@link Governor}). Allocation-free per event.
 */
final class Machine {
    private final Kernel k;
    final MachineModel model;
    final Governor governor;
    final CacheWarmth cache;
    final PowerMeter power;
    /** Speed of a thread with a busy SMT sibling, in 1/1024. */
    private final int smtQ;
    /** Other SMT siblings of each CPU. */
    private final int[][] siblings;
    private final long switchCostNs;
    /** Jitter draws, seeded from the run's seed but apart from the event tie-breaking stream. */
    private final SplittableRandom jitterRandom;

    Machine(Kernel k, Topology topology, MachineModel model, long seed) {
        this.k = k;
        this.model = model;
        this.governor = new Governor(k, model.dvfs());
        this.cache = new CacheWarmth(model.cache(), topology);
        this.power = new PowerMeter(model.power(), model.idle(), topology, k.cpus.length);
        this.smtQ = model.smt().enabled() ? (int) Math.round(model.smt().busySiblingFactor() * 1024) : 1024;
        this.switchCostNs = model.contextSwitch().enabled() ? model.contextSwitch().costNs() : 0;
        this.jitterRandom = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x5DEECE66DL);
        this.siblings = new int[k.cpus.length][];
        for (CpuRq rq : k.cpus) {
            int c = rq.cpu;
            siblings[c] = new int[0];
            if (!topology.possible().contains(c)) {
                rq.maxKhz = model.dvfs().assumedMaxKhz();
                continue;
            }
            Cpu cpu = topology.cpu(c);
            boolean known = cpu.maxFreqKhz() > 0 && cpu.minFreqKhz() > 0;
            rq.maxKhz = known ? cpu.maxFreqKhz() : model.dvfs().assumedMaxKhz();
            long minKhz = known ? cpu.minFreqKhz() : model.dvfs().assumedMinKhz();
            rq.minPerf = (int) Math.max(1, minKhz * MachineModel.PERF_ONE / rq.maxKhz);
            CpuMask sib = topology.smtSiblings(c);
            int[] others = new int[Math.max(0, sib.weight() - 1)];
            int i = 0;
            for (int s = sib.first(); s >= 0; s = sib.next(s + 1)) {
                if (s != c && i < others.length) {
                    others[i++] = s;
                }
            }
            siblings[c] = others;
            rq.speed = CpuSpeed.of(rq.capacity, rq.perfCur, MachineModel.PERF_ONE);
        }
    }

    /** Adds the background noise tasks ({@link MachineModel.Noise}), one pinned to each online CPU. */
    void addNoiseTasks(Topology topology) {
        MachineModel.Noise noise = model.noise();
        if (!noise.enabled()) {
            return;
        }
        CpuMask online = topology.online();
        for (int c = online.first(); c >= 0; c = online.next(c + 1)) {
            TaskSpec spec = TaskSpec.of("noise/" + c, Step.run(noise.runNs()), Step.sleep(noise.periodNs() - noise.runNs()))
                    .toBuilder().pid(1_000_000 + c).group("noise").affinity(CpuMask.of(c))
                    .startNs(jitterRandom.nextLong(noise.periodNs())).build();
            k.addTask(spec);
        }
    }

    // ------------------------------------------------------------------ hooks called by Kernel

    /**
     * {@code rq} switched from {@code prev} to {@code rq.curr} (either may be null = idle). Accounts energy and
     * utilization up to now in the old state, starts the incoming task's stall and warm-up phases, updates the SMT
     * siblings' speed, and re-evaluates the frequency. Returns the delay before the incoming task starts: the exit
     * latency of the idle state the CPU was in (0 when it was busy or stays idle).
     */
    long switched(CpuRq rq, TaskStruct prev) {
        long now = k.now;
        power.account(rq, now);
        governor.updateUtil(rq);
        TaskStruct next = rq.curr;
        boolean busy = next != null;
        boolean wasBusy = rq.machineBusy;
        long delay = 0;
        if (busy) {
            if (!wasBusy) {
                // mid-way through an empty wake-up (PowerMeter.idleWakeup) the CPU only finishes it
                delay = rq.idleSince > now ? rq.idleSince - now : power.exitLatencyNs(now - rq.idleSince);
                rq.idleNs += delay; // still waking up: neither the task's runtime nor busy
            }
            next.stallNs = switchCostNs;
            cache.switchIn(next, rq.cpu);
        } else {
            rq.idleSince = now;
        }
        rq.machineBusy = busy;
        rq.utilFair = busy && !next.ext;
        rq.speed = CpuSpeed.of(rq.capacity, rq.perfCur, siblingBusy(rq.cpu) ? smtQ : MachineModel.PERF_ONE);
        if (busy != wasBusy && smtQ != MachineModel.PERF_ONE) {
            for (int s : siblings[rq.cpu]) {
                CpuRq sib = k.cpus[s];
                if (sib.curr != null) {
                    beforeSpeedChange(sib);
                    afterSpeedChange(sib);
                }
            }
        }
        governor.evaluate(rq);
        return delay;
    }

    private boolean siblingBusy(int cpu) {
        for (int s : siblings[cpu]) {
            if (k.cpus[s].curr != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Idle CPU {@code rq} went through the pick path and stays idle: a wake-up that found nothing to run. It still
     * left its idle state ({@link PowerMeter#idleWakeup}).
     */
    void idleWoken(CpuRq rq) {
        power.idleWakeup(rq, k.now);
    }

    /** Accounts {@code rq} up to now at its current speed and power, before either changes. */
    void beforeSpeedChange(CpuRq rq) {
        if (rq.curr != null) {
            k.updateCurr(rq);
        }
        power.account(rq, k.now);
    }

    /** Recomputes {@code rq}'s speed and re-arms its running task's completion. */
    void afterSpeedChange(CpuRq rq) {
        rq.speed = CpuSpeed.of(rq.capacity, rq.perfCur, siblingBusy(rq.cpu) ? smtQ : MachineModel.PERF_ONE);
        if (rq.curr != null) {
            rq.runGen++;
            k.post(runDoneAt(rq), Kernel.EV_RUN_DONE, rq.cpu, rq.runGen);
        }
    }

    /**
     * Work {@code p} (the task executing on {@code rq}: its current task, or the mutex owner it proxies for) did in
     * {@code delta} ns of running. A wall-clock step ({@code Runtime}) is busy time whatever the speed: no machine
     * effect applies to it.
     */
    long workDone(CpuRq rq, TaskStruct p, long delta) {
        return p.wallClockWork ? delta : CpuSpeed.workDone(p, delta, rq.speed, cache.coldQ);
    }

    /** When the task executing on {@code rq} finishes its remaining work at the current speed (now if it has none). */
    long runDoneAt(CpuRq rq) {
        TaskStruct p = rq.proxy != null ? rq.proxy : rq.curr;
        long start = Math.max(k.now, rq.lastAccount);
        if (p.remainingWork <= 0) {
            return k.now;
        }
        return start + (p.wallClockWork ? p.remainingWork : CpuSpeed.timeToFinish(p, rq.speed, cache.coldQ));
    }

    /** {@code p} starts a new run step (its {@code remainingWork} was just loaded): apply jitter. */
    void newRunStep(TaskStruct p) {
        MachineModel.Jitter j = model.jitter();
        if (j.enabled() && j.amplitude() > 0 && p.remainingWork > 0 && !p.wallClockWork) {
            double f = 1 + j.amplitude() * (2 * jitterRandom.nextDouble() - 1);
            p.remainingWork = Math.max(1, Math.round(p.remainingWork * f));
        }
    }

    /** A policy is loading (before {@code ops.init}): every CPU's cpuperf target is reset to {@code SCX_CPUPERF_ONE}. */
    void policyLoaded() {
        for (CpuRq rq : k.cpus) {
            rq.cpuperfTarget = MachineModel.PERF_ONE;
            if (rq.online) {
                governor.evaluate(rq);
            }
        }
    }

    /** {@code scx_bpf_cpuperf_set()}: store the target and call the governor ({@code cpufreq_update_util()}). */
    void cpuperfSet(CpuRq rq, int perf) {
        rq.cpuperfTarget = perf;
        governor.evaluate(rq);
    }

    /** Accounts every CPU's energy and idle time up to now (before results are read). */
    void flush() {
        for (CpuRq rq : k.cpus) {
            power.account(rq, k.now);
        }
    }

    /** An {@code EV_FREQ} event. */
    void onFreqEvent(CpuRq rq, long payload) {
        governor.onEvent(rq, payload, this);
    }
}
