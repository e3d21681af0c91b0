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
 * Port of create_dsq: 1024 DSQs created and destroyed in ops.init, one DSQ per task (id = pid) created in init_task
 * and destroyed in exit_task; the scheduler attaches and stays healthy while tasks fork and exit.
 */
class CreateDsqTest {
    @Test
    void createAndDestroyDsqsInInitAndPerTask() {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(waker("w" + i));
            tasks.add(child("c" + i, 100 * US, 100 * US, 3).startingAt(10 * MS + i * MS));
        }
        Engine e = engine(FLAT_4, tasks);
        e.runUntil(2 * MS);
        AtomicInteger created = new AtomicInteger(), destroyed = new AtomicInteger();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "create_dsq"; }
            public int init(Scx scx) {
                for (int i = 0; i < 1024; i++) {
                    int ret = scx.createDsq(i + 100_000, -1);
                    if (ret != 0) {
                        scx.error("failed to create DSQ %d: %d", i, ret);
                        return ret;
                    }
                }
                for (int i = 0; i < 1024; i++) {
                    scx.destroyDsq(i + 100_000);
                }
                return 0;
            }
            public int initTask(Task p, InitTaskArgs args) {
                int ret = Scx.current().createDsq(p.pid(), -1);
                if (ret == 0) {
                    created.incrementAndGet();
                }
                return ret;
            }
            public void exitTask(Task p, ExitTaskArgs args) {
                Scx.current().destroyDsq(p.pid());
                destroyed.incrementAndGet();
            }
        }));
        RunResult r = e.run(Duration.ofMillis(50));
        assertStillRunning(e, r);
        assertEquals(16, created.get());
        assertEquals(8, destroyed.get(), "the exited children destroyed their DSQs");
        assertUnregOnUnload(e);
        assertEquals(16, destroyed.get());
    }
}
