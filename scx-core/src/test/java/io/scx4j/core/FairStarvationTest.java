package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.SchedOps;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Task;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Found by {@link EngineInvariantPropertiesTest}: a nice-0 task that runs 50 us and sleeps 10 us, sharing four CPUs
 * with a pinned nice-10 task, a nice -12 task pinned to two CPUs and others, did not run for over a second under
 * the fair class although EEVDF runs it within a few ms. Cause: a task woken or migrated onto a run queue kept the
 * vruntime of its old queue (no placement), so it could sit far to the right of the new queue's average. The fair
 * class now places every waking or migrating task at the queue's zero-lag point ({@code place_entity()} in
 * kernel/sched/fair.c, without lag preservation). The symptom showed both under fair from the start and after an
 * ejection moved every task to fair at fork time. {@code FairClassTest} pins the placement rule itself; this
 * scenario keeps the symptom from coming back by another road.
 */
class FairStarvationTest {
    static final long MS = 1_000_000L;

    static TaskSpec t(String comm, int nice, CpuMask mask, Step... steps) {
        return new TaskSpec(comm, 0, SchedPolicy.NORMAL, nice, mask, 0, List.of(steps), -1);
    }

    static final List<TaskSpec> TASKS = List.of(
            t("t0", 0, null, Step.run(50_000), Step.sleep(10_000)),
            t("t1", 0, null, Step.run(50_000)),
            t("t2", 10, CpuMask.of(2), Step.run(802_863), Step.run(50_008), Step.sleep(10_000),
                    Step.run(282_279), Step.sleep(10_320)),
            t("t3", -12, CpuMask.of(1, 3), Step.run(50_013), Step.run(12_410_326)),
            t("t4", 16, null, Step.run(20_000_000), Step.run(52_489), Step.run(50_375), Step.sleep(85_968)),
            t("t5", 4, null, Step.run(50_001), Step.run(71_292)));

    /** Ejected by its {@code k}-th select_cpu (an invalid CPU), so every task lands in the fair class early. */
    static SchedOps ejectingOnSelectCpu(int k) {
        return new SchedOps() {
            int calls;

            @Override
            public String name() {
                return "eject_at_" + k;
            }

            @Override
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                return ++calls == k ? 4096 : prevCpu;
            }
        };
    }

    @ParameterizedTest(name = "ejected at select_cpu #{0} (0 = fair from the start)")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void aNiceZeroSleeperIsNeverStarvedUnderTheFairClass(int k) {
        Engine e = EngineInvariantPropertiesTest.engine(TopologyPresets.get("flat-4"), TASKS, 20400896972454L);
        if (k > 0) {
            assertEquals(0, e.load(ejectingOnSelectCpu(k)), () -> "load: " + e.exits());
        }
        e.runUntil(600 * MS);
        TaskResult t0 = e.result().task("t0");
        if (k > 0) {
            assertTrue(e.result().ejection().isPresent(), "the policy was ejected: " + e.result().exits() + " " + e.result().task("t0"));
        }
        assertTrue(t0.wakeLatencyMaxNs() < 50 * MS, "t0 waited " + t0.wakeLatencyMaxNs() / MS + " ms: " + t0);
        // six tasks on four CPUs with weights 1024 (t0, t1), 110, 1024*~9.3, 36, 423: t0 is due well over 10 %
        assertTrue(t0.runtimeNs() > 60 * MS, "t0 ran only " + t0.runtimeNs() / MS + " ms of 600");
    }
}
