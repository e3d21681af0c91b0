package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.atomic.*;
import org.junit.jupiter.api.Test;

/**
 * Port of select_cpu_dfl: without ops.select_cpu the default picks an idle CPU and dispatches locally, so
 * ops.enqueue never sees a test task whose CPU is idle ({@code saw_local == false}).
 */
class SelectCpuDflTest {
    @Test
    void enqueueNeverSeesATestTaskOnAnIdleCpu() {
        List<TaskSpec> kids = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            kids.add(child("select_cpu" + i, 200 * US, 300 * US, 4).startingAt(i * 50 * US));
        }
        Engine e = engine(FLAT_4, kids);
        AtomicBoolean sawLocal = new AtomicBoolean();
        AtomicInteger enqueues = new AtomicInteger();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "select_cpu_dfl"; }
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                enqueues.incrementAndGet();
                if (p.comm().startsWith("select_cpu") && scx.testAndClearCpuIdle(scx.taskCpu(p))) {
                    sawLocal.set(true);
                }
                scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
            }
        }));
        RunResult r = e.run(Duration.ofMillis(100));
        assertStillRunning(e, r);
        for (int i = 0; i < 64; i++) {
            assertEquals(800 * US, r.task("select_cpu" + i).runtimeNs());
        }
        assertFalse(sawLocal.get(), "saw_local");
        assertUnregOnUnload(e);
    }
}
