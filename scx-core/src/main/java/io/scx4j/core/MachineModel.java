package io.scx4j.core;

import io.scx4j.topology.CpuKind;
import java.util.List;
import java.util.Objects;

/**
 * How far the simulated machine departs from a nominal one: every effect that makes a CPU run a task slower or
 * faster than its capacity says, costs energy, or delays a wake-up. Each effect is one nested record with an
 * {@code enabled} switch and kernel- or hardware-plausible defaults; {@code docs/machine-model.md} at the repository root cites
 * the source of every default.
 *
 * <p>Work in a {@code Run} step is measured in reference nanoseconds: the time it takes on a CPU of capacity 1024 at
 * its maximum frequency, with an idle SMT sibling and a warm cache. A CPU executes work at
 *
 * <pre>
 *   speed = capacity/1024 × cur_perf/1024 × (sibling busy ? smt.busySiblingFactor : 1) × cache warmth
 * </pre>
 *
 * where {@code cur_perf} is the frequency relative to the CPU's maximum ({@code arch_scale_freq_capacity()}, what
 * {@code scx_bpf_cpuperf_cur()} returns). {@link #ideal()} turns every effect off: a CPU then runs at capacity/1024
 * and nothing else, switches and wake-ups are free, and no energy is counted.
 *
 * @param dvfs          frequency scaling: cpuperf targets, the governor, transition latency
 * @param smt           slow-down of a hardware thread whose SMT sibling is busy
 * @param cache         cache warm-up after a task moves to another CPU
 * @param power         energy: active power by core kind and frequency, idle power by idle state
 * @param idle          idle states (C-states) with their exit latency, which adds to wake-up latency
 * @param contextSwitch the cost of a context switch
 * @param jitter        random variation of each run step's work
 * @param noise         background noise: one short periodic task pinned to each CPU
 * @param ipi           inter-processor interrupt latency: a kick or wake-up of another CPU takes effect this late
 */
public record MachineModel(Dvfs dvfs, Smt smt, Cache cache, Power power, Idle idle, ContextSwitch contextSwitch,
        Jitter jitter, Noise noise, Ipi ipi) {

    /** {@code SCX_CPUPERF_ONE} and {@code SCHED_CAPACITY_SCALE}: full performance, full capacity. */
    public static final int PERF_ONE = 1024;

    public MachineModel {
        Objects.requireNonNull(dvfs, "machine.dvfs");
        Objects.requireNonNull(smt, "machine.smt");
        Objects.requireNonNull(cache, "machine.cache");
        Objects.requireNonNull(power, "machine.power");
        Objects.requireNonNull(idle, "machine.idle");
        Objects.requireNonNull(contextSwitch, "machine.contextSwitch");
        Objects.requireNonNull(jitter, "machine.jitter");
        Objects.requireNonNull(noise, "machine.noise");
        Objects.requireNonNull(ipi, "machine.ipi");
    }

    /** The model without an explicit IPI effect: {@link Ipi#defaults()}. */
    public MachineModel(Dvfs dvfs, Smt smt, Cache cache, Power power, Idle idle, ContextSwitch contextSwitch,
            Jitter jitter, Noise noise) {
        this(dvfs, smt, cache, power, idle, contextSwitch, jitter, noise, Ipi.defaults());
    }

    /**
     * A realistic machine: schedutil frequency scaling, SMT contention, cache warm-up, energy, idle states,
     * context-switch cost and IPI latency on; jitter and background noise off (they add randomness a small comparison
     * cannot average out; turn them on with {@link #withJitter} and {@link #withNoise}).
     */
    public static MachineModel defaults() {
        return new MachineModel(Dvfs.defaults(), Smt.defaults(), Cache.defaults(), Power.defaults(), Idle.defaults(),
                ContextSwitch.defaults(), Jitter.defaults(), Noise.defaults(), Ipi.defaults());
    }

    /** Every effect off: a CPU runs at capacity/1024 and nothing else (the engine's behaviour before the model). */
    public static MachineModel ideal() {
        return new MachineModel(Dvfs.defaults().withEnabled(false), Smt.defaults().withEnabled(false),
                Cache.defaults().withEnabled(false), Power.defaults().withEnabled(false),
                Idle.defaults().withEnabled(false), ContextSwitch.defaults().withEnabled(false),
                Jitter.defaults().withEnabled(false), Noise.defaults().withEnabled(false),
                Ipi.defaults().withEnabled(false));
    }

    public MachineModel withDvfs(Dvfs v) {
        return new MachineModel(v, smt, cache, power, idle, contextSwitch, jitter, noise, ipi);
    }

    public MachineModel withSmt(Smt v) {
        return new MachineModel(dvfs, v, cache, power, idle, contextSwitch, jitter, noise, ipi);
    }

    public MachineModel withCache(Cache v) {
        return new MachineModel(dvfs, smt, v, power, idle, contextSwitch, jitter, noise, ipi);
    }

    public MachineModel withPower(Power v) {
        return new MachineModel(dvfs, smt, cache, v, idle, contextSwitch, jitter, noise, ipi);
    }

    public MachineModel withIdle(Idle v) {
        return new MachineModel(dvfs, smt, cache, power, v, contextSwitch, jitter, noise, ipi);
    }

    public MachineModel withContextSwitch(ContextSwitch v) {
        return new MachineModel(dvfs, smt, cache, power, idle, v, jitter, noise, ipi);
    }

    public MachineModel withJitter(Jitter v) {
        return new MachineModel(dvfs, smt, cache, power, idle, contextSwitch, v, noise, ipi);
    }

    public MachineModel withNoise(Noise v) {
        return new MachineModel(dvfs, smt, cache, power, idle, contextSwitch, jitter, v, ipi);
    }

    public MachineModel withIpi(Ipi v) {
        return new MachineModel(dvfs, smt, cache, power, idle, contextSwitch, jitter, noise, v);
    }

    /** The cpufreq governor that sets frequencies while no sched_ext policy does (the fair class's governor). */
    public enum Governor {
        /** Always the maximum frequency ({@code cpufreq_performance}); {@code scx_bpf_cpuperf_set()} has no effect. */
        PERFORMANCE,
        /**
         * {@code kernel/sched/cpufreq_schedutil.c}: frequency follows utilization with 25 % headroom; under a
         * sched_ext policy it starts from the policy's {@code scx_bpf_cpuperf_set()} target instead.
         */
        SCHEDUTIL
    }

    /**
     * Dynamic voltage and frequency scaling.
     *
     * <p>Under a loaded policy a CPU's requested performance is {@code sugov_get_util()}'s: the policy's cpuperf
     * target (reset to 1024 at load), plus the fair class's utilization when the policy is partial
     * ({@code SCX_OPS_SWITCH_PARTIAL}), plus {@code headroomPct} ({@code map_util_perf()}), clamped to the CPU's
     * minimum performance and 1024. As in schedutil the target is read in capacity units: on a CPU of capacity 512 a
     * target of 512 already asks for its maximum frequency. Without a policy, schedutil asks for
     * {@code util × (1 + headroom)}, where util is the fair class's frequency-invariant running average with half
     * life {@code utilHalfLifeNs} (PELT's 32 ms). A request takes effect {@code transitionLatencyNs} later; while a
     * CPU stays busy the governor re-evaluates every {@code rateLimitNs} (it needs no tick, so it works on nohz CPUs).
     *
     * @param enabled             false: every CPU always at its maximum frequency
     * @param governor            the governor
     * @param transitionLatencyNs request to effect ({@code cpuinfo_transition_latency}); 0 = immediate
     * @param rateLimitNs         minimum time between two governor requests while busy ({@code rate_limit_us})
     * @param headroomPct         schedutil's headroom over utilization ({@code map_util_perf()}: 25)
     * @param utilHalfLifeNs      half life of the utilization average (PELT: 32 ms)
     * @param assumedMinKhz       minimum frequency of CPUs whose topology gives none
     * @param assumedMaxKhz       maximum frequency of CPUs whose topology gives none
     */
    public record Dvfs(boolean enabled, Governor governor, long transitionLatencyNs, long rateLimitNs,
            int headroomPct, long utilHalfLifeNs, long assumedMinKhz, long assumedMaxKhz) {
        public Dvfs {
            Objects.requireNonNull(governor, "machine.dvfs.governor");
            positiveOrZero("machine.dvfs.transitionLatencyNs", transitionLatencyNs);
            positive("machine.dvfs.rateLimitNs", rateLimitNs);
            positive("machine.dvfs.utilHalfLifeNs", utilHalfLifeNs);
            if (headroomPct < 0 || headroomPct > 100) {
                throw new IllegalArgumentException("machine.dvfs.headroomPct: expected 0..100, got " + headroomPct);
            }
            if (assumedMinKhz <= 0 || assumedMaxKhz < assumedMinKhz) {
                throw new IllegalArgumentException("machine.dvfs.assumedMinKhz/assumedMaxKhz: expected 0 < min <= max,"
                        + " got " + assumedMinKhz + ".." + assumedMaxKhz);
            }
        }

        /** Schedutil, 100 µs transition, 1 ms rate limit, 25 % headroom, 32 ms half life, 0.8-3.0 GHz assumed. */
        public static Dvfs defaults() {
            return new Dvfs(true, Governor.SCHEDUTIL, 100_000, 1_000_000, 25, 32_000_000, 800_000, 3_000_000);
        }

        public Dvfs withEnabled(boolean v) {
            return new Dvfs(v, governor, transitionLatencyNs, rateLimitNs, headroomPct, utilHalfLifeNs, assumedMinKhz,
                    assumedMaxKhz);
        }

        public Dvfs withGovernor(Governor v) {
            return new Dvfs(enabled, v, transitionLatencyNs, rateLimitNs, headroomPct, utilHalfLifeNs, assumedMinKhz,
                    assumedMaxKhz);
        }

        public Dvfs withTransitionLatencyNs(long v) {
            return new Dvfs(enabled, governor, v, rateLimitNs, headroomPct, utilHalfLifeNs, assumedMinKhz,
                    assumedMaxKhz);
        }

        public Dvfs withHeadroomPct(int v) {
            return new Dvfs(enabled, governor, transitionLatencyNs, rateLimitNs, v, utilHalfLifeNs, assumedMinKhz,
                    assumedMaxKhz);
        }
    }

    /**
     * Simultaneous multithreading: two hardware threads of one core share its execution units, so each runs slower
     * while the other is busy.
     *
     * @param enabled           false: siblings do not slow each other
     * @param busySiblingFactor speed of a thread whose sibling is busy, in (0, 1]; 0.6 means two busy threads give
     *                          1.2 times one thread's throughput
     */
    public record Smt(boolean enabled, double busySiblingFactor) {
        public Smt {
            if (!(busySiblingFactor > 0 && busySiblingFactor <= 1)) {
                throw new IllegalArgumentException("machine.smt.busySiblingFactor: expected (0, 1], got "
                        + busySiblingFactor);
            }
        }

        /** Factor 0.6. */
        public static Smt defaults() {
            return new Smt(true, 0.6);
        }

        public Smt withEnabled(boolean v) {
            return new Smt(v, busySiblingFactor);
        }
    }

    /**
     * Cache warmth. A task that runs on a CPU other than the one it last ran on finds its working set in a more
     * distant cache (or memory) and first refills it: it loses {@code workingSet/MiB × nsPerMiB} of time, the cost
     * growing with the distance of the move. The loss is spread over a warm-up phase in which the task runs at
     * {@code coldSpeedFactor} of its speed (phase length = loss / (1 - coldSpeedFactor)); a task preempted during
     * warm-up resumes it. A task that returns to the CPU it last ran on is warm (eviction by other tasks is not
     * modelled); a new task starts warm.
     *
     * @param enabled                false: moves cost nothing
     * @param defaultWorkingSetBytes working set of tasks whose spec gives 0
     * @param sameCoreNsPerMiB       loss per MiB moving to an SMT sibling (shared L1/L2: almost free)
     * @param sameLlcNsPerMiB        loss per MiB moving within the LLC (refill L1/L2 from L3)
     * @param otherLlcNsPerMiB       loss per MiB moving to another LLC of the node (refill from local DRAM)
     * @param otherNodeNsPerMiB      loss per MiB moving to another NUMA node (refill from remote DRAM)
     * @param coldSpeedFactor        speed during warm-up relative to warm, in [0, 1); 0 = a pure stall
     */
    public record Cache(boolean enabled, long defaultWorkingSetBytes, long sameCoreNsPerMiB, long sameLlcNsPerMiB,
            long otherLlcNsPerMiB, long otherNodeNsPerMiB, double coldSpeedFactor) {
        public Cache {
            positiveOrZero("machine.cache.defaultWorkingSetBytes", defaultWorkingSetBytes);
            positiveOrZero("machine.cache.sameCoreNsPerMiB", sameCoreNsPerMiB);
            positiveOrZero("machine.cache.sameLlcNsPerMiB", sameLlcNsPerMiB);
            positiveOrZero("machine.cache.otherLlcNsPerMiB", otherLlcNsPerMiB);
            positiveOrZero("machine.cache.otherNodeNsPerMiB", otherNodeNsPerMiB);
            if (!(coldSpeedFactor >= 0 && coldSpeedFactor < 1)) {
                throw new IllegalArgumentException("machine.cache.coldSpeedFactor: expected [0, 1), got "
                        + coldSpeedFactor);
            }
        }

        /** 256 KiB default working set; 2 / 20 / 100 / 180 µs per MiB; half speed while warming up. */
        public static Cache defaults() {
            return new Cache(true, 256 * 1024, 2_000, 20_000, 100_000, 180_000, 0.5);
        }

        public Cache withEnabled(boolean v) {
            return new Cache(v, defaultWorkingSetBytes, sameCoreNsPerMiB, sameLlcNsPerMiB, otherLlcNsPerMiB,
                    otherNodeNsPerMiB, coldSpeedFactor);
        }

        public Cache withColdSpeedFactor(double v) {
            return new Cache(enabled, defaultWorkingSetBytes, sameCoreNsPerMiB, sameLlcNsPerMiB, otherLlcNsPerMiB,
                    otherNodeNsPerMiB, v);
        }
    }

    /**
     * The power curve of one kind of core ({@link CpuKind}): what a busy CPU of that kind draws at relative frequency
     * {@code φ = f/f_max}, {@code (staticW + dynamicW × φ × v(φ)²) × capacity/1024}. Dynamic power is CMOS switching
     * power {@code C·V²·f}; the voltage rises linearly from {@code minVoltageRatio × V_max} at the CPU's minimum
     * frequency to {@code V_max} at its maximum. Both wattages are per 1024 units of capacity, so the energy one unit
     * of work costs at {@code φ} is {@code (staticW + dynamicW × φ × v(φ)²) / φ} whatever the capacity: two kinds
     * differ in efficiency exactly by their coefficients, and a smaller core of the same kind draws proportionally
     * less.
     *
     * @param staticW         leakage of a busy CPU of this kind, per 1024 capacity, watts
     * @param dynamicW        switching power at maximum frequency and voltage, per 1024 capacity, watts
     * @param minVoltageRatio voltage at the minimum frequency over voltage at the maximum, in (0, 1]
     */
    public record CorePower(double staticW, double dynamicW, double minVoltageRatio) {
        public CorePower {
            if (!(staticW >= 0) || !(dynamicW >= 0)) {
                throw new IllegalArgumentException("machine.power.<kind>: watts must be >= 0, got static " + staticW
                        + ", dynamic " + dynamicW);
            }
            if (!(minVoltageRatio > 0 && minVoltageRatio <= 1)) {
                throw new IllegalArgumentException("machine.power.<kind>.minVoltageRatio: expected (0, 1], got "
                        + minVoltageRatio);
            }
        }

        /**
         * Watts of a busy CPU of {@code capacity} at relative performance {@code perf} (of 1024), its minimum being
         * {@code minPerf}.
         */
        public double activeW(int capacity, int perf, int minPerf) {
            double phi = perf / 1024.0;
            double phiMin = minPerf / 1024.0;
            double v = phiMin >= 1 ? 1 : minVoltageRatio + (1 - minVoltageRatio) * (phi - phiMin) / (1 - phiMin);
            return (staticW + dynamicW * phi * v * v) * capacity / 1024.0;
        }
    }

    /**
     * Power of each CPU (hardware thread), for the energy figures. A busy CPU draws the {@link CorePower} curve of its
     * kind: {@link CpuKind#EFFICIENCY} CPUs (Intel E cores, Arm LITTLE cores) the {@code efficiency} curve,
     * {@link CpuKind#PERFORMANCE} and {@link CpuKind#UNIFORM} CPUs the {@code performance} one. An idle CPU draws the
     * power of its current idle state ({@link Idle}); with idle states off, {@code idleW}.
     *
     * <p>The defaults make an efficiency core about twice as efficient per unit of work as a performance core at the
     * same delivered speed, the ratio the kernel's own energy model for Intel hybrid parts uses (intel_pstate's
     * {@code hybrid_get_cost()}: cost 3 per utilisation point for E cores vs 6 for P cores) and that the RK3399 device
     * tree's {@code dynamic-power-coefficient} per {@code capacity-dmips-mhz} gives for Cortex-A53 vs A72 (0.48);
     * {@code docs/machine-model.md} derives every number.
     *
     * @param enabled     false: no energy is counted (all zero)
     * @param performance curve of performance (big) and uniform CPUs
     * @param efficiency  curve of efficiency (little) CPUs
     * @param idleW       idle power when idle states are off, watts
     */
    public record Power(boolean enabled, CorePower performance, CorePower efficiency, double idleW) {
        public Power {
            Objects.requireNonNull(performance, "machine.power.performance");
            Objects.requireNonNull(efficiency, "machine.power.efficiency");
            if (!(idleW >= 0)) {
                throw new IllegalArgumentException("machine.power.idleW: expected >= 0, got " + idleW);
            }
        }

        /** Performance and uniform cores: 0.5 W static + 4.5 W dynamic at f_max per 1024 capacity, V_min = 0.6 V_max. */
        public static final CorePower PERFORMANCE_CORE = new CorePower(0.5, 4.5, 0.6);
        /** Efficiency cores: 0.2 W static + 2.25 W dynamic at f_max per 1024 capacity, V_min = 0.6 V_max. */
        public static final CorePower EFFICIENCY_CORE = new CorePower(0.2, 2.25, 0.6);

        /** {@link #PERFORMANCE_CORE} and {@link #EFFICIENCY_CORE}, 0.5 W idle. */
        public static Power defaults() {
            return new Power(true, PERFORMANCE_CORE, EFFICIENCY_CORE, 0.5);
        }

        /** The curve a CPU of {@code kind} draws. */
        public CorePower curve(CpuKind kind) {
            return kind == CpuKind.EFFICIENCY ? efficiency : performance;
        }

        public Power withEnabled(boolean v) {
            return new Power(v, performance, efficiency, idleW);
        }

        public Power withPerformance(CorePower v) {
            return new Power(enabled, v, efficiency, idleW);
        }

        public Power withEfficiency(CorePower v) {
            return new Power(enabled, performance, v, idleW);
        }
    }

    /**
     * One idle state ({@code struct cpuidle_state}).
     *
     * @param name              C-state name
     * @param exitLatencyNs     time to wake from it ({@code exit_latency}); a task placed on the CPU starts this late
     * @param targetResidencyNs idle time after which the CPU is in this state ({@code target_residency})
     * @param powerW            power while in it, watts
     */
    public record IdleState(String name, long exitLatencyNs, long targetResidencyNs, double powerW) {
        public IdleState {
            Objects.requireNonNull(name, "machine.idle.states[].name");
            positiveOrZero("machine.idle.states[" + name + "].exitLatencyNs", exitLatencyNs);
            positiveOrZero("machine.idle.states[" + name + "].targetResidencyNs", targetResidencyNs);
            if (!(powerW >= 0)) {
                throw new IllegalArgumentException("machine.idle.states[" + name + "].powerW: expected >= 0, got "
                        + powerW);
            }
        }
    }

    /**
     * Idle states. A CPU that goes idle enters the first state at once and each deeper state once it has been idle
     * for that state's target residency (a promotion ladder, as {@code drivers/cpuidle/governors/ladder.c}; menu and
     * teo predict the same from timers). A task switched in on an idle CPU starts after the exit latency of the state
     * the CPU is in, which adds to its wake-up latency.
     *
     * @param enabled false: waking an idle CPU is free and idle power is {@link Power#idleW()}
     * @param states  shallowest first, with increasing target residency
     */
    public record Idle(boolean enabled, List<IdleState> states) {
        public Idle {
            states = List.copyOf(states);
            if (enabled && states.isEmpty()) {
                throw new IllegalArgumentException("machine.idle.states: at least one state when enabled");
            }
            for (int i = 1; i < states.size(); i++) {
                if (states.get(i).targetResidencyNs() < states.get(i - 1).targetResidencyNs()) {
                    throw new IllegalArgumentException("machine.idle.states[" + i + "] (" + states.get(i).name()
                            + "): target residency must not be below the previous state's");
                }
            }
        }

        /** Skylake client C-states ({@code intel_idle.c}, {@code skl_cstates}): C1, C1E, C6. */
        public static Idle defaults() {
            return new Idle(true, List.of(new IdleState("C1", 2_000, 2_000, 0.5),
                    new IdleState("C1E", 10_000, 20_000, 0.3), new IdleState("C6", 85_000, 200_000, 0.05)));
        }

        public Idle withEnabled(boolean v) {
            return new Idle(v, states);
        }
    }

    /**
     * Context-switch cost: after a switch the incoming task spends {@code costNs} in the kernel (switch_mm, register
     * and TLB state) before its work progresses. The time counts as its runtime, as the kernel accounts it.
     *
     * @param enabled false: switches are free
     * @param costNs  direct cost of one switch
     */
    public record ContextSwitch(boolean enabled, long costNs) {
        public ContextSwitch {
            positiveOrZero("machine.contextSwitch.costNs", costNs);
        }

        /** 2 µs. */
        public static ContextSwitch defaults() {
            return new ContextSwitch(true, 2_000);
        }

        public ContextSwitch withEnabled(boolean v) {
            return new ContextSwitch(v, costNs);
        }
    }

    /**
     * Run-time jitter: each run step's work is scaled by a factor drawn uniformly from
     * {@code [1 - amplitude, 1 + amplitude]} (seeded from the run's seed; same seed, same draws).
     *
     * @param enabled   false: run steps take exactly their work
     * @param amplitude half-width of the factor's range, in [0, 1)
     */
    public record Jitter(boolean enabled, double amplitude) {
        public Jitter {
            if (!(amplitude >= 0 && amplitude < 1)) {
                throw new IllegalArgumentException("machine.jitter.amplitude: expected [0, 1), got " + amplitude);
            }
        }

        /** Off; ±5 % when turned on. */
        public static Jitter defaults() {
            return new Jitter(false, 0.05);
        }

        public Jitter withEnabled(boolean v) {
            return new Jitter(v, amplitude);
        }
    }

    /**
     * Background noise: on each online CPU a task {@code noise/N} pinned to it runs {@code runNs} every
     * {@code periodNs} (kworkers, timers, RCU, vmstat: what a "quiet" machine still runs). They are ordinary
     * {@code SCHED_NORMAL} tasks of group {@code noise} and appear in the results.
     *
     * @param enabled  false: no noise tasks
     * @param periodNs time from the start of one burst to the next
     * @param runNs    work of one burst
     */
    public record Noise(boolean enabled, long periodNs, long runNs) {
        public Noise {
            positive("machine.noise.periodNs", periodNs);
            positive("machine.noise.runNs", runNs);
            if (runNs >= periodNs) {
                throw new IllegalArgumentException("machine.noise.runNs: expected below periodNs (" + periodNs
                        + "), got " + runNs);
            }
        }

        /** Off; 20 µs every 10 ms when turned on. */
        public static Noise defaults() {
            return new Noise(false, 10_000_000, 20_000);
        }

        public Noise withEnabled(boolean v) {
            return new Noise(v, periodNs, runNs);
        }
    }

    /**
     * Inter-processor interrupt latency. A CPU that makes another CPU reschedule ({@code resched_curr()} on a remote
     * run queue) sends it a reschedule IPI ({@code smp_send_reschedule()}); the target acts on it only when the
     * interrupt lands. This covers {@code scx_bpf_kick_cpu()} (queued as irq_work, sent by {@code kick_one_cpu()} from
     * {@code kick_cpus_irq_workfn()}, kernel/sched/ext.c), a wake-up placing a task on another CPU
     * ({@code ttwu_queue_wakelist()} or the remote enqueue's {@code wakeup_preempt()}, kernel/sched/core.c) and an
     * insert into another CPU's local DSQ. Rescheduling the local CPU is free, and a target that already has a
     * reschedule pending gets no second IPI ({@code resched_curr()} returns early when {@code TIF_NEED_RESCHED} is
     * set). The latency grows with the distance between sender and target, by the same domains as {@link Cache}.
     * An {@code SCX_KICK_WAIT} kicker spins until the IPI has landed and the target went through its pick path; its
     * own task makes no progress meanwhile. {@code docs/machine-model.md} gives the sources of the defaults.
     *
     * @param enabled     false: a remote reschedule takes effect at once (the engine's behaviour before the effect)
     * @param sameCoreNs  to an SMT sibling
     * @param sameLlcNs   to another core sharing the last-level cache
     * @param otherLlcNs  to a CPU of another LLC of the same NUMA node
     * @param otherNodeNs to a CPU of another NUMA node (another socket)
     */
    public record Ipi(boolean enabled, long sameCoreNs, long sameLlcNs, long otherLlcNs, long otherNodeNs) {
        public Ipi {
            positiveOrZero("machine.ipi.sameCoreNs", sameCoreNs);
            positiveOrZero("machine.ipi.sameLlcNs", sameLlcNs);
            positiveOrZero("machine.ipi.otherLlcNs", otherLlcNs);
            positiveOrZero("machine.ipi.otherNodeNs", otherNodeNs);
        }

        /** 1 µs within an LLC (SMT sibling included), 1.5 µs to another LLC, 2 µs to another node. */
        public static Ipi defaults() {
            return new Ipi(true, 1_000, 1_000, 1_500, 2_000);
        }

        /** The same latency {@code ns} at every distance. */
        public static Ipi uniform(long ns) {
            return new Ipi(true, ns, ns, ns, ns);
        }

        public Ipi withEnabled(boolean v) {
            return new Ipi(v, sameCoreNs, sameLlcNs, otherLlcNs, otherNodeNs);
        }
    }

    private static void positive(String field, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(field + ": expected > 0, got " + v);
        }
    }

    private static void positiveOrZero(String field, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(field + ": expected >= 0, got " + v);
        }
    }
}
