package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.KickFlags;
import io.scx4j.api.Task;
import io.scx4j.core.Engine;
import io.scx4j.core.EventSink;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The autopilot switches back into performance mode when the load rises (upstream {@code do_autopilot} and
 * {@code reinit_active_cpumask_for_performance} in {@code scheds/rust/scx_lavd/src/bpf/power.bpf.c}; policies.md
 * §1.10): on intel-hybrid-8p8e (P cores 0-15 with SMT, capacity 1024; E cores 16-23, capacity 600; total 21184), a
 * light load keeps LAVD in powersave on one or two CPUs for the first second; 32 CPU hogs start at 1 s; within a
 * bounded time the mode is performance, every CPU is usable again, and the 10 ms pass that switched kicks every CPU
 * exactly once ({@code SCX_KICK_IDLE}), so the CPUs compaction had parked look for work.
 *
 * <p>The bound, from {@link PowerMath#autopilot} and the 10 ms pass ({@link SysStat#INTERVAL_NS}):
 * <ul>
 *   <li>performance needs {@code 24 × avg_util_invr > 21184 × 25 % = 5296} (SMT: {@link PowerMath#AP_HIGH_UTIL_SMT}),
 *       i.e. {@code avg_util_invr ≥ 221} of 1024; powersave ends once {@code 24 × avg_util_invr > 600 / 2 = 300},
 *       i.e. {@code avg_util_invr ≥ 13};</li>
 *   <li>the utilisation average rises fast ({@link Ewma#asymAvg}: a larger sample weighs 3/4), and a CPU a hog keeps
 *       busy at full speed adds its capacity over 24 to the next sample: about 42 for a P core, 25 for an E core;</li>
 *   <li>in balanced mode the pass keeps {@code ceil(1.25 × 24 × avg / 512)} P cores active ({@link PowerMath#PER_CPU_UTIL}
 *       counts half of each core's 1024): so {@code avg' ≈ 3/4 × 42 × ceil(avg / 17)}, about twice the active
 *       CPUs every pass. From one E core: 25 → avg 19 (balanced, 2 cores) → 63 (4-5 cores) → 170 (10-11 cores) → over
 *       221: performance on the 5th pass after the hogs start, at 1050 ms, if every newly busy CPU ran at full speed
 *       at once;</li>
 *   <li>a CPU reaches full speed only after the pass that sees it busy ({@link PowerMath#CPU_UTIL_MAX_FOR_CPUPERF}
 *       raises its cpuperf target), so each doubling may take two passes: at most 10 passes, 100 ms, plus one tick
 *       (HZ 1000: every busy CPU ticks each ms) for the pass to run at or after its boundary.</li>
 * </ul>
 * Measured (seed 7): powersave on 1 CPU at 1000 ms; balanced at 1020 ms (2 active), 1030 (5), 1040 (14);
 * performance at the pass of 1050 ms.
 */
class LavdAutopilotTest {
    static final long MS = 1_000_000L;
    static final int NR_CPUS = 24;
    static final long HEAVY_AT = 1_000 * MS;
    /** Ten passes and one tick after the hogs start: see the class comment. */
    static final long BOUND = HEAVY_AT + 10 * SysStat.INTERVAL_NS + MS;

    /**
     * Watches the kicks: the mode LAVD reports is read at every helper call, so the first call that sees performance
     * is inside the pass that switched (autopilot runs just before the compaction pass kicks); the pass ends with the
     * {@code scx_bpf_cpuperf_cap} calls of {@code update_cpuperf_target}, after its kicks.
     */
    static final class SwitchPass implements EventSink {
        final LavdPolicy lavd;
        final int[] kicksInSwitchPass = new int[NR_CPUS];
        final long[] ranSince = new long[NR_CPUS];
        long switchedAt = -1;
        long idleKicksInSwitchPass;
        boolean inSwitchPass;

        SwitchPass(LavdPolicy lavd) {
            this.lavd = lavd;
        }

        @Override
        public boolean wantsCalls() {
            return true;
        }

        @Override
        public void onCall(long timeNs, int cpu, String kind, String name, int pid, String args, String result) {
            if (!kind.equals("kfunc")) {
                return;
            }
            if (switchedAt < 0 && timeNs >= HEAVY_AT && lavd.stats().powerMode() == PowerMode.PERFORMANCE) {
                switchedAt = timeNs;
                inSwitchPass = true;
            }
            if (!inSwitchPass) {
                return;
            }
            if (name.equals("scx_bpf_cpuperf_cap")) {
                inSwitchPass = false;
            } else if (name.equals("scx_bpf_kick_cpu")) {
                // args "cpu, flags"
                String[] a = args.split(", ");
                kicksInSwitchPass[Integer.parseInt(a[0])]++;
                if (Long.parseLong(a[1]) == KickFlags.IDLE) {
                    idleKicksInSwitchPass++;
                }
            }
        }

        @Override
        public void onSwitch(long timeNs, int cpu, @Nullable Task prev, @Nullable Task next) {
            if (next != null && switchedAt >= 0 && timeNs > switchedAt) {
                ranSince[cpu]++;
            }
        }
    }

    @Test
    void risingLoadSwitchesPowersaveBackToPerformanceWithinTenPassesAndThatPassKicksEveryCpuOnce() {
        LavdPolicy lavd = new LavdPolicy();
        Engine e = new Engine(TopologyPresets.get("intel-hybrid-8p8e"), LavdOnEngineTest.config(7));
        // light: four tasks needing 1 ms every 20 ms (about 0.2 of one CPU); heavy: 32 hogs from 1 s on
        e.addWorkload(new Workload("light",
                Workload.copies(4, TaskSpec.of("light", Step.run(MS), Step.sleep(20 * MS)))));
        e.addWorkload(new Workload("heavy",
                Workload.copies(32, TaskSpec.of("hog", Step.run(10_000 * MS)).startingAt(HEAVY_AT))));
        SwitchPass watch = new SwitchPass(lavd);
        e.addSink(watch);
        assertEquals(0, e.load(lavd));

        e.run(Duration.ofNanos(HEAVY_AT));
        LavdStats light = lavd.stats();
        assertEquals(PowerMode.POWERSAVE, light.powerMode(), light.toString());
        assertTrue(light.nrActive() <= 2, "few active CPUs under the light load: " + lavd.activeCpus());

        e.run(Duration.ofNanos(BOUND - HEAVY_AT));
        assertTrue(watch.switchedAt > HEAVY_AT + SysStat.INTERVAL_NS,
                "the average must rise first: not on the first pass after the hogs start, " + watch.switchedAt);
        assertTrue(watch.switchedAt >= 0 && watch.switchedAt <= BOUND,
                "performance within 10 passes of the hogs' start: switched at " + watch.switchedAt / MS + " ms");
        LavdStats heavy = lavd.stats();
        assertEquals(PowerMode.PERFORMANCE, heavy.powerMode(), heavy.toString());
        assertTrue(e.exits().isEmpty(), () -> e.exits().toString());

        // performance masks: every P core active, every E core in the overflow set, all 24 counted active
        assertEquals(CpuMask.range(0, 16), lavd.activeCpus());
        assertEquals(NR_CPUS, heavy.nrActive());
        int[] once = new int[NR_CPUS];
        Arrays.fill(once, 1);
        assertEquals(Arrays.toString(once), Arrays.toString(watch.kicksInSwitchPass),
                "the switching pass kicks every CPU exactly once");
        assertEquals(NR_CPUS, watch.idleKicksInSwitchPass, "with SCX_KICK_IDLE");

        // and every CPU runs the hogs afterwards
        e.run(Duration.ofMillis(50));
        for (int cpu = 0; cpu < NR_CPUS; cpu++) {
            assertTrue(watch.ranSince[cpu] > 0, "CPU " + cpu + " ran nothing after the switch");
        }
    }
}
