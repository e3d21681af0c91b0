package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.atomic.*;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Port of consume_immed (v7.1 branch): the test's threads go to a user DSQ; ops.dispatch on CPU 0 consumes it with
 * {@code scx_bpf_dsq_move_to_local___v2(USER_DSQ, SCX_ENQ_IMMED)} ({@link Scx#dsqMoveToLocal(long, long)}); a worker
 * handed back goes to the user DSQ again. Pass condition: some enqueue sees {@code SCX_ENQ_REENQ} with reason
 * {@code SCX_TASK_REENQ_IMMED}, and kind UNREG. SKIP without the v2 kfunc or on one CPU.
 *
 * <p>In the kernel the slow path is taken when CPU 0's local DSQ already holds a task as the IMMED move lands
 * ({@code dsq->nr > 1}). ops.dispatch only runs with an empty local DSQ, so that other task arrives while
 * {@code consume_dispatch_q()} has dropped CPU 0's rq lock to pull a worker from another CPU's rq (a wake-up placed on
 * idle CPU 0 by the default select_cpu, for instance). The engine has no such window: a CPU's pick path runs whole at
 * one instant. The first test runs the selftest verbatim and asserts what the engine can: the policy detaches cleanly
 * and the workers progress (the engine takes no IMMED slow path here). The second puts a task on CPU 0's local DSQ
 * ahead of the move explicitly, from the same ops.dispatch, and asserts the selftest's pass condition on the consume
 * path with hand-derived times.
 */
class ConsumeImmedTest {
    static final long USER_DSQ = 0;
    static final Topology FLAT_2 = TopologyPresets.get("flat-2");

    /** The selftest's scheduler; {@code first}, if not null, is inserted into the local DSQ before the move. */
    static SchedOps policy(AtomicLong immedReenqs, List<String> log, @Nullable String first) {
        return new SchedOps() {
            public String name() { return "consume_immed"; }
            public int init(Scx scx) { return scx.createDsq(USER_DSQ, -1); }
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                if ((enqFlags & EnqFlags.REENQ) != 0
                        && (p.scxFlags() & TaskFlags.REENQ_REASON_MASK) == TaskFlags.REENQ_IMMED) {
                    immedReenqs.incrementAndGet();
                    log.add(scx.now() / MS + "ms reenq " + p.comm());
                }
                if (p.comm().startsWith("worker") || p.comm().equals(first)) {
                    scx.dsqInsert(p, USER_DSQ, Scx.SLICE_DFL, enqFlags);
                } else {
                    scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
                }
            }
            public void dispatch(int cpu, @Nullable Task prev) {
                // the selftest moves from SCX_DSQ_GLOBAL on the other CPUs; the engine consumes it before dispatch
                if (cpu != 0) {
                    return;
                }
                Scx scx = Scx.current();
                if (first != null) {
                    for (DsqIterator it = scx.dsqIter(USER_DSQ, 0); it.hasNext(); ) {
                        Task t = it.next();
                        if (t.comm().equals(first)) {
                            scx.dsqMove(it, t, Dsq.LOCAL, 0);
                        }
                    }
                }
                scx.dsqMoveToLocal(USER_DSQ, EnqFlags.IMMED);
            }
            public void running(Task p) {
                Scx scx = Scx.current();
                log.add(scx.now() / MS + "ms running " + p.comm() + "@" + scx.taskCpu(p));
            }
        };
    }

    @Test
    void theSelftestRunsThreeSecondsWithWorkersProgressingAndDetachesCleanly() {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(TaskSpec.of("worker" + i, Step.run(100 * US), Step.sleep(100 * US)));
        }
        Engine e = engine(FLAT_2, tasks);
        AtomicLong reenqs = new AtomicLong();
        assertEquals(0, e.load(policy(reenqs, new ArrayList<>(), null)));
        RunResult r = e.run(Duration.ofSeconds(3));
        assertStillRunning(e, r);
        for (TaskSpec t : tasks) {
            assertTrue(r.task(t.comm()).runtimeNs() > 100 * MS, t.comm() + " kept running");
        }
        assertEquals(reenqs.get(), r.events().reenqImmed());
        assertUnregOnUnload(e);
    }

    @Test
    void anImmedMoveToLocalBehindATaskAlreadyQueuedIsHandedBackWithReasonImmed() {
        // CPU 0 only: "kworker" and "worker" both wait in the user DSQ; at 1 ms CPU 0 dispatches: it moves kworker
        // to its local DSQ without IMMED, then move_to_local(USER_DSQ, IMMED) brings worker behind it (nr == 2).
        // CPU 0 picks kworker; the deferred re-enqueue hands worker back (reason IMMED), the policy puts it in the
        // user DSQ, and CPU 0 runs it when kworker's 2 ms are done, at 3 ms.
        List<String> log = new ArrayList<>();
        Engine e = engine(FLAT_2,
                TaskSpec.of("kworker", Step.run(2 * MS)).repeating(1).withAffinity(CpuMask.of(0)).toBuilder()
                        .startNs(MS).build(),
                TaskSpec.of("worker", Step.run(MS)).repeating(1).withAffinity(CpuMask.of(0)).toBuilder()
                        .startNs(MS).build());
        AtomicLong reenqs = new AtomicLong();
        assertEquals(0, e.load(policy(reenqs, log, "kworker")));
        RunResult r = e.run(Duration.ofMillis(10));
        assertEquals(List.of("1ms running kworker@0", "1ms reenq worker", "3ms running worker@0"), log);
        assertEquals(1, reenqs.get(), "SCX_GT(reenq, 0)");
        assertEquals(1, r.events().reenqImmed());
        assertUnregOnUnload(e);
    }
}
