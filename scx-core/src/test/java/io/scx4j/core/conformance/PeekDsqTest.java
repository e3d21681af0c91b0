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
 * Port of peek_dsq: scx_bpf_dsq_peek() returns null on an empty DSQ and the inserted task after an insert; a pool of
 * 8 DSQs is peeked under load; kind NONE.
 */
class PeekDsqTest {
    static final long TEST_DSQ = 1000, POOL_BASE = 2000;
    static final int POOL = 8;

    @Test
    void peekSeesEmptyThenTheInsertedTask() {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tasks.add(waker("w" + i));
        }
        Engine e = engine(FLAT_4, tasks);
        AtomicInteger emptyPeeks = new AtomicInteger(), insertedPeeks = new AtomicInteger(),
                wrongPeeks = new AtomicInteger(), poolPeeks = new AtomicInteger();
        AtomicBoolean testDone = new AtomicBoolean();
        Task[] testTask = {null};
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "peek_dsq"; }
            public int init(Scx scx) {
                int ret = scx.createDsq(TEST_DSQ, -1);
                for (int i = 0; ret == 0 && i < POOL; i++) {
                    ret = scx.createDsq(POOL_BASE + i, -1);
                }
                return ret;
            }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) { return prevCpu; }
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                if (!testDone.getAndSet(true)) {
                    if (scx.dsqPeek(TEST_DSQ) == null) {
                        emptyPeeks.incrementAndGet();
                    } else {
                        wrongPeeks.incrementAndGet();
                    }
                    // an insert from ops.enqueue lands after the callback returns (direct dispatch), so the
                    // second peek happens in ops.dispatch
                    scx.dsqInsert(p, TEST_DSQ, Scx.SLICE_DFL, enqFlags);
                    testTask[0] = p;
                    return;
                }
                scx.dsqInsert(p, POOL_BASE + (p.pid() % POOL), Scx.SLICE_DFL, enqFlags);
            }
            public void dispatch(int cpu, @Nullable Task prev) {
                Scx scx = Scx.current();
                if (testTask[0] != null) {
                    if (scx.dsqPeek(TEST_DSQ) == testTask[0]) {
                        insertedPeeks.incrementAndGet();
                    } else {
                        wrongPeeks.incrementAndGet();
                    }
                    testTask[0] = null;
                }
                if (scx.dsqMoveToLocal(TEST_DSQ)) {
                    return;
                }
                for (int i = 0; i < POOL; i++) {
                    int d = (cpu + i) % POOL;
                    Task head = scx.dsqPeek(POOL_BASE + d);
                    if (head != null) {
                        poolPeeks.incrementAndGet();
                        if (scx.dsqMoveToLocal(POOL_BASE + d)) {
                            return;
                        }
                    }
                }
            }
        }));
        RunResult r = e.run(Duration.ofMillis(100));
        assertStillRunning(e, r);
        assertEquals(1, emptyPeeks.get(), "peek on the empty DSQ returned null");
        assertEquals(1, insertedPeeks.get(), "peek after the insert returned the task");
        assertEquals(0, wrongPeeks.get());
        assertTrue(poolPeeks.get() > 0, "successful pool peeks");
    }
}
