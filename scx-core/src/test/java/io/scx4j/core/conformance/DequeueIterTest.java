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
 * Port of dequeue_iter: ops.dequeue may iterate the user DSQ the task is consumed from (the DSQ lock is not held
 * during ops.dequeue); at least 10 dequeues happen and the policy is healthy until unloaded (kind UNREG).
 */
class DequeueIterTest {
    static final long USER_DSQ = 7;

    @Test
    void dequeueMayIterateTheUserDsq() {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(waker("w" + i));
        }
        tasks.add(hog("h1"));
        tasks.add(hog("h2"));
        Engine e = engine(TopologyPresets.get("flat-2"), tasks);
        AtomicInteger dequeues = new AtomicInteger(), iterated = new AtomicInteger();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "dequeue_iter"; }
            public int init(Scx scx) { return scx.createDsq(USER_DSQ, -1); }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) { return prevCpu; }
            public void enqueue(Task p, long enqFlags) {
                Scx.current().dsqInsert(p, USER_DSQ, Scx.SLICE_DFL, enqFlags);
            }
            public void dequeue(Task p, long deqFlags) {
                dequeues.incrementAndGet();
                for (Task t : Scx.current().dsqIter(USER_DSQ, 0)) {
                    iterated.incrementAndGet();
                    assertNotEquals(p, t, "a dequeued task is no longer on the DSQ");
                }
            }
            public void dispatch(int cpu, @Nullable Task prev) {
                Scx.current().dsqMoveToLocal(USER_DSQ);
            }
        }));
        RunResult r = e.run(Duration.ofMillis(200));
        assertStillRunning(e, r);
        assertTrue(dequeues.get() >= 10, "dequeues: " + dequeues.get());
        assertTrue(iterated.get() > 0, "the walk in ops.dequeue saw queued tasks");
        assertUnregOnUnload(e);
    }
}
