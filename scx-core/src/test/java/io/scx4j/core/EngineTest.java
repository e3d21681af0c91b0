package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.Dsq;
import io.scx4j.api.ExitInfo;
import io.scx4j.api.ExitKind;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineTest {
    static final long MS = 1_000_000L;
    static final Topology TWO_CPUS = TopologyPresets.get("flat-2");

    static Engine engine(Topology t, TaskSpec... tasks) {
        Engine e = new Engine(t, EngineConfig.defaults());
        e.addWorkload(Workload.of("test", tasks));
        e.afterEachStep(e::checkInvariants);
        return e;
    }

    static TaskSpec hog(String comm) {
        return TaskSpec.of(comm, Step.run(1_000 * MS));
    }

    static TaskSpec sleeper(String comm) {
        return TaskSpec.of(comm, Step.run(1 * MS), Step.sleep(4 * MS));
    }

    @Test
    void withoutAPolicyTheFairClassSharesTwoCpusEvenlyAmongFourHogs() {
        Engine e = engine(TWO_CPUS, hog("a"), hog("b"), hog("c"), hog("d"));
        RunResult r = e.run(Duration.ofSeconds(1));
        for (TaskResult t : r.tasks()) {
            assertEquals(500 * MS, t.runtimeNs(), 25 * MS, t.comm() + " got its half CPU");
        }
        assertEquals(2_000 * MS, r.totalRuntimeNs(), 1 * MS, "no CPU time is lost");
    }

    @Test
    void aMinimalPolicyRunsEveryTaskThroughTheGlobalDsq() {
        Engine e = engine(TWO_CPUS, hog("a"), hog("b"), hog("c"), sleeper("s"));
        assertEquals(0, e.load(() -> "minimal"));
        RunResult r = e.run(Duration.ofSeconds(1));
        assertTrue(r.exits().isEmpty(), "no exit: " + r.exits());
        assertTrue(e.policyLoaded());
        for (TaskResult t : r.tasks()) {
            // a 1 ms-run/4 ms-sleep task behind 20 ms FIFO slices gets about one run per 20 ms
            assertTrue(t.runtimeNs() > 30 * MS, t.comm() + " ran " + t.runtimeNs());
        }
        assertEquals(2_000 * MS, r.totalRuntimeNs(), 1 * MS);
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        RunResult a = engine(TopologyPresets.get("smt-desktop-8c16t"), Workload.copies(20, sleeper("s"))
                .toArray(TaskSpec[]::new)).run(Duration.ofMillis(300));
        RunResult b = engine(TopologyPresets.get("smt-desktop-8c16t"), Workload.copies(20, sleeper("s"))
                .toArray(TaskSpec[]::new)).run(Duration.ofMillis(300));
        assertEquals(a, b);
    }

    @Test
    void aDirectDispatchToANonExistentDsqEjectsThePolicyAndTasksRunUnderFair() {
        Engine e = engine(TWO_CPUS, sleeper("a"), sleeper("b"), hog("c"));
        e.load(new SchedOps() {
            @Override
            public String name() {
                return "bogus";
            }

            @Override
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                Scx.current().dsqInsert(p, 0xcafef00dL, Scx.SLICE_DFL, 0);
                return prevCpu;
            }
        });
        RunResult r = e.run(Duration.ofMillis(200));
        ExitInfo exit = r.ejection().orElseThrow();
        assertEquals(ExitKind.ERROR, exit.kind());
        assertTrue(exit.message().contains("non-existent DSQ 0xcafef00d"), exit.message());
        assertTrue(exit.message().contains("ops.select_cpu()"), exit.message());
        assertFalse(e.policyLoaded());
        assertTrue(r.task("c").runtimeNs() > 150 * MS, "the hog kept running under fair");
        assertTrue(r.task("a").wakeups() > 10, "the sleepers kept waking under fair");
    }

    @Test
    void anExceptionInACallbackEjectsWithTheCallbackAndTheException() {
        Engine e = engine(TWO_CPUS, hog("a"), hog("b"), hog("c"));
        e.load(new SchedOps() {
            @Override
            public String name() {
                return "thrower";
            }

            @Override
            public void enqueue(Task p, long enqFlags) {
                throw new IllegalStateException("boom");
            }
        });
        RunResult r = e.run(Duration.ofMillis(50));
        ExitInfo exit = r.ejection().orElseThrow();
        assertTrue(exit.message().contains("ops.enqueue() threw java.lang.IllegalStateException: boom"), exit.message());
        assertTrue(exit.dump().contains("Exit: runtime error"), exit.dump());
    }

    @Test
    void aCallbackLoopingPastItsBudgetIsEjectedAndTheRunContinues() {
        Engine e = new Engine(TWO_CPUS, EngineConfig.defaults().withCallbackBudget(Duration.ofMillis(20)));
        e.addWorkload(Workload.of("w", sleeper("a"), hog("b")));
        e.load(new SchedOps() {
            @Override
            public String name() {
                return "runaway";
            }

            @Override
            public void dispatch(int cpu, Task prev) {
                while (Scx.current().dsqNrQueued(Dsq.LOCAL) >= 0) {
                    Thread.onSpinWait();
                }
            }
        });
        RunResult r = e.run(Duration.ofMillis(100));
        ExitInfo exit = r.ejection().orElseThrow();
        assertTrue(exit.message().contains("ops.dispatch() ran for"), exit.message());
        assertTrue(exit.message().contains("over its budget of 20 ms"), exit.message());
        assertTrue(r.task("b").runtimeNs() > 50 * MS);
    }

    @Test
    void aTaskThePolicyNeverDispatchesTripsTheWatchdog() {
        Engine e = engine(TWO_CPUS, sleeper("lost"));
        e.load(new SchedOps() {
            @Override
            public String name() {
                return "blackhole";
            }

            @Override
            public long timeoutMs() {
                return 1000;
            }

            @Override
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                return prevCpu;
            }

            @Override
            public void enqueue(Task p, long enqFlags) {}
        });
        RunResult r = e.run(Duration.ofSeconds(3));
        ExitInfo exit = r.ejection().orElseThrow();
        assertEquals(ExitKind.ERROR_STALL, exit.kind());
        assertTrue(exit.message().matches("lost-?\\d*\\[\\d+\\] failed to run for 1\\.\\d{3}s"), exit.message());
        assertTrue(r.task("lost").runtimeNs() > 100 * MS, "after the ejection the task runs under fair");
    }

    @Test
    void switchingPoliciesAtRunTimeLosesNoTask() {
        Engine e = engine(TWO_CPUS, hog("a"), sleeper("b"), sleeper("c"), hog("d"));
        e.load(() -> "first");
        e.runUntil(100 * MS);
        e.unload();
        e.runUntil(200 * MS);
        e.load(() -> "second");
        RunResult r = e.run(Duration.ofMillis(100));
        assertEquals(ExitKind.UNREG, r.exits().get(0).kind());
        assertEquals(600 * MS, r.totalRuntimeNs(), 1 * MS, "both CPUs stayed busy through both switches");
    }

    @Test
    void aTopologyWithoutOnlineCpusIsRefusedWithAClearMessage() {
        // the topology builder itself refuses it; the engine's own check is the second line
        var ex = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> Topology.builder().name("none").build());
        assertTrue(ex.getMessage().toLowerCase().contains("cpu"), ex.getMessage());
    }
}
