package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.atomic.*;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Port of cyclic_kick_wait: three CPUs in a ring each SCX_KICK_WAIT-kick the next on every enqueue, with yielding
 * workers pinned to each CPU; the wait cycle must not deadlock: the run completes with kind NONE.
 */
class CyclicKickWaitTest {
    @Test
    void aRingOfWaitKicksDoesNotDeadlock() {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int cpu = 0; cpu < 3; cpu++) {
            for (int i = 0; i < 4; i++) {
                tasks.add(TaskSpec.of("worker" + cpu + "." + i, Step.run(30 * US), Step.sleep(5 * US))
                        .withAffinity(CpuMask.of(cpu)));
            }
        }
        Engine e = engine(FLAT_4, tasks);
        AtomicInteger kicks = new AtomicInteger();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "cyclic_kick_wait"; }
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                int cpu = scx.taskCpu(p);
                scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
                if (cpu < 3) {
                    scx.kickCpu((cpu + 1) % 3, KickFlags.WAIT);
                    kicks.incrementAndGet();
                }
            }
        }));
        RunResult r = e.run(Duration.ofMillis(100));
        assertStillRunning(e, r);
        assertTrue(kicks.get() > 1000, "kicks: " + kicks.get());
        for (TaskSpec t : tasks) {
            assertTrue(r.task(t.comm()).runtimeNs() > 5 * MS, t.comm() + " kept running (workers joinable)");
        }
    }
}
