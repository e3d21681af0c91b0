package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.SchedPolicy;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import org.junit.jupiter.api.Test;

/** The deadline server: 50 ms per 1 s for the lower classes under RT load, deferred to the zero-laxity point. */
class DlServerTest {
    static final long MS = 1_000_000L;
    static final CpuMask CPU0 = CpuMask.of(0);

    static Engine engine(boolean ext, TaskSpec rt) {
        Engine e = new Engine(TopologyPresets.get("flat-2"), EngineConfig.defaults());
        e.addWorkload(Workload.of("dl", TaskSpec.of("busy", Step.run(100_000 * MS)).withAffinity(CPU0), rt));
        e.afterEachStep(e::checkInvariants);
        if (ext) {
            assertEquals(0, e.load(() -> "minimal"));
        }
        return e;
    }

    @Test
    void timeTheLowerClassesGetAnywayCountsAgainstTheServersRuntime() {
        // FIFO runs 100 ms, sleeps 30 ms (the busy task runs then, charged to the server: 20 ms left), then hogs.
        // The zero-laxity point moves from 950 to 1000 - 20 = 980 ms; the server serves 980..1000 ms: 50 ms in all.
        for (boolean ext : new boolean[] {false, true}) {
            TaskSpec rt = TaskSpec.of("rt", Step.run(100 * MS), Step.sleep(30 * MS), Step.run(100_000 * MS))
                    .toBuilder().policy(SchedPolicy.FIFO).rtPriority(1).affinity(CPU0).repeat(1).build();
            Engine e = engine(ext, rt);
            e.runUntil(979 * MS);
            assertEquals(30 * MS, e.result().task("busy").runtimeNs(), "only the 30 ms of the FIFO task's sleep");
            e.runUntil(1_000 * MS);
            assertEquals(50 * MS, e.result().task("busy").runtimeNs(), "20 ms served from 980 ms");
            e.runUntil(2_000 * MS);
            assertEquals(100 * MS, e.result().task("busy").runtimeNs(), "the next period: 1950..2000 ms");
        }
    }

    @Test
    void withoutRtLoadTheServerNeverStepsIn() {
        // a FIFO task using 10 % of CPU 0 leaves the busy task 90 %, far more than the server's 5 %: nothing changes
        TaskSpec rt = TaskSpec.of("rt", Step.run(10 * MS), Step.sleep(90 * MS)).toBuilder()
                .policy(SchedPolicy.FIFO).rtPriority(1).affinity(CPU0).build();
        Engine e = engine(true, rt);
        RunResult r = e.run(java.time.Duration.ofSeconds(2));
        assertEquals(200 * MS, r.task("rt").runtimeNs(), "20 bursts of 10 ms, never delayed by the server");
        assertEquals(1_800 * MS, r.task("busy").runtimeNs());
    }
}
