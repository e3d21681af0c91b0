package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.atomic.*;
import org.junit.jupiter.api.Test;

/**
 * Port of enq_select_cpu: scx_bpf_select_cpu_dfl() is callable from ops.enqueue (dispatching to LOCAL_ON|cpu when
 * the CPU is idle); kind NONE after the run. The SYSCALL-program half has no analogue (see README).
 */
class EnqSelectCpuTest {
    @Test
    void selectCpuDflWorksFromEnqueue() {
        Engine e = engine(FLAT_4, waker("a"), waker("b"), waker("c"), hog("h"));
        AtomicInteger idleHits = new AtomicInteger();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "enq_select_cpu"; }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                return prevCpu;
            }
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                SelectCpuResult res = scx.selectCpuDfl(p, scx.taskCpu(p), 0);
                if (res.idle()) {
                    idleHits.incrementAndGet();
                    scx.dsqInsert(p, Dsq.localOn(res.cpu()), Scx.SLICE_DFL, enqFlags);
                } else {
                    scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
                }
            }
        }));
        RunResult r = e.run(Duration.ofMillis(200));
        assertStillRunning(e, r);
        assertTrue(idleHits.get() > 0, "select_cpu_dfl found idle CPUs from enqueue");
    }
}
