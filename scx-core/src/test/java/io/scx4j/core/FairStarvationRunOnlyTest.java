package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.SchedPolicy;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Found by {@link EngineInvariantPropertiesTest}'s richer programs (shrunk, then their mutexes, yields and timers
 * replaced by 1 ns runs: the starvation stays, and is the same on main without the program interpreter): after the
 * random policy is ejected at 0-100 ms, t2 (nice 7, long runs, never sleeps) gets no CPU at all in the next 500 ms
 * on four CPUs shared by nine tasks. Cause: the balancer evened out task counts, not weights, and left t2 (weight
 * 215) on the CPU of t7 (nice -20, weight 88761), where EEVDF gives it its first turn only after about a second.
 * Fixed by balancing busy CPUs by weight.
 */
class FairStarvationRunOnlyTest {
    static final long MS = 1_000_000L;

    static TaskSpec t(String comm, int nice, CpuMask mask, Step... steps) {
        return new TaskSpec(comm, 0, SchedPolicy.NORMAL, nice, mask, 0, List.of(steps), -1);
    }

    static Step r(long ns) {
        return Step.run(ns);
    }


    @Test
    void aNice7HogRunsInTheHalfSecondAfterAnEjection() {
        List<TaskSpec> tasks = List.of(
                t("t0", 0, CpuMask.of(0), r(50_000)),
                t("t1", 12, null, r(1), r(57_768), r(1)),
                t("t2", 7, null, r(19_999_999), r(50_000), r(20_000_000)),
                t("t3", 14, CpuMask.of(0, 1, 3), r(19_999_999)), // 0-1,3-5,11 cut to flat-4
                t("t4", -5, null, r(1), r(20_000_000), r(1), r(1), r(50_001), r(1), r(81_578)),
                t("t5", 2, CpuMask.of(2, 3), r(50_877), r(1), r(20_000_000), Step.sleep(9_999_999)),
                t("t6", 13, null, r(1), r(50_017), r(1), r(57_341), r(20_000_000)),
                t("t7", -20, null, r(50_001), r(14_502_996), r(1), r(20_000_000), r(1)),
                t("t8", 8, null, r(50_308), Step.sleep(39_652), r(70_205), r(1)));
        long seed = -3283;
        Topology topology = TopologyPresets.get("flat-4");
        Engine engine = new Engine(topology, EngineConfig.defaults().withSeed(seed));
        tasks.forEach(engine::addTask);
        engine.load(new EngineInvariantPropertiesTest.RandomPolicy(seed, 1 + new Random(seed).nextInt(tasks.size())));
        engine.runUntil(100 * MS);
        long before = engine.result().task("t2").runtimeNs();
        engine.runUntil(600 * MS);
        long ran = engine.result().task("t2").runtimeNs() - before;
        assertTrue(ran > 10 * MS, "t2 ran " + ran / MS + " ms in 500 ms");
    }
}
