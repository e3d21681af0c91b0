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

/** Port of minimal: a policy with only a name attaches and runs on the default paths. */
class MinimalTest {
    @Test
    void aNameOnlyPolicyAttachesAndRuns() {
        Engine e = engine(FLAT_4, waker("a"), waker("b"), hog("h1"), hog("h2"), hog("h3"), hog("h4"));
        SchedOps minimal = () -> "minimal";
        assertTrue(minimal.implementedOps().isEmpty(), "no callback overridden");
        assertEquals(0, e.load(minimal));
        RunResult r = e.run(Duration.ofMillis(200));
        assertStillRunning(e, r);
        assertEquals(800 * MS, r.totalRuntimeNs(), MS, "no CPU time lost");
        assertUnregOnUnload(e);
    }
}
