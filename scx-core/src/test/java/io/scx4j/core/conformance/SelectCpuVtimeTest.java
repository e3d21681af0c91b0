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
 * Port of select_cpu_vtime: vtime direct dispatch to a user DSQ from select_cpu, consumed in dispatch, with vtime
 * kept in running/stopping/enable ({@code consumed} becomes true).
 */
class SelectCpuVtimeTest {
    static final long VTIME_DSQ = 0;

    @Test
    void tasksDirectlyDispatchedByVtimeAreConsumed() {
        Engine e = engine(FLAT_4, waker("a"), waker("b"), waker("c"), hog("h1"), hog("h2"));
        AtomicBoolean consumed = new AtomicBoolean();
        long[] vtimeNow = {0};
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "select_cpu_vtime"; }
            public int init(Scx scx) { return scx.createDsq(VTIME_DSQ, -1); }
            long taskVtime(Task p) {
                return Math.max(p.dsqVtime(), vtimeNow[0] - Scx.SLICE_DFL);
            }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                Scx scx = Scx.current();
                int cpu = scx.testAndClearCpuIdle(prevCpu) ? prevCpu : scx.pickIdleCpu(p.cpusAllowed(), 0);
                if (cpu < 0) {
                    cpu = prevCpu;
                }
                scx.dsqInsertVtime(p, VTIME_DSQ, Scx.SLICE_DFL, taskVtime(p), 0);
                return cpu;
            }
            public void enqueue(Task p, long enqFlags) {
                Scx.current().dsqInsertVtime(p, VTIME_DSQ, Scx.SLICE_DFL, taskVtime(p), enqFlags);
            }
            public void dispatch(int cpu, Task prev) {
                if (Scx.current().dsqMoveToLocal(VTIME_DSQ)) {
                    consumed.set(true);
                }
            }
            public void running(Task p) {
                vtimeNow[0] = Math.max(vtimeNow[0], p.dsqVtime());
            }
            public void stopping(Task p, boolean runnable) {
                p.setDsqVtime(p.dsqVtime() + (Scx.SLICE_DFL - p.slice()) * 100 / p.weight());
            }
            public void enable(Task p) {
                p.setDsqVtime(vtimeNow[0]);
            }
        }));
        RunResult r = e.run(Duration.ofMillis(200));
        assertStillRunning(e, r);
        assertTrue(consumed.get(), "consumed");
        assertTrue(r.task("a").wakeups() > 100, "the wakers kept running: " + r.task("a").wakeups());
        assertUnregOnUnload(e);
    }
}
