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

/** Port of select_cpu_dispatch_dbl_dsp: two inserts of the same task in one select_cpu eject (kind ERROR). */
class SelectCpuDispatchDblDspTest {
    @Test
    void doubleInsertFromSelectCpuEjects() {
        Engine e = engine(FLAT_4, child("select_cpu", 100 * US, 100 * US, 50));
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "select_cpu_dispatch_dbl_dsp"; }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                Scx.current().dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, 0);
                Scx.current().dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, 0);
                return prevCpu;
            }
        }));
        assertEjected(e, e.run(Duration.ofMillis(50)));
    }
}
