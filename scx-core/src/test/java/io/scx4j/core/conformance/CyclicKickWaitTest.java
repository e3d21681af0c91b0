package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.atomic.*;
import org.junit.jupiter.api.Test;

/**
 * Port of cyclic_kick_wait: CPUs 0, 1 and 2 form a ring A→B→C→A; every enqueue made on one of them WAIT-kicks the next,
 * so the three CPUs keep waiting for each other. Four {@code sched_yield()} workers are pinned to each CPU; kthreads
 * would go to the local DSQ with {@code SCX_SLICE_INF} and PREEMPT (the engine's workload has none). The watchdog is 1 s
 * as in the selftest. Pass condition: after 5 s the scheduler is still loaded (kind NONE) and every worker kept making
 * progress ("workers joinable"). The waiting itself is pinned by {@code internal.KickWaitTest}.
 */
class CyclicKickWaitTest {
    /** The selftest's {@code target_cpu()}: the next CPU of the ring, -1 for CPUs outside it. */
    static int target(int cpu) {
        return cpu < 3 ? (cpu + 1) % 3 : -1;
    }

    static List<TaskSpec> workers() {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int cpu = 0; cpu < 3; cpu++) {
            for (int i = 0; i < 4; i++) {
                tasks.add(TaskSpec.of("worker" + cpu + "." + i, Step.run(20 * US), new Step.Yield())
                        .withAffinity(CpuMask.of(cpu)));
            }
        }
        return tasks;
    }

    /** The selftest's scheduler; counts enqueues and WAIT kicks. */
    static SchedOps policy(AtomicLong waitKicks) {
        return new SchedOps() {
            public String name() { return "cyclic_kick_wait"; }
            public long timeoutMs() { return 1000; }
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                if (p.kthread()) {
                    scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_INF, enqFlags | EnqFlags.PREEMPT);
                    return;
                }
                scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
                int thisCpu = scx.taskCpu(p); // the CPU the engine runs ops.enqueue on
                int tgt = target(thisCpu);
                if (tgt < 0 || tgt == thisCpu) {
                    return;
                }
                waitKicks.incrementAndGet();
                scx.kickCpu(tgt, KickFlags.WAIT);
            }
        };
    }

    @Test
    void aRingOfWaitKicksRunsFiveSecondsWithEveryWorkerProgressing() {
        List<TaskSpec> tasks = workers();
        Engine e = engine(FLAT_4, tasks);
        AtomicLong waitKicks = new AtomicLong();
        assertEquals(0, e.load(policy(waitKicks)));
        RunResult r = e.run(Duration.ofSeconds(5));
        assertStillRunning(e, r);
        assertTrue(waitKicks.get() > 100_000, "WAIT kicks: " + waitKicks.get());
        // four workers share each CPU for 5 s: about 1.25 s each; every one must have had a fair part of it
        for (TaskSpec t : tasks) {
            long ran = r.task(t.comm()).runtimeNs();
            assertTrue(ran > 1_000 * MS && ran < 1_500 * MS, t.comm() + " ran " + ran / MS + " ms");
        }
    }
}
