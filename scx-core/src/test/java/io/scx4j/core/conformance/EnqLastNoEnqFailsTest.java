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

/** Port of enq_last_no_enq_fails: SCX_OPS_ENQ_LAST without ops.enqueue attaches but is ejected at once. */
class EnqLastNoEnqFailsTest {
    @Test
    void enqLastWithoutEnqueueIsEjectedAtLoad() {
        Engine e = engine(FLAT_4, waker("a"));
        int ret = e.load(new SchedOps() {
            public String name() { return "enq_last_no_enq_fails"; }
            public long flags() { return OpsFlags.ENQ_LAST; }
        });
        assertEquals(0, ret, "current kernels return a link");
        ExitInfo x = e.lastExit().orElseThrow(() -> new AssertionError("exit kind already set at attach"));
        assertEquals(ExitKind.ERROR, x.kind(), x::summary);
        assertFalse(e.policyLoaded());
        RunResult r = e.run(Duration.ofMillis(20));
        assertTrue(r.task("a").runtimeNs() > 0, "the task runs under fair");
    }
}
