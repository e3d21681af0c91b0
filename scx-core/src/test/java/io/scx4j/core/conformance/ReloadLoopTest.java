package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.atomic.*;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Port of reload_loop: attach and detach the maximal scheduler many times; nothing crashes or hangs, no task lost. */
class ReloadLoopTest {
    @Test
    void loadAndUnloadManyTimes() {
        Engine e = engine(FLAT_4, waker("a"), waker("b"), hog("h1"), hog("h2"), hog("h3"), hog("h4"),
                child("c", 100 * US, 100 * US, 10));
        for (int i = 0; i < 200; i++) {
            assertEquals(0, e.load(new MaximalTest.Maximal()), "load " + i);
            e.runUntil(e.now() + 300 * US + (i % 7) * 50 * US);
            e.unload();
            assertFalse(e.policyLoaded());
            e.runUntil(e.now() + (i % 3) * 100 * US);
        }
        RunResult r = e.result();
        assertEquals(200, r.exits().size());
        assertTrue(r.exits().stream().allMatch(x -> x.kind() == ExitKind.UNREG), () -> r.exits().toString());
        assertEquals(4 * e.now(), r.totalRuntimeNs(), MS, "hogs kept every CPU busy through every reload");
        assertEquals(1 * MS, r.task("c").runtimeNs(), "the short-lived child finished");
    }
}
