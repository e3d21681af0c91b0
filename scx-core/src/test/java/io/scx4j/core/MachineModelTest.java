package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.Dsq;
import io.scx4j.api.KickFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.Cpu;
import io.scx4j.topology.CpuKind;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each effect of the machine model on its own (every other effect off), with the expected numbers derived by hand
 * from the model's definition in {@link MachineModel} and docs/machine-model.md.
 */
class MachineModelTest {
    static final long US = 1_000L;
    static final long MS = 1_000_000L;
    static final Topology FLAT_1 = TopologyPresets.get("flat-1");
    static final MachineModel IDEAL = MachineModel.ideal();

    /** Records when each task exits and every frequency change. */
    static final class Recorder implements EventSink {
        final Map<String, Long> exitAt = new HashMap<>();
        final List<long[]> freq = new ArrayList<>();

        @Override
        public void onTaskExit(long timeNs, Task p) {
            exitAt.put(p.comm(), timeNs);
        }

        @Override
        public void onCpuFrequency(long timeNs, int cpu, long khz) {
            freq.add(new long[] {timeNs, cpu, khz});
        }
    }

    static Engine engine(Topology t, MachineModel m, Recorder rec, TaskSpec... tasks) {
        Engine e = new Engine(t, EngineConfig.defaults().withMachine(m));
        for (TaskSpec s : tasks) {
            e.addTask(s);
        }
        e.addSink(rec);
        e.afterEachStep(e::checkInvariants);
        return e;
    }

    /** One run of {@code workNs}, then exit. */
    static TaskSpec once(String comm, long workNs) {
        return TaskSpec.of(comm, Step.run(workNs)).repeating(1);
    }

    /** A policy that only sets CPU 0's performance target in ops.init (and otherwise behaves as the default). */
    static SchedOps cpuperfAtInit(int perf) {
        return new SchedOps() {
            @Override
            public String name() {
                return "cpuperf";
            }

            @Override
            public int init(Scx scx) {
                scx.cpuperfSet(0, perf);
                return 0;
            }
        };
    }

    static MachineModel dvfsOnly(long transitionNs, int headroomPct) {
        return IDEAL.withDvfs(MachineModel.Dvfs.defaults().withTransitionLatencyNs(transitionNs)
                .withHeadroomPct(headroomPct));
    }

    // ------------------------------------------------------------------ speed: capacity

    @Test
    void aTaskOnAnECoreOfCapacity512AtMaxFrequencyFinishesTenMsOfWorkIn20ms() {
        Topology hybrid = Topology.builder().name("p+e")
                .cpu(new Cpu(0, 0, 0, 0, 0, 1024, 800_000, 3_000_000, CpuKind.PERFORMANCE, true))
                .cpu(new Cpu(1, 1, 0, 0, 0, 512, 800_000, 2_000_000, CpuKind.EFFICIENCY, true)).build();
        Recorder rec = new Recorder();
        engine(hybrid, MachineModel.defaults().withSmt(IDEAL.smt()).withCache(IDEAL.cache())
                        .withIdle(IDEAL.idle()).withContextSwitch(IDEAL.contextSwitch())
                        .withDvfs(MachineModel.Dvfs.defaults().withGovernor(MachineModel.Governor.PERFORMANCE)),
                rec, once("e", 10 * MS).withAffinity(CpuMask.of(1)), once("p", 10 * MS).withAffinity(CpuMask.of(0)))
                .run(Duration.ofMillis(100));
        // 10 ms of reference work at 512/1024 of the reference speed
        assertEquals(20 * MS, rec.exitAt.get("e"));
        assertEquals(10 * MS, rec.exitAt.get("p"));
    }

    // ------------------------------------------------------------------ speed: frequency

    @Test
    void atHalfFrequencyTenMsOfWorkTakesTwiceAsLong() {
        Recorder rec = new Recorder();
        Engine e = engine(FLAT_1, dvfsOnly(0, 0), rec, once("t", 10 * MS));
        assertEquals(0, e.load(cpuperfAtInit(512)));
        e.run(Duration.ofMillis(100));
        assertEquals(20 * MS, rec.exitAt.get("t"));
    }

    @Test
    void aCpuperfSetTo512TakesEffectAfterTheTransitionLatency() {
        Recorder rec = new Recorder();
        Engine e = engine(FLAT_1, dvfsOnly(1 * MS, 0), rec, once("t", 10 * MS));
        e.load(cpuperfAtInit(512));
        e.run(Duration.ofMillis(100));
        // 1 ms at full speed does 1 ms of work; the other 9 ms of work at half speed take 18 ms
        assertEquals(19 * MS, rec.exitAt.get("t"));
        // flat CPUs have no frequency table: the assumed maximum, 3 GHz, halved
        assertEquals(1, rec.freq.size());
        assertEquals(1 * MS, rec.freq.get(0)[0]);
        assertEquals(1_500_000, rec.freq.get(0)[2]);
    }

    @Test
    void schedutilAddsItsQuarterOfHeadroomToTheTarget() {
        Recorder rec = new Recorder();
        Engine e = engine(FLAT_1, dvfsOnly(0, 25), rec, once("t", 10 * MS));
        e.load(cpuperfAtInit(512));
        e.run(Duration.ofMillis(100));
        // 512 + 512/4 = 640: 10 ms × 1024/640 = 16 ms
        assertEquals(16 * MS, rec.exitAt.get("t"));
    }

    @Test
    void aTargetBelowTheMinimumFrequencyRunsAtTheMinimum() {
        Recorder rec = new Recorder();
        Engine e = engine(FLAT_1, dvfsOnly(0, 0), rec, once("t", 3 * MS));
        e.load(cpuperfAtInit(0));
        e.run(Duration.ofMillis(100));
        // minimum perf = 800 MHz / 3 GHz × 1024 = 273 (floor): 3 ms × 1024/273
        assertEquals(Math.ceilDiv(3 * MS * 1024, 273), rec.exitAt.get("t"));
    }

    @Test
    void theFrequencyChangesMidRunAccountWorkAtTheOldSpeedFirst() {
        // perf 512 from init, then the policy raises it to 1024 in ops.running at the task's first run
        Recorder rec = new Recorder();
        Engine e = engine(FLAT_1, dvfsOnly(4 * MS, 0), rec, once("t", 10 * MS));
        e.load(new SchedOps() {
            @Override
            public String name() {
                return "updown";
            }

            @Override
            public int init(Scx scx) {
                scx.cpuperfSet(0, 512);
                return 0;
            }

            @Override
            public void tick(Task p) {
                if (Scx.current().now() == 6 * MS) {
                    Scx.current().cpuperfSet(0, 1024);
                }
            }
        });
        e.run(Duration.ofMillis(100));
        // [0,4) full: 4 ms work; [4,10) half: 3 ms; 1024 requested at the 6 ms tick lands at 10 ms; 3 ms left at
        // full speed: done at 13 ms
        assertEquals(13 * MS, rec.exitAt.get("t"));
    }

    @Test
    void withoutAPolicySchedutilDropsAnIdleCpuToItsMinimumAndClimbsBackUnderLoad() {
        Recorder rec = new Recorder();
        Engine e = engine(FLAT_1, IDEAL.withDvfs(MachineModel.Dvfs.defaults()), rec,
                once("hog", 1_000 * MS).startingAt(50 * MS));
        e.run(Duration.ofMillis(3_000));
        // the first switch (the hog's fork at 50 ms) finds utilization 0: request the minimum, 273/1024 of 3 GHz,
        // effective 100 µs later
        assertEquals(50 * MS + 100 * US, rec.freq.get(0)[0]);
        assertEquals(3_000_000L * 273 / 1024, rec.freq.get(0)[2]);
        assertEquals(3_000_000, rec.freq.get(rec.freq.size() - 1)[2], "reaches the maximum under load");
        for (int i = 1; i < rec.freq.size(); i++) {
            assertTrue(rec.freq.get(i)[2] >= rec.freq.get(i - 1)[2], "climbs monotonically while busy");
        }
        assertTrue(rec.exitAt.get("hog") > 1_050 * MS + 50 * MS, "the ramp costs time: " + rec.exitAt.get("hog"));
    }

    @Test
    void aWallClockRuntimeStepIgnoresFrequencyAndSwitchCost() {
        Recorder rec = new Recorder();
        Engine e = engine(FLAT_1, dvfsOnly(0, 0).withContextSwitch(MachineModel.ContextSwitch.defaults()), rec,
                TaskSpec.of("busy", new Step.Runtime(10 * MS)).repeating(1));
        e.load(cpuperfAtInit(512));
        e.run(Duration.ofMillis(100));
        // rt-app's runtime: busy for 10 ms of wall time, whatever the CPU's speed
        assertEquals(10 * MS, rec.exitAt.get("busy"));
    }

    @Test
    void thePerformanceGovernorIgnoresCpuperfSet() {
        Recorder rec = new Recorder();
        Engine e = engine(FLAT_1, IDEAL.withDvfs(MachineModel.Dvfs.defaults().withGovernor(
                MachineModel.Governor.PERFORMANCE)), rec, once("t", 10 * MS));
        e.load(cpuperfAtInit(512));
        e.run(Duration.ofMillis(100));
        assertEquals(10 * MS, rec.exitAt.get("t"));
        assertTrue(rec.freq.isEmpty());
    }

    // ------------------------------------------------------------------ speed: SMT

    @Test
    void withABusySmtSiblingATaskTakes1Over0Point6AsLong() {
        Topology smt = TopologyPresets.get("smt-desktop-8c16t");
        int sibling = smt.smtSiblings(0).next(1);
        Recorder rec = new Recorder();
        engine(smt, IDEAL.withSmt(MachineModel.Smt.defaults()), rec,
                once("a", 6 * MS).withAffinity(CpuMask.of(0)), once("b", 100 * MS).withAffinity(CpuMask.of(sibling)))
                .run(Duration.ofMillis(200));
        // factor 0.6 is 614/1024 in fixed point: 6 ms × 1024/614 ≈ 10.0065 ms
        long aDone = Math.ceilDiv(6 * MS * 1024, 614);
        assertEquals(aDone, rec.exitAt.get("a"));
        // b did aDone × 614/1024 (≈ 6 ms) of work alongside a, the rest at full speed once a exited
        long bWorkWhileShared = aDone * 614 / 1024;
        assertEquals(aDone + 100 * MS - bWorkWhileShared, rec.exitAt.get("b"), 2);
    }

    @Test
    void aTaskWhoseSiblingIsIdleRunsAtFullSpeed() {
        Topology smt = TopologyPresets.get("smt-desktop-8c16t");
        Recorder rec = new Recorder();
        // CPUs 0 and 1 are different cores
        engine(smt, IDEAL.withSmt(MachineModel.Smt.defaults()), rec,
                once("a", 6 * MS).withAffinity(CpuMask.of(0)), once("b", 6 * MS).withAffinity(CpuMask.of(1)))
                .run(Duration.ofMillis(20));
        assertEquals(6 * MS, rec.exitAt.get("a"));
        assertEquals(6 * MS, rec.exitAt.get("b"));
    }

    // ------------------------------------------------------------------ caches

    /** A policy that places each wake-up on the next CPU of {@code order}, dispatching directly from select_cpu. */
    static SchedOps placer(int... order) {
        return new SchedOps() {
            int n;

            @Override
            public String name() {
                return "placer";
            }

            @Override
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                int cpu = order[Math.min(n++, order.length - 1)];
                Scx.current().dsqInsert(p, Dsq.localOn(cpu), Scx.SLICE_DFL, 0);
                return cpu;
            }
        };
    }

    /** Runs 1 ms on CPU 0, sleeps 1 ms, runs 1 ms on {@code to}; returns the result with its exit time. */
    static long[] moveOnce(Topology t, int to, long workingSet) {
        Recorder rec = new Recorder();
        TaskSpec spec = TaskSpec.of("mover", Step.run(1 * MS), Step.sleep(1 * MS), Step.run(1 * MS)).repeating(1)
                .withAffinity(CpuMask.of(0, to)).toBuilder().workingSetBytes(workingSet).build();
        Engine e = engine(t, IDEAL.withCache(MachineModel.Cache.defaults()), rec, spec);
        e.load(placer(0, to));
        RunResult r = e.run(Duration.ofMillis(10));
        return new long[] {rec.exitAt.get("mover"), r.task("mover").cacheWarmupNs(), r.cacheWarmupNs()};
    }

    @Test
    void aMigrationAcrossLlcsCosts100usOfWarmUpForA1MiBWorkingSet() {
        Topology server = TopologyPresets.get("server-2s-64c128t");
        int otherLlc = 8; // core 8: LLC 1, node 0
        long[] r = moveOnce(server, otherLlc, 1 << 20);
        // 1 MiB × 100 µs/MiB lost, over a 200 µs warm-up at half speed
        assertEquals(100 * US, r[1]);
        assertEquals(100 * US, r[2]);
        assertEquals(3 * MS + 100 * US, r[0]);
    }

    @Test
    void warmUpGrowsWithTheDistanceOfTheMove() {
        Topology server = TopologyPresets.get("server-2s-64c128t");
        int sibling = 64;
        int sameLlc = 1;
        int otherLlc = 8;
        int otherNode = 32;
        assertEquals(0, server.nodeOf(otherLlc).id());
        assertEquals(1, server.nodeOf(otherNode).id());
        long mib = 1 << 20;
        assertEquals(2 * US, moveOnce(server, sibling, mib)[1]);
        assertEquals(20 * US, moveOnce(server, sameLlc, mib)[1]);
        assertEquals(100 * US, moveOnce(server, otherLlc, mib)[1]);
        assertEquals(180 * US, moveOnce(server, otherNode, mib)[1]);
        // proportional to the working set: 4 MiB across nodes loses 720 µs
        assertEquals(720 * US, moveOnce(server, otherNode, 4 * mib)[1]);
    }

    @Test
    void aTaskWithoutAWorkingSetUsesTheDefault256KiB() {
        Topology server = TopologyPresets.get("server-2s-64c128t");
        // 0.25 MiB × 180 µs/MiB
        assertEquals(45 * US, moveOnce(server, 32, 0)[1]);
    }

    @Test
    void aTaskThatStaysOnItsCpuStaysWarm() {
        long[] r = moveOnce(TopologyPresets.get("server-2s-64c128t"), 0, 1 << 20);
        assertEquals(0, r[1]);
        assertEquals(3 * MS, r[0]);
    }

    // ------------------------------------------------------------------ energy and idle states

    static final MachineModel.Idle C1_ONLY = new MachineModel.Idle(true,
            List.of(new MachineModel.IdleState("C1", 2 * US, 2 * US, 0.5)));

    @Test
    void anIdleCpuForOneSecondInC1UsesItsIdlePowerTimesOneSecondJoules() {
        RunResult r = engine(FLAT_1, IDEAL.withPower(MachineModel.Power.defaults()).withIdle(C1_ONLY), new Recorder())
                .run(Duration.ofSeconds(1));
        assertEquals(0.5, r.energyJ(), 1e-12);
        assertEquals(0.5, r.averageWatts(), 1e-12);
        assertEquals(1_000 * MS, r.cpus().get(0).idleNs());
        assertEquals(0.5, r.cpus().get(0).energyJ(), 1e-12);
    }

    @Test
    void anIdleCpuWalksDownTheIdleStateLadder() {
        RunResult r = engine(FLAT_1, IDEAL.withPower(MachineModel.Power.defaults())
                .withIdle(MachineModel.Idle.defaults()), new Recorder()).run(Duration.ofSeconds(1));
        // C1 for its first 20 µs, C1E until 200 µs, C6 for the rest
        double expected = 0.5 * 20e-6 + 0.3 * 180e-6 + 0.05 * (1 - 200e-6);
        assertEquals(expected, r.energyJ(), 1e-12);
    }

    @Test
    void aBusyCpuAtMaximumFrequencyDrawsStaticPlusDynamicPower() {
        RunResult r = engine(FLAT_1, IDEAL.withPower(MachineModel.Power.defaults()), new Recorder(),
                once("hog", 2_000 * MS)).run(Duration.ofSeconds(1));
        // 0.5 W static + 4.5 W dynamic × φ 1 × v 1²
        assertEquals(5.0, r.energyJ(), 1e-9);
        assertEquals(0, r.cpus().get(0).idleNs());
    }

    @Test
    void atHalfFrequencyDynamicPowerFallsWithFrequencyAndVoltageSquared() {
        Engine e = engine(FLAT_1, dvfsOnly(0, 0).withPower(MachineModel.Power.defaults()), new Recorder(),
                once("hog", 2_000 * MS));
        e.load(cpuperfAtInit(512));
        RunResult r = e.run(Duration.ofSeconds(1));
        double phi = 0.5;
        double phiMin = 273 / 1024.0;
        double v = 0.6 + 0.4 * (phi - phiMin) / (1 - phiMin);
        assertEquals(0.5 + 4.5 * phi * v * v, r.energyJ(), 1e-9);
    }

    @Test
    void aPerformanceCpuOfCapacity512DrawsHalfThePowerOfABigOne() {
        Topology small = Topology.builder().name("small")
                .cpu(new Cpu(0, 0, 0, 0, 0, 512, 800_000, 2_000_000, CpuKind.PERFORMANCE, true)).build();
        RunResult r = engine(small, IDEAL.withPower(MachineModel.Power.defaults()), new Recorder(),
                once("hog", 2_000 * MS)).run(Duration.ofSeconds(1));
        // (0.5 W + 4.5 W) × 512/1024
        assertEquals(2.5, r.energyJ(), 1e-9);
    }

    @Test
    void anEfficiencyCpuOfCapacity512DrawsTheEfficiencyCurveScaledByCapacity() {
        Topology small = Topology.builder().name("small")
                .cpu(new Cpu(0, 0, 0, 0, 0, 512, 800_000, 2_000_000, CpuKind.EFFICIENCY, true)).build();
        RunResult r = engine(small, IDEAL.withPower(MachineModel.Power.defaults()), new Recorder(),
                once("hog", 2_000 * MS)).run(Duration.ofSeconds(1));
        // (0.2 W + 2.25 W) × 512/1024 for 1 s
        assertEquals(1.225, r.energyJ(), 1e-9);
    }

    /** One P CPU (capacity 1024, 0.8-5.4 GHz) and one E CPU (capacity 600, 0.8-3.9 GHz), as intel-hybrid-8p8e's. */
    static final Topology P_AND_E = Topology.builder().name("p+e")
            .cpu(new Cpu(0, 0, 0, 0, 0, 1024, 800_000, 5_400_000, CpuKind.PERFORMANCE, true))
            .cpu(new Cpu(1, 1, 0, 0, 0, 600, 800_000, 3_900_000, CpuKind.EFFICIENCY, true)).build();

    /** Joules CPU {@code cpu} spent busy: its energy minus its idle time at the flat idle power (idle states off). */
    static double busyJ(RunResult r, int cpu) {
        CpuResult c = r.cpus().get(cpu);
        return c.energyJ() - MachineModel.Power.defaults().idleW() * c.idleNs() * 1e-9;
    }

    @Test
    void tenMsOfWorkAtMaximumFrequencyCostsAnECoreLessThanHalfWhatItCostsAPCore() {
        Recorder rec = new Recorder();
        RunResult r = engine(P_AND_E, IDEAL.withPower(MachineModel.Power.defaults()), rec,
                once("e", 10 * MS).withAffinity(CpuMask.of(1)), once("p", 10 * MS).withAffinity(CpuMask.of(0)))
                .run(Duration.ofMillis(100));
        // E: 10 ms of work at 600/1024 of the reference speed takes 17.067 ms at (0.2 + 2.25) W × 600/1024 = 1.4355 W
        // = 2.45 W × 10 ms (capacity cancels out): 24.5 mJ. P: 10 ms at 0.5 + 4.5 = 5 W: 50 mJ.
        // (the fixed-point speed rounds the completion up by a few ns)
        assertEquals(10 * MS * 1024 / 600, r.cpus().get(1).busyNs(), 5);
        assertEquals(0.0245, busyJ(r, 1), 1e-8);
        assertEquals(0.050, busyJ(r, 0), 1e-8);
    }

    /** A policy that sets CPU {@code cpu}'s performance target in ops.init. */
    static SchedOps cpuperfAtInit(int cpu, int perf) {
        return new SchedOps() {
            @Override
            public String name() {
                return "cpuperf";
            }

            @Override
            public int init(Scx scx) {
                scx.cpuperfSet(cpu, perf);
                return 0;
            }
        };
    }

    @Test
    void atTheSameDeliveredSpeedAnECoreSpendsLessThanHalfThePCoresEnergyOnTenMsOfWork() {
        // both CPUs asked for 300 capacity units (no headroom): the E core runs at 300/600 = φ 0.5 of its 3.9 GHz,
        // the P core at φ 300/1024 of its 5.4 GHz; both then execute 300/1024 of reference work per ns
        Engine e1 = engine(P_AND_E, dvfsOnly(0, 0).withPower(MachineModel.Power.defaults()), new Recorder(),
                once("e", 10 * MS).withAffinity(CpuMask.of(1)));
        e1.load(cpuperfAtInit(1, 300));
        RunResult onE = e1.run(Duration.ofMillis(100));
        Engine e0 = engine(P_AND_E, dvfsOnly(0, 0).withPower(MachineModel.Power.defaults()), new Recorder(),
                once("p", 10 * MS).withAffinity(CpuMask.of(0)));
        e0.load(cpuperfAtInit(0, 300));
        RunResult onP = e0.run(Duration.ofMillis(100));

        // E: perf = 300 × 1024/600 = 512, φ 0.5; minimum perf 800/3900 × 1024 = 210;
        // v = 0.6 + 0.4 × (512 - 210)/(1024 - 210) = 0.74840; energy of 10 ms of work = (0.2 + 2.25 φ v²)/φ × 10 ms
        double vE = 0.6 + 0.4 * (512 - 210) / (1024.0 - 210);
        double eJ = (0.2 + 2.25 * 0.5 * vE * vE) / 0.5 * 0.010;
        assertEquals(0.016602, eJ, 1e-6);
        // P: perf 300, φ 300/1024; minimum perf 800/5400 × 1024 = 151; v = 0.6 + 0.4 × (300 - 151)/(1024 - 151)
        double phiP = 300 / 1024.0;
        double vP = 0.6 + 0.4 * (300 - 151) / (1024.0 - 151);
        double pJ = (0.5 + 4.5 * phiP * vP * vP) / phiP * 0.010;
        assertEquals(0.037163, pJ, 1e-6);
        assertEquals(10 * MS * 1024 / 300, onE.cpus().get(1).busyNs(), 5, "fixed-point speed: a few ns");
        assertEquals(10 * MS * 1024 / 300, onP.cpus().get(0).busyNs(), 5, "fixed-point speed: a few ns");
        assertEquals(eJ, busyJ(onE, 1), 1e-8);
        assertEquals(pJ, busyJ(onP, 0), 1e-8);
        assertTrue(busyJ(onP, 0) > 2 * busyJ(onE, 1), "the E core is more than twice as efficient here");
    }

    @Test
    void aUniformMachineDrawsThePerformanceCurveWhateverTheEfficiencyCurveSays() {
        MachineModel.Power oddEfficiency = MachineModel.Power.defaults()
                .withEfficiency(new MachineModel.CorePower(9, 9, 1));
        RunResult r = engine(FLAT_1, IDEAL.withPower(oddEfficiency), new Recorder(), once("hog", 2_000 * MS))
                .run(Duration.ofSeconds(1));
        assertEquals(5.0, r.energyJ(), 1e-9);
    }

    @Test
    void aNegativeOrMissingPowerCurveIsRefusedNamingTheField() {
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                () -> new MachineModel.CorePower(-1, 4.5, 0.6));
        assertTrue(neg.getMessage().contains("watts must be >= 0"), neg.getMessage());
        IllegalArgumentException volt = assertThrows(IllegalArgumentException.class,
                () -> new MachineModel.CorePower(0.5, 4.5, 0));
        assertTrue(volt.getMessage().contains("minVoltageRatio"), volt.getMessage());
        NullPointerException none = assertThrows(NullPointerException.class,
                () -> new MachineModel.Power(true, MachineModel.Power.PERFORMANCE_CORE, null, 0.5));
        assertEquals("machine.power.efficiency", none.getMessage());
    }

    @Test
    void aTaskWokenOnACpuIdleInC6StartsAfterItsExitLatency() {
        Recorder rec = new Recorder();
        RunResult r = engine(FLAT_1, IDEAL.withIdle(MachineModel.Idle.defaults()), rec,
                once("t", 1 * MS).startingAt(1 * MS)).run(Duration.ofMillis(10));
        // idle for 1 ms >= C6's 200 µs target residency: 85 µs exit latency before the task runs
        assertEquals(2 * MS + 85 * US, rec.exitAt.get("t"));
        assertEquals(85 * US, r.task("t").wakeLatencyMaxNs(), 85 * US / 100.0, "HdrHistogram: 2 digits");
        assertEquals(1 * MS, r.task("t").runtimeNs(), "exit latency is not the task's runtime");
    }

    @Test
    void aTaskWokenOnACpuThatJustWentIdlePaysOnlyC1sExitLatency() {
        Recorder rec = new Recorder();
        // the second run starts 10 µs after the first ends: the CPU is still in C1 (C1E needs 20 µs)
        engine(FLAT_1, IDEAL.withIdle(MachineModel.Idle.defaults()), rec,
                TaskSpec.of("t", Step.run(1 * MS), Step.sleep(10 * US), Step.run(1 * MS)).repeating(1))
                .run(Duration.ofMillis(10));
        // the fork at 0 finds the CPU idle for 0 ns: C1, 2 µs; the wake at 1.002 ms + 10 µs: C1 again, 2 µs
        assertEquals(2 * US + 1 * MS + 10 * US + 2 * US + 1 * MS, rec.exitAt.get("t"));
    }

    /**
     * A policy that queues every task on CPU 1 and kicks CPU 0 ({@code SCX_KICK_IDLE}) on each enqueue: CPU 0 is
     * woken and finds nothing to run.
     */
    static SchedOps kickCpu0OnEachEnqueue() {
        return new SchedOps() {
            @Override
            public String name() {
                return "kick0";
            }

            @Override
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                scx.dsqInsert(p, Dsq.localOn(1), Scx.SLICE_DFL, enqFlags);
                scx.kickCpu(0, KickFlags.IDLE);
            }
        };
    }

    /** A task pinned to CPU 1 waking on an absolute periodic timer of {@code periodNs}, running nothing. */
    static TaskSpec tickerOnCpu1(long periodNs) {
        return TaskSpec.of("ticker", new Step.Timer("tick", periodNs, true)).toBuilder().affinity(CpuMask.of(1))
                .build();
    }

    @Test
    void anIdleCpuKickedEveryMillisecondForOneSecondDrawsTenTimesTheEnergyOfAnUndisturbedOne() {
        Engine e = engine(TopologyPresets.get("flat-2"), IDEAL.withPower(MachineModel.Power.defaults())
                .withIdle(MachineModel.Idle.defaults()), new Recorder(), tickerOnCpu1(1 * MS));
        assertEquals(0, e.load(kickCpu0OnEachEnqueue()));
        RunResult r = e.run(Duration.ofSeconds(1));
        // undisturbed (anIdleCpuWalksDownTheIdleStateLadder): C1 20 µs, C1E 180 µs, C6 the rest = 0.050054 J.
        // kicked at 1, 2, ..., 1 000 ms (the last one at the run's end: nothing of its exit falls inside the run; the
        // kick at 0 finds the CPU idle for 0 ns, never in a state). Before the first: C1 20 µs + C1E 180 µs + C6 800 µs.
        double first = 0.5 * 20e-6 + 0.3 * 180e-6 + 0.05 * 800e-6;
        // each kick finds C6 (idle >= 200 µs): 85 µs exit at 5 W active power, then the ladder again from the top
        // for the rest of the millisecond: C1 20 µs, C1E 180 µs, C6 715 µs
        double cycle = 5.0 * 85e-6 + 0.5 * 20e-6 + 0.3 * 180e-6 + 0.05 * 715e-6;
        assertEquals(first + 999 * cycle, r.cpus().get(0).energyJ(), 1e-12);
        assertEquals(0.524329, r.cpus().get(0).energyJ(), 1e-6);
        // the exit latencies count as idle time, as a task's wake-up does: the CPU ran nothing
        assertEquals(1_000 * MS, r.cpus().get(0).idleNs());
    }

    @Test
    void anIdleCpuKickedEvery100MicrosecondsNeverReachesC6() {
        Engine e = engine(TopologyPresets.get("flat-2"), IDEAL.withPower(MachineModel.Power.defaults())
                .withIdle(MachineModel.Idle.defaults()), new Recorder(), tickerOnCpu1(100 * US));
        assertEquals(0, e.load(kickCpu0OnEachEnqueue()));
        RunResult r = e.run(Duration.ofMillis(10));
        // before the first kick at 100 µs: C1 20 µs + C1E 80 µs. Each kick at 100, 200, ..., 9 900 µs finds C1E
        // (idle 80 or 90 µs < C6's 200 µs): 10 µs exit at 5 W, then C1 20 µs, C1E 70 µs
        double first = 0.5 * 20e-6 + 0.3 * 80e-6;
        double cycle = 5.0 * 10e-6 + 0.5 * 20e-6 + 0.3 * 70e-6;
        assertEquals(first + 99 * cycle, r.cpus().get(0).energyJ(), 1e-12);
    }

    @Test
    void aTaskPlacedOnACpuStillWakingFromAnEmptyKickWaitsOnlyForTheRestOfTheExit() {
        Recorder rec = new Recorder();
        Engine e = engine(TopologyPresets.get("flat-2"), IDEAL.withIdle(MachineModel.Idle.defaults()), rec,
                tickerOnCpu1(1 * MS), once("t", 1 * MS).startingAt(1 * MS + 50 * US).withAffinity(CpuMask.of(0)));
        assertEquals(0, e.load(new SchedOps() {
            @Override
            public String name() {
                return "kick0_local";
            }

            @Override
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                scx.dsqInsert(p, Dsq.localOn(scx.taskCpu(p)), Scx.SLICE_DFL, enqFlags);
                if (p.comm().equals("ticker")) {
                    scx.kickCpu(0, KickFlags.IDLE);
                }
            }
        }));
        RunResult r = e.run(Duration.ofMillis(5));
        // the kick at 1 ms finds CPU 0 in C6 (idle 1 ms): it is awake at 1.085 ms. "t" arrives at 1.050 ms and
        // starts when the exit ends, 35 µs later (not a second exit), then runs its 1 ms
        assertEquals(1 * MS + 85 * US + 1 * MS, rec.exitAt.get("t"));
        assertEquals(35 * US, r.task("t").wakeLatencyMaxNs(), 35 * US / 100.0, "HdrHistogram: 2 digits");
    }

    @Test
    void withoutIdleStatesAKickThatFindsNothingCostsNothing() {
        Engine e = engine(TopologyPresets.get("flat-2"), IDEAL.withPower(MachineModel.Power.defaults()),
                new Recorder(), tickerOnCpu1(1 * MS));
        assertEquals(0, e.load(kickCpu0OnEachEnqueue()));
        RunResult r = e.run(Duration.ofSeconds(1));
        // one flat idle power, no exit latency: 0.5 W × 1 s
        assertEquals(0.5, r.cpus().get(0).energyJ(), 1e-12);
    }

    // ------------------------------------------------------------------ context switches, jitter, noise

    @Test
    void everySwitchCostsTheIncomingTaskTwoMicrosecondsOfRuntimeWithoutProgress() {
        Recorder rec = new Recorder();
        RunResult r = engine(FLAT_1, IDEAL.withContextSwitch(MachineModel.ContextSwitch.defaults()), rec,
                TaskSpec.of("t", Step.run(1 * MS), Step.sleep(1 * MS), Step.run(1 * MS)).repeating(1))
                .run(Duration.ofMillis(10));
        // two switches in, 2 µs each
        assertEquals(1 * MS + 2 * US + 1 * MS + 1 * MS + 2 * US, rec.exitAt.get("t"));
        assertEquals(2 * MS + 4 * US, r.task("t").runtimeNs());
    }

    @Test
    void jitterScalesEachRunWithinItsAmplitudeAndFollowsTheSeed() {
        MachineModel jittery = IDEAL.withJitter(MachineModel.Jitter.defaults().withEnabled(true));
        long[] exits = new long[3];
        long[] seeds = {1, 1, 2};
        for (int i = 0; i < 3; i++) {
            Recorder rec = new Recorder();
            Engine e = new Engine(FLAT_1, EngineConfig.defaults().withSeed(seeds[i]).withMachine(jittery));
            e.addTask(once("t", 10 * MS));
            e.addSink(rec);
            e.run(Duration.ofMillis(20));
            exits[i] = rec.exitAt.get("t");
            assertTrue(exits[i] >= 9_500 * US && exits[i] <= 10_500 * US, "within ±5 %: " + exits[i]);
        }
        assertEquals(exits[0], exits[1], "same seed, same draw");
        assertNotEquals(exits[0], exits[2], "another seed, another draw");
        assertNotEquals(10 * MS, exits[0]);
    }

    @Test
    void noiseRunsOneShortPinnedTaskPerCpu() {
        RunResult r = engine(TopologyPresets.get("flat-2"), IDEAL.withNoise(MachineModel.Noise.defaults()
                .withEnabled(true)), new Recorder()).run(Duration.ofSeconds(1));
        assertEquals(2, r.tasks().size());
        for (TaskResult t : r.tasks()) {
            assertEquals("noise", t.group());
            // 20 µs every 10 ms for 1 s: 100 bursts, the first at a random phase within the first period
            assertEquals(100 * 20 * US, t.runtimeNs(), 20 * US);
            assertEquals(0, t.migrations());
        }
    }

    // ------------------------------------------------------------------ the whole model

    @Test
    void theIdealMachineRunsEveryTaskAtCapacityAndCountsNoEnergy() {
        Recorder rec = new Recorder();
        RunResult r = engine(TopologyPresets.get("smt-desktop-8c16t"), IDEAL, rec,
                TaskSpec.of("t", Step.run(1 * MS), Step.sleep(1 * MS)).repeating(10))
                .run(Duration.ofMillis(100));
        // ten periods of 1 ms run + 1 ms sleep, the last sleep included
        assertEquals(20 * MS, rec.exitAt.get("t"));
        assertEquals(0.0, r.energyJ());
        assertEquals(0, r.cacheWarmupNs());
    }

    @Test
    void aDefaultRunReportsEnergyWarmUpAndMigrationsByDomain() {
        Engine e = new Engine(TopologyPresets.get("amd-2ccx-16c32t"), EngineConfig.defaults());
        for (int i = 0; i < 48; i++) {
            e.addTask(TaskSpec.of("w" + i, Step.run(300 * US), Step.sleep(700 * US)));
        }
        RunResult r = e.run(Duration.ofMillis(500));
        assertTrue(r.energyJ() > 0);
        assertEquals(r.energyJ(), r.cpus().stream().mapToDouble(CpuResult::energyJ).sum(), 1e-9, "the CPUs' sum");
        assertTrue(r.averageWatts() > 0 && r.averageWatts() < 32 * 5.0, "at most every CPU at full power");
        assertTrue(r.migrations() > 0);
        assertEquals(r.migrations(), r.migrationsSameCore() + r.migrationsSameLlc() + r.migrationsSameNode()
                + r.migrationsCrossNode());
        assertTrue(r.cacheWarmupNs() > 0);
        long busy = r.cpus().stream().mapToLong(CpuResult::busyNs).sum();
        long idle = r.cpus().stream().mapToLong(CpuResult::idleNs).sum();
        // every CPU is busy or idle (waking from an idle state counts as idle)
        assertEquals(32 * 500 * MS, busy + idle, 32 * 500 * MS / 1000.0);
    }

    /** Global FIFO (the minimal policy) runs each wake-up on whichever CPU frees first, across both CCXs. */
    @Test
    void aGlobalFifoLosesMoreTimeToCacheWarmUpThanTheFairClassThatKeepsTasksNearby() {
        long[] warmup = new long[2];
        for (int i = 0; i < 2; i++) {
            Engine e = new Engine(TopologyPresets.get("smt-desktop-8c16t"), EngineConfig.defaults());
            for (int t = 0; t < 64; t++) {
                e.addTask(TaskSpec.of("w" + t, Step.run(50 * US + (t % 7) * 100 * US),
                        Step.sleep(20 * US + (t % 5) * 150 * US)));
            }
            if (i == 1) {
                e.load(() -> "minimal");
            }
            RunResult r = e.run(Duration.ofMillis(300));
            warmup[i] = r.cacheWarmupNs();
            assertTrue(warmup[i] > 0);
        }
        // measured: about 25 times as much (same seed, same run)
        assertTrue(warmup[1] > 5 * warmup[0], "fifo " + warmup[1] + " ns vs fair " + warmup[0] + " ns");
    }

    @Test
    void badParametersAreRejectedNamingTheField() {
        IllegalArgumentException smt = assertThrows(IllegalArgumentException.class,
                () -> new MachineModel.Smt(true, 1.5));
        assertTrue(smt.getMessage().startsWith("machine.smt.busySiblingFactor"), smt.getMessage());
        IllegalArgumentException cold = assertThrows(IllegalArgumentException.class,
                () -> MachineModel.Cache.defaults().withColdSpeedFactor(1));
        assertTrue(cold.getMessage().startsWith("machine.cache.coldSpeedFactor"), cold.getMessage());
        IllegalArgumentException noise = assertThrows(IllegalArgumentException.class,
                () -> new MachineModel.Noise(true, 10, 10));
        assertTrue(noise.getMessage().startsWith("machine.noise.runNs"), noise.getMessage());
    }
}
