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

/** Port of select_cpu_dispatch_bad_dsq: select_cpu inserting into a non-existent DSQ ejects (kind ERROR). */
class SelectCpuDispatchBadDsqTest {
    @Test
    void insertIntoANonExistentDsqFromSelectCpuEjects() {
        Engine e = engine(FLAT_4, child("select_cpu", 100 * US, 100 * US, 50));
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "select_cpu_dispatch_bad_dsq"; }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                // "Dispatching to a random DSQ should fail."
                Scx.current().dsqInsert(p, 0xcafef00dL, Scx.SLICE_DFL, 0);
                return prevCpu;
            }
        }));
        ExitInfo x = assertEjected(e, e.run(Duration.ofMillis(50)));
        assertTrue(x.message().contains("select_cpu"), x.message());
    }
}
