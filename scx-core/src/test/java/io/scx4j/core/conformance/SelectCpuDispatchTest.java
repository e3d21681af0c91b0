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

/** Port of select_cpu_dispatch: direct dispatch to LOCAL (idle CPU) or GLOBAL from select_cpu; children exit. */
class SelectCpuDispatchTest {
    @Test
    void childrenRunToCompletionUnderDirectDispatch() {
        List<TaskSpec> kids = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            kids.add(child("select_cpu" + i, 200 * US, 100 * US, 4).startingAt(i * 50 * US));
        }
        Engine e = engine(FLAT_4, kids);
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "select_cpu_dispatch"; }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                Scx scx = Scx.current();
                long dsq = Dsq.LOCAL;
                int cpu = prevCpu;
                if (!scx.testAndClearCpuIdle(prevCpu)) {
                    cpu = scx.pickIdleCpu(p.cpusAllowed(), 0);
                    if (cpu < 0) {
                        dsq = Dsq.GLOBAL;
                        cpu = prevCpu;
                    }
                }
                scx.dsqInsert(p, dsq, Scx.SLICE_DFL, 0);
                return cpu;
            }
        }));
        RunResult r = e.run(Duration.ofMillis(100));
        assertStillRunning(e, r);
        for (int i = 0; i < 64; i++) {
            assertEquals(800 * US, r.task("select_cpu" + i).runtimeNs(), "child " + i + " ran all its work and exited");
        }
        assertUnregOnUnload(e);
    }
}
