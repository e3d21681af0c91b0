package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.SchedOps;
import io.scx4j.api.Task;
import io.scx4j.core.Engine;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.EventSink;
import io.scx4j.core.RunResult;
import io.scx4j.core.TaskResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.lib.policies.SimplePolicy;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** LAVD on the engine (scx-core as a test dependency only): no ejection, no stall, affinity, latency. */
class LavdOnEngineTest {
    static final long US = 1_000L;
    static final long MS = 1_000_000L;
    static final String HYBRID = "intel-hybrid-8p8e";

    /**
     * The engine configuration of these tests: a fixed seed, and a 5 s wall-clock budget per callback instead of
     * 250 ms (the budget guards against runaway callbacks; a shared, overloaded build machine can pause a JVM for
     * longer than 250 ms, which is not what these tests are about).
     */
    static EngineConfig config(long seed) {
        return EngineConfig.defaults().withSeed(seed).withCallbackBudget(Duration.ofSeconds(5));
    }

    /** A mixed load: CPU hogs, short sleepers, pinned and affinitized tasks, a nice +10 batch task. */
    static List<TaskSpec> mixedLoad() {
        List<TaskSpec> tasks = new ArrayList<>();
        tasks.addAll(Workload.copies(20, TaskSpec.of("hog", Step.run(1_000 * MS))));
        tasks.addAll(Workload.copies(12, TaskSpec.of("io", Step.run(300 * US), Step.sleep(2 * MS))));
        tasks.addAll(Workload.copies(6, TaskSpec.of("frame", Step.run(2 * MS), Step.sleep(14 * MS))));
        tasks.add(TaskSpec.of("pinned3", Step.run(500 * US), Step.sleep(MS)).withAffinity(CpuMask.of(3)));
        tasks.add(TaskSpec.of("pinned20", Step.run(5 * MS)).withAffinity(CpuMask.of(20)));
        tasks.add(TaskSpec.of("ecores", Step.run(3 * MS), Step.sleep(3 * MS)).withAffinity(CpuMask.range(16, 24)));
        tasks.add(TaskSpec.of("batch", Step.run(50 * MS)).withNice(10));
        return tasks;
    }

    @Test
    void aMixedOverloadOnAHybridMachineRunsFiveSecondsWithoutEjectionOrStall() {
        LavdPolicy lavd = new LavdPolicy();
        Engine e = new Engine(TopologyPresets.get(HYBRID), config(1));
        e.addWorkload(new Workload("mixed", mixedLoad()));
        assertEquals(0, e.load(lavd));

        RunResult r = e.run(Duration.ofSeconds(5));

        assertTrue(r.exits().isEmpty(), "no exit (ejection or watchdog stall): " + r.exits());
        assertTrue(e.policyLoaded());
        for (TaskResult t : r.tasks()) {
            // 46 tasks on 24 CPUs for 5 s: every task must have made progress (the watchdog would have fired at 30 s,
            // this is stricter: at least 20 ms of CPU each)
            assertTrue(t.runtimeNs() > 20 * MS, t.comm() + " ran only " + t.runtimeNs() / MS + " ms");
        }
        // 24 CPUs x 5 s = 120 s of CPU; with 20 hogs alone the machine stays (almost) fully busy
        assertTrue(r.totalRuntimeNs() > 110_000 * MS, "machine busy: " + r.totalRuntimeNs() / MS + " ms");
        LavdStats st = lavd.stats();
        System.out.println("mixed overload: " + st);
        assertTrue(st.nrSched() > 0, st.toString());
        assertEquals(PowerMode.PERFORMANCE, st.powerMode(), "a saturated machine runs in performance mode: " + st);
    }

    @Test
    void pinnedAndAffinitizedTasksRunOnlyOnTheirCpus() {
        LavdPolicy lavd = new LavdPolicy();
        Engine e = new Engine(TopologyPresets.get(HYBRID), config(1));
        e.addWorkload(new Workload("mixed", mixedLoad()));
        Map<String, Set<Integer>> ranOn = new HashMap<>();
        e.addSink(new EventSink() {
            @Override
            public void onSwitch(long timeNs, int cpu, @Nullable Task prev, @Nullable Task next) {
                if (next != null) {
                    ranOn.computeIfAbsent(next.comm(), k -> new HashSet<>()).add(cpu);
                }
            }
        });
        assertEquals(0, e.load(lavd));

        RunResult r = e.run(Duration.ofSeconds(2));

        assertTrue(r.exits().isEmpty(), "no exit: " + r.exits());
        assertEquals(Set.of(3), ranOn.get("pinned3"));
        assertEquals(Set.of(20), ranOn.get("pinned20"));
        Set<Integer> ecores = ranOn.get("ecores");
        assertTrue(ecores != null && !ecores.isEmpty());
        for (int cpu : ecores) {
            assertTrue(cpu >= 16 && cpu < 24, "ecores ran on CPU " + cpu);
        }
        assertTrue(r.task("pinned3").runtimeNs() > 100 * MS, "pinned3 made progress");
        assertTrue(r.task("pinned20").runtimeNs() > 100 * MS, "pinned20 made progress");
    }

    @Test
    void shortSleepersWakeFasterUnderLavdThanUnderSimpleOnAnOverloadedMachine() {
        long lavdP99 = sleeperP99(new LavdPolicy());
        long simpleP99 = sleeperP99(new SimplePolicy());
        System.out.printf("short-sleeper p99 wake latency: lavd %d us, simple %d us%n", lavdP99 / US,
                simpleP99 / US);
        assertTrue(lavdP99 * 2 < simpleP99,
                "lavd p99 " + lavdP99 / US + " us should be under half of simple's " + simpleP99 / US + " us");
    }

    /** p99 wake-up latency over all short sleepers, 48 hogs on 24 CPUs, 3 s. */
    static long sleeperP99(SchedOps policy) {
        List<TaskSpec> tasks = new ArrayList<>();
        tasks.addAll(Workload.copies(48, TaskSpec.of("hog", Step.run(1_000 * MS))));
        tasks.addAll(Workload.copies(8, TaskSpec.of("sleeper", Step.run(200 * US), Step.sleep(4 * MS))));
        Engine e = new Engine(TopologyPresets.get(HYBRID), config(42));
        e.addWorkload(new Workload("overload", tasks));
        assertEquals(0, e.load(policy));
        RunResult r = e.run(Duration.ofSeconds(3));
        assertTrue(r.exits().isEmpty(), policy.name() + " exits: " + r.exits());
        org.HdrHistogram.Histogram h = null;
        for (TaskResult t : r.tasks()) {
            if (t.comm().startsWith("sleeper")) {
                if (h == null) {
                    h = t.wakeLatency().copy();
                } else {
                    h.add(t.wakeLatency());
                }
            }
        }
        assertTrue(h != null && h.getTotalCount() > 100, "sleepers woke");
        return h.getValueAtPercentile(99);
    }
}
