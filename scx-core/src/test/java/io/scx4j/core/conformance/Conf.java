package io.scx4j.core.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.ExitInfo;
import io.scx4j.api.ExitKind;
import io.scx4j.core.Engine;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.MachineModel;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.util.List;

/** Shared helpers for the ports of the kernel's sched_ext selftests. */
final class Conf {
    static final long US = 1_000L;
    static final long MS = 1_000_000L;
    static final Topology FLAT_4 = TopologyPresets.get("flat-4");

    private Conf() {}

    /**
     * An engine with invariants checked after every step, on a nominal machine ({@link MachineModel#ideal()}): these
     * tests pin sched_ext semantics with exact run times, not the machine's speed.
     */
    static Engine engine(Topology t, List<TaskSpec> tasks) {
        Engine e = new Engine(t, EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addWorkload(Workload.of("selftest", tasks.toArray(TaskSpec[]::new)));
        e.afterEachStep(e::checkInvariants);
        return e;
    }

    static Engine engine(Topology t, TaskSpec... tasks) {
        return engine(t, List.of(tasks));
    }

    /** A short-lived child: {@code loops} times run then sleep, then it exits. */
    static TaskSpec child(String comm, long runNs, long sleepNs, int loops) {
        return TaskSpec.of(comm, Step.run(runNs), Step.sleep(sleepNs)).repeating(loops);
    }

    /** A waker that runs briefly and sleeps briefly for ever. */
    static TaskSpec waker(String comm) {
        return TaskSpec.of(comm, Step.run(200 * US), Step.sleep(300 * US));
    }

    static TaskSpec hog(String comm) {
        return TaskSpec.of(comm, Step.run(10_000 * MS));
    }

    /** The selftest's "kind NONE": the policy is still loaded and nothing has exited. */
    static void assertStillRunning(Engine e, RunResult r) {
        assertTrue(r.exits().isEmpty(), () -> "expected EXIT_KIND(NONE), got " + r.exits());
        assertTrue(e.policyLoaded(), "policy still loaded");
    }

    /** Unload and expect the selftest's "kind UNREG": healthy until detached. */
    static void assertUnregOnUnload(Engine e) {
        assertTrue(e.exits().isEmpty(), () -> "ejected before the unload: " + e.exits());
        e.unload();
        ExitInfo x = e.lastExit().orElseThrow();
        assertEquals(ExitKind.UNREG, x.kind(), x::summary);
    }

    /** The selftest's "kind ERROR": the kernel ejected the policy. */
    static ExitInfo assertEjected(Engine e, RunResult r) {
        ExitInfo x = r.ejection().orElseThrow(() -> new AssertionError("expected an ejection, exits " + r.exits()));
        assertEquals(ExitKind.ERROR, x.kind(), x::summary);
        assertTrue(!e.policyLoaded(), "policy was ejected");
        return x;
    }
}
