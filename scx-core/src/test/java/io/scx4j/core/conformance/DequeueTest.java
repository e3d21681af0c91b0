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
        int enqueues, testEnqueues, dequeues, custody, changeDequeues, dispatchDequeues, hammered;
    }

    /** The selftest's per-task state machine (dequeue.bpf.c {@code enum task_state}). */
    enum TaskState { NONE, ENQUEUED, DISPATCHED }

    static final int WORKERS = 8;
    static final int WORKER_LOOPS = 100;
    static final long WORKER_RUN = 50 * US;
    static final long HAMMER_NS = 50 * MS;
    static final long HAMMER_STEP_NS = 10 * US;

    static Counts run(Scenario s) {
        return run(s, false);
    }

    /**
     * One scenario. Without the hammer: 8 short children and a hog. With it, as dequeue.c: 8 workers that run and
     * sleep {@code 1000 + id*100} µs, {@value #WORKER_LOOPS} times, while an "affinity hammer" pins worker
     * {@code i % 8} to CPU {@code (i / 8) % 4} every {@value #HAMMER_STEP_NS} ns for the first 50 ms
     * ({@code sched_setaffinity} from outside: a task caught in the policy's custody gets
     * {@code ops.dequeue(SCX_DEQ_SCHED_CHANGE)}).
     */
    static Counts run(Scenario s, boolean hammer) {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            tasks.add(hammer
                    ? child("t" + i, WORKER_RUN, (1000 + i * 100) * US, WORKER_LOOPS)
                    : child("t" + i, 200 * US, 200 * US, 30));
        }
        tasks.add(child("hog", 5 * MS, 1 * MS, 5));
        Engine e = engine(FLAT_4, tasks);
        Counts c = new Counts();
        ArrayDeque<Task> queue = new ArrayDeque<>();
        Set<Integer> held = new HashSet<>();
        Map<Integer, TaskState> state = new HashMap<>();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "dequeue"; }
            public long flags() { return OpsFlags.ENQ_LAST; }
            public int init(Scx scx) { return scx.createDsq(USER_DSQ, -1); }
            void take(Scx scx, Task p) {
                c.custody++;
                assertTrue(held.add(p.pid()), "custody entered twice by " + p.comm());
                if (state.get(p.pid()) == TaskState.ENQUEUED) {
                    scx.error("%d (%s): enqueue while in ENQUEUED state", p.pid(), p.comm());
                }
                state.put(p.pid(), TaskState.ENQUEUED);
            }
            void dispatched(Task p) {
                state.put(p.pid(), TaskState.DISPATCHED);
            }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                Scx scx = Scx.current();
                switch (s) {
                    case SELECT_LOCAL -> {
                        scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, 0);
                        dispatched(p);
                    }
                    case SELECT_GLOBAL -> {
                        scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, 0);
                        dispatched(p);
                    }
                    case SELECT_USER -> {
                        take(scx, p);
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
                    case ENQ_LOCAL -> {
                        scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, enqFlags);
                        dispatched(p);
                    }
                    case SELECT_LOCAL, SELECT_GLOBAL, ENQ_GLOBAL -> {
                        scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
                        dispatched(p);
                    }
                    case SELECT_USER, ENQ_USER -> {
                        take(scx, p);
                        scx.dsqInsert(p, USER_DSQ, Scx.SLICE_DFL, enqFlags);
                    }
                    case QUEUE -> {
                        take(scx, p);
                        queue.add(p);
                    }
                }
                // as dequeue.bpf.c: wake the task's CPU if it idles, whatever the scenario
                scx.kickCpu(scx.taskCpu(p), KickFlags.IDLE);
            }
            public void dequeue(Task p, long deqFlags) {
                Scx scx = Scx.current();
                c.dequeues++;
                assertTrue(held.remove(p.pid()), "dequeue without custody for " + p.comm());
                queue.remove(p);
                TaskState st = state.getOrDefault(p.pid(), TaskState.NONE);
                if ((deqFlags & DeqFlags.SCHED_CHANGE) != 0) {
                    c.changeDequeues++;
                    if (st == TaskState.NONE) {
                        scx.error("%d (%s): invalid property change dequeue state=%s", p.pid(), p.comm(), st);
                    }
                    state.put(p.pid(), TaskState.NONE);
                } else {
                    c.dispatchDequeues++;
                    if (st == TaskState.DISPATCHED) {
                        scx.error("%d (%s): dispatch dequeue from state %s", p.pid(), p.comm(), st);
                    }
                    if (st == TaskState.ENQUEUED) {
                        state.put(p.pid(), TaskState.DISPATCHED);
                    }
                }
            }
            public void dispatch(int cpu, @Nullable Task prev) {
                Scx scx = Scx.current();
                if (s == Scenario.QUEUE) {
                    Task p = queue.peek();
                    if (p != null) {
                        // this CPU's local DSQ if the task may run here, else the global DSQ
                        scx.dsqInsert(p, p.cpusAllowed().contains(cpu) ? Dsq.localOn(cpu) : Dsq.GLOBAL,
                                Scx.SLICE_DFL, 0);
                    }
                } else {
                    scx.dsqMoveToLocal(USER_DSQ);
                }
            }
        }));
        if (hammer) {
            for (int i = 0; (long) i * HAMMER_STEP_NS < HAMMER_NS; i++) {
                e.runUntil((long) i * HAMMER_STEP_NS);
                e.setAffinity("t" + (i % WORKERS), CpuMask.of((i / WORKERS) % 4));
                c.hammered++;
            }
        }
        RunResult r = e.run(Duration.ofMillis(hammer ? 400 : 200));
        assertStillRunning(e, r);
        for (int i = 0; i < WORKERS; i++) {
            long work = hammer ? WORKER_LOOPS * WORKER_RUN : 6 * MS;
            assertEquals(work, r.task("t" + i).runtimeNs(), s + ": t" + i + " finished");
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

    @Test
    void theAffinityHammerCausesNoDequeueForTasksInsertedIntoLocalOrGlobalDsqs() {
        for (Scenario s : List.of(Scenario.SELECT_LOCAL, Scenario.SELECT_GLOBAL, Scenario.ENQ_LOCAL,
                Scenario.ENQ_GLOBAL)) {
            Counts c = run(s, true);
            assertEquals(5000, c.hammered, "50 ms of sched_setaffinity every 10 us");
            assertEquals(0, c.custody, s + " custody (the selftest's enqueue_cnt)");
            assertEquals(0, c.dequeues, s + " dequeues");
        }
    }

    @Test
    void theAffinityHammerCausesSchedChangeDequeuesAndCustodyStaysPairedOneToOne() {
        for (Scenario s : List.of(Scenario.SELECT_USER, Scenario.ENQ_USER, Scenario.QUEUE)) {
            Counts c = run(s, true);
            assertTrue(c.custody > 0, s + " custody entries");
            assertTrue(c.changeDequeues > 0, s + ": the hammer caught tasks in custody (SCX_DEQ_SCHED_CHANGE)");
            assertTrue(c.dispatchDequeues > 0, s + ": tasks also left custody by being dispatched");
            assertEquals(c.custody, c.dequeues, s + ": every custody entry is matched by one dequeue");
            assertEquals(c.dequeues, c.changeDequeues + c.dispatchDequeues, s + " dequeues by kind");
        }
    }
}
