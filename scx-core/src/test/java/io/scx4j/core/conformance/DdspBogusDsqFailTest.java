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

/** Port of ddsp_bogus_dsq_fail: a direct dispatch from select_cpu to a non-existent DSQ ejects (kind ERROR). */
class DdspBogusDsqFailTest {
    @Test
    void directDispatchToABogusDsqEjects() {
        Engine e = engine(FLAT_4, waker("a"), waker("b"));
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "ddsp_bogus_dsq_fail"; }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                Scx scx = Scx.current();
                int cpu = scx.pickIdleCpu(p.cpusAllowed(), 0);
                if (cpu >= 0) {
                    scx.dsqInsert(p, 0xcafef00dL, Scx.SLICE_DFL, 0);
                    return cpu;
                }
                return prevCpu;
            }
        }));
        RunResult r = e.run(Duration.ofMillis(100));
        ExitInfo x = assertEjected(e, r);
        assertTrue(x.message().contains("0xcafef00d"), x.message());
    }
}
