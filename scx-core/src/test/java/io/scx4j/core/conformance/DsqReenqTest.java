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
 * Port of dsq_reenq: scx_bpf_dsq_reenq(USER_DSQ, 0) every 5 ms (the selftest's BPF timer becomes ops.tick here);
 * some ops.enqueue sees SCX_ENQ_REENQ with reason SCX_TASK_REENQ_KFUNC; kind UNREG.
 */
class DsqReenqTest {
    static final long USER_DSQ = 3;

    @Test
    void reenqueuedTasksSeeReenqAndTheKfuncReason() {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(hog("h" + i));
        }
        Engine e = engine(TopologyPresets.get("flat-2"), tasks);
        AtomicInteger reenqs = new AtomicInteger(), badReason = new AtomicInteger();
        long[] last = {0};
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "dsq_reenq"; }
            public int init(Scx scx) { return scx.createDsq(USER_DSQ, -1); }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) { return prevCpu; }
            public void enqueue(Task p, long enqFlags) {
                if ((enqFlags & EnqFlags.REENQ) != 0) {
                    if ((p.scxFlags() & TaskFlags.REENQ_REASON_MASK) == TaskFlags.REENQ_KFUNC) {
                        reenqs.incrementAndGet();
                    } else {
                        badReason.incrementAndGet();
                    }
                }
                Scx.current().dsqInsert(p, USER_DSQ, Scx.SLICE_DFL, enqFlags);
            }
            public void dispatch(int cpu, @Nullable Task prev) {
                Scx.current().dsqMoveToLocal(USER_DSQ);
            }
            public void tick(Task p) {
                Scx scx = Scx.current();
                if (scx.now() - last[0] >= 5 * MS) {
                    last[0] = scx.now();
                    scx.dsqReenq(USER_DSQ, 0);
                }
            }
        }));
        RunResult r = e.run(Duration.ofMillis(200));
        assertStillRunning(e, r);
        assertTrue(reenqs.get() > 0, "enqueue saw SCX_ENQ_REENQ with reason KFUNC");
        assertEquals(0, badReason.get());
        assertUnregOnUnload(e);
    }
}
