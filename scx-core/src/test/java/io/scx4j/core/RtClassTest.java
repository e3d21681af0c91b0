package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.CpuAcquireArgs;
import io.scx4j.api.CpuPreemptReason;
import io.scx4j.api.CpuReleaseArgs;
import io.scx4j.api.Dsq;
import io.scx4j.api.SchedOps;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RT class: SCHED_FIFO/RR above fair and ext, cpu_release/cpu_acquire, round robin, bad input. */
class RtClassTest {
    static final long MS = 1_000_000L;
    static final CpuMask CPU0 = CpuMask.of(0);

    static TaskSpec rt(String comm, SchedPolicy policy, int prio, Step... program) {
        return TaskSpec.of(comm, program).toBuilder().policy(policy).rtPriority(prio).affinity(CPU0).build();
    }

    static Engine engine(TaskSpec... tasks) {
        Engine e = new Engine(TopologyPresets.get("flat-2"), EngineConfig.defaults());
        e.addWorkload(Workload.of("rt", tasks));
        e.afterEachStep(e::checkInvariants);
        return e;
    }

    @Test
    void aFifoTaskTakesTheCpuFromAnExtTaskAndThePolicyHearsCpuReleaseWithReasonRtThenCpuAcquire() {
        // FIFO runs 10 ms every 100 ms on CPU 0 next to a pinned ext hog: 10 preemptions in 1 s, the hog keeps 900 ms
        Engine e = engine(TaskSpec.of("hog", Step.run(10_000 * MS)).withAffinity(CPU0),
                rt("rt", SchedPolicy.FIFO, 10, Step.run(10 * MS), Step.sleep(90 * MS)));
        List<String> calls = new ArrayList<>();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "release"; }
            public void enqueue(Task p, long enqFlags) { Scx.current().dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags); }
            public void cpuRelease(int cpu, CpuReleaseArgs args) {
                calls.add("release cpu" + cpu + " " + args.reason() + " " + args.task().comm()
                        + " local=" + Scx.current().dsqNrQueued(Dsq.localOn(cpu)));
            }
            public void cpuAcquire(int cpu, CpuAcquireArgs args) { calls.add("acquire cpu" + cpu); }
        }));
        RunResult r = e.run(Duration.ofSeconds(1));
        assertEquals(100 * MS, r.task("rt").runtimeNs(), "10 x 10 ms");
        assertEquals(900 * MS, r.task("hog").runtimeNs(), "the rest of CPU 0");
        // releases at 100, 200, ..., 1000 ms (the run ends at 1 s inclusive), each acquire 10 ms later: 10 + 9
        assertEquals(19, calls.size(), calls::toString);
        for (int i = 0; i < 19; i += 2) {
            // the hog starts at 10 ms with 20 ms slices: at odd hundreds it has 10 ms left and waits at the head of
            // CPU 0's local DSQ when cpu_release runs; at even hundreds its slice ends just then and went to the policy
            int hundred = i / 2 + 1;
            int local = hundred % 2 == 1 ? 1 : 0;
            assertEquals("release cpu0 " + CpuPreemptReason.RT + " rt local=" + local, calls.get(i));
            if (i + 1 < 19) {
                assertEquals("acquire cpu0", calls.get(i + 1));
            }
        }
    }

    @Test
    void twoRoundRobinTasksOfOnePriorityAlternateEveryHundredMilliseconds() {
        Engine e = engine(rt("a", SchedPolicy.RR, 20, Step.run(10_000 * MS)),
                rt("b", SchedPolicy.RR, 20, Step.run(10_000 * MS)));
        RunResult r = e.run(Duration.ofSeconds(1));
        // 1 s = 10 quanta of 100 ms, alternating
        assertEquals(500 * MS, r.task("a").runtimeNs());
        assertEquals(500 * MS, r.task("b").runtimeNs());
        // idle -> a at 0, then one switch at every 100 ms boundary up to and including 1 s
        assertEquals(11, r.cpus().get(0).contextSwitches(), "one switch per quantum");
    }

    @Test
    void twoFifoTasksOfOnePriorityDoNotShareTheFirstRunsUntilItBlocks() {
        Engine e = engine(rt("a", SchedPolicy.FIFO, 20, Step.run(300 * MS), Step.sleep(10_000 * MS)),
                rt("b", SchedPolicy.FIFO, 20, Step.run(10_000 * MS)));
        RunResult r = e.run(Duration.ofSeconds(1));
        long a = r.task("a").runtimeNs();
        long b = r.task("b").runtimeNs();
        assertEquals(1_000 * MS, a + b);
        assertTrue(a == 300 * MS || a == 0, "a runs to its block or never starts: " + a);
    }

    @Test
    void aHigherRtPriorityPreemptsALowerOneAtOnce() {
        Engine e = engine(rt("low", SchedPolicy.FIFO, 10, Step.run(10_000 * MS)),
                rt("high", SchedPolicy.FIFO, 90, Step.sleep(100 * MS), Step.run(50 * MS), Step.sleep(10_000 * MS)));
        RunResult r = e.run(Duration.ofSeconds(1));
        assertEquals(50 * MS, r.task("high").runtimeNs());
        assertEquals(950 * MS, r.task("low").runtimeNs());
        assertEquals(0, r.task("high").wakeLatencyP99Ns(), "woken at 100 ms, running at 100 ms");
    }

    @Test
    void schedDeadlineAndAnRtTaskWithoutPriorityAreRejectedWithTheTaskNamed() {
        Engine e = new Engine(TopologyPresets.get("flat-2"), EngineConfig.defaults());
        var dl = assertThrows(IllegalArgumentException.class,
                () -> e.addTask(TaskSpec.of("dl", Step.run(MS)).withPolicy(SchedPolicy.DEADLINE)));
        assertTrue(dl.getMessage().contains("'dl'") && dl.getMessage().contains("SCHED_DEADLINE"), dl.getMessage());
        var fifo = assertThrows(IllegalArgumentException.class,
                () -> e.addTask(TaskSpec.of("f", Step.run(MS)).withPolicy(SchedPolicy.FIFO)));
        assertTrue(fifo.getMessage().contains("rtPriority in 1..99"), fifo.getMessage());
    }
}
