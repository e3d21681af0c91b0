package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.Task;
import io.scx4j.core.Engine;
import io.scx4j.core.EventSink;
import io.scx4j.core.RunResult;
import io.scx4j.core.TaskResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Core compaction and power modes on the engine (policies.md §1.10), and determinism. */
class LavdPowerOnEngineTest {
    static final long MS = 1_000_000L;
    static final String HYBRID = "intel-hybrid-8p8e";

    /** Counts switches-in after {@code fromNs}: on little (E) cores and in total. */
    static final class Placement implements EventSink {
        final long fromNs;
        long onLittle;
        long total;

        Placement(long fromNs) {
            this.fromNs = fromNs;
        }

        @Override
        public void onSwitch(long timeNs, int cpu, @Nullable Task prev, @Nullable Task next) {
            if (next != null && timeNs >= fromNs) {
                total++;
                if (cpu >= 16) {
                    onLittle++;
                }
            }
        }
    }

    static List<TaskSpec> lightLoad() {
        // four tasks needing 1 ms of work every 20 ms: about 0.2 of one CPU on a 24-CPU machine
        return Workload.copies(4, TaskSpec.of("light", Step.run(MS), Step.sleep(20 * MS)));
    }

    @Test
    void aLightLoadUnderAutopilotCompactsOntoLittleCoresInPowersaveMode() {
        LavdPolicy lavd = new LavdPolicy();
        Engine e = new Engine(TopologyPresets.get(HYBRID), LavdOnEngineTest.config(7));
        e.addWorkload(new Workload("light", lightLoad()));
        Placement placement = new Placement(500 * MS);
        e.addSink(placement);
        assertEquals(0, e.load(lavd));

        RunResult r = e.run(Duration.ofSeconds(2));

        assertTrue(r.exits().isEmpty(), "no exit: " + r.exits());
        LavdStats st = lavd.stats();
        System.out.println("light load, autopilot: " + st + "; runs on little cores " + placement.onLittle + "/"
                + placement.total + "; active " + lavd.activeCpus());
        // system invariant utilisation ~5/1024, required capacity 24 * 5 ~ 120 <= half a little core (300)
        assertEquals(PowerMode.POWERSAVE, st.powerMode(), st.toString());
        // 120 + 25 % = 150 is covered by one little CPU at half load (300): one active CPU
        assertTrue(st.nrActive() <= 2, "active CPUs: " + st.nrActive() + " " + lavd.activeCpus());
        assertEquals("powersave", st.asMap().get("power_mode"));
        assertTrue(st.pcPowersave() > 90, "time share in powersave: " + st.pcPowersave());
        assertTrue(placement.total > 100, "tasks ran");
        assertTrue(placement.onLittle * 10 >= placement.total * 9,
                "after warm-up at least 90 % of runs are on little cores: " + placement.onLittle + " of "
                        + placement.total);
        for (TaskResult t : r.tasks()) {
            assertTrue(t.runtimeNs() > 50 * MS, t.comm() + " ran " + t.runtimeNs() / MS + " ms");
        }
    }

    @Test
    void performanceModeKeepsTheLightLoadOnBigCores() {
        LavdPolicy lavd = new LavdPolicy(LavdOptions.defaults().withPowerMode(PowerMode.PERFORMANCE));
        Engine e = new Engine(TopologyPresets.get(HYBRID), LavdOnEngineTest.config(7));
        e.addWorkload(new Workload("light", lightLoad()));
        Placement placement = new Placement(500 * MS);
        e.addSink(placement);
        assertEquals(0, e.load(lavd));

        RunResult r = e.run(Duration.ofSeconds(2));

        assertTrue(r.exits().isEmpty(), "no exit: " + r.exits());
        System.out.println("light load, performance: " + lavd.stats() + "; runs on little cores "
                + placement.onLittle + "/" + placement.total);
        assertEquals(PowerMode.PERFORMANCE, lavd.stats().powerMode());
        assertEquals(24, lavd.stats().nrActive(), "performance mode: every CPU usable");
        // perf_cri: all tasks look alike, so the big share of capacity (16 * 1024 of 21184) makes most of them
        // perf-critical; their idle big cores are found first
        assertTrue(placement.onLittle * 2 < placement.total,
                "most runs on big cores: " + placement.onLittle + " of " + placement.total + " on little");
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        String first = runOnce();
        String second = runOnce();
        assertEquals(first, second);
    }

    private static String runOnce() {
        LavdPolicy lavd = new LavdPolicy();
        Engine e = new Engine(TopologyPresets.get(HYBRID), LavdOnEngineTest.config(11));
        e.addWorkload(new Workload("mixed", LavdOnEngineTest.mixedLoad()));
        assertEquals(0, e.load(lavd));
        RunResult r = e.run(Duration.ofMillis(500));
        StringBuilder sb = new StringBuilder(lavd.stats().toString());
        for (TaskResult t : r.tasks()) {
            sb.append(' ').append(t.comm()).append('=').append(t.runtimeNs()).append('/').append(t.wakeups());
        }
        return sb.toString();
    }
}
