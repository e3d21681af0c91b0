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

/**
 * Port of dequeue: ops.dequeue custody semantics. Inserting into a local or the global DSQ from select_cpu never
 * gives the task to the policy (0 enqueue, 0 dequeue); from enqueue it ends custody at once (0 dequeue); a user DSQ
 * or a policy-side queue keeps custody, and every custody entry is matched by exactly one ops.dequeue.
 */
class DequeueTest {
    static final long USER_DSQ = 1;

    enum Scenario { SELECT_LOCAL, SELECT_GLOBAL, SELECT_USER, ENQ_LOCAL, ENQ_GLOBAL, ENQ_USER, QUEUE }

    static final class Counts {
        int enqueues, testEnqueues, dequeues, custody;
    }

    static Counts run(Scenario s) {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(child("t" + i, 200 * US, 200 * US, 30));
        }
        tasks.add(child("hog", 5 * MS, 1 * MS, 5));
        Engine e = engine(FLAT_4, tasks);
        Counts c = new Counts();
        ArrayDeque<Task> queue = new ArrayDeque<>();
        Set<Integer> held = new HashSet<>();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "dequeue"; }
            public long flags() { return OpsFlags.ENQ_LAST; }
            public int init(Scx scx) { return scx.createDsq(USER_DSQ, -1); }
            void take(Task p) {
                c.custody++;
                assertTrue(held.add(p.pid()), "custody entered twice by " + p.comm());
            }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                Scx scx = Scx.current();
                switch (s) {
                    case SELECT_LOCAL -> scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, 0);
                    case SELECT_GLOBAL -> scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, 0);
                    case SELECT_USER -> {
                        take(p);
                        scx.dsqInsert(p, USER_DSQ, Scx.SLICE_DFL, 0);
                    }
                    default -> {}
                }
                return prevCpu;
            }
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                c.enqueues++;
                if (p.comm().startsWith("t")) {
                    c.testEnqueues++;
                }
                switch (s) {
                    case ENQ_LOCAL -> scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, enqFlags);
                    case SELECT_LOCAL, SELECT_GLOBAL, ENQ_GLOBAL ->
                            scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
                    case SELECT_USER, ENQ_USER -> {
                        take(p);
                        scx.dsqInsert(p, USER_DSQ, Scx.SLICE_DFL, enqFlags);
                    }
                    case QUEUE -> {
                        take(p);
                        queue.add(p);
                    }
                }
            }
            public void dequeue(Task p, long deqFlags) {
                c.dequeues++;
                assertTrue(held.remove(p.pid()), "dequeue without custody for " + p.comm());
                queue.remove(p);
            }
            public void dispatch(int cpu, @Nullable Task prev) {
                Scx scx = Scx.current();
                if (s == Scenario.QUEUE) {
                    Task p = queue.peek();
                    if (p != null) {
                        scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, 0);
                    }
                } else {
                    scx.dsqMoveToLocal(USER_DSQ);
                }
            }
        }));
        RunResult r = e.run(Duration.ofMillis(200));
        assertStillRunning(e, r);
        for (int i = 0; i < 8; i++) {
            assertEquals(6 * MS, r.task("t" + i).runtimeNs(), s + ": t" + i + " finished");
        }
        assertUnregOnUnload(e);
        return c;
    }

    @Test
    void insertsToLocalOrGlobalFromSelectCpuNeverEnterCustody() {
        for (Scenario s : List.of(Scenario.SELECT_LOCAL, Scenario.SELECT_GLOBAL)) {
            Counts c = run(s);
            // the short test tasks never use up a slice, so every wakeup goes through select_cpu's insert;
            // only the hog (slice expiry, ENQ_LAST) reaches ops.enqueue
            assertEquals(0, c.testEnqueues, s + " enqueues of test tasks");
            assertEquals(0, c.dequeues, s + " dequeues");
            assertEquals(0, c.custody, s + " custody");
        }
    }

    @Test
    void insertsToLocalOrGlobalFromEnqueueEndCustodyWithoutDequeue() {
        for (Scenario s : List.of(Scenario.ENQ_LOCAL, Scenario.ENQ_GLOBAL)) {
            Counts c = run(s);
            assertTrue(c.enqueues > 0, s + " enqueues");
            assertEquals(0, c.dequeues, s + " dequeues");
        }
    }

    @Test
    void userDsqAndPolicyQueueCustodyIsMatchedOneToOneByDequeue() {
        for (Scenario s : List.of(Scenario.SELECT_USER, Scenario.ENQ_USER, Scenario.QUEUE)) {
            Counts c = run(s);
            assertTrue(c.custody > 0, s + " custody entries");
            assertEquals(c.custody, c.dequeues, s + ": every custody entry is matched by one dequeue");
        }
    }
}
