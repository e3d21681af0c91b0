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
 * Port of select_cpu_dfl_nodispatch: a custom select_cpu calls select_cpu_dfl without dispatching and remembers
 * is_idle; enqueue then inserts to SCX_DSQ_LOCAL ({@code saw_local == true}).
 */
class SelectCpuDflNodispatchTest {
    @Test
    void enqueueInsertsLocallyWhenSelectCpuSawAnIdleCpu() {
        List<TaskSpec> kids = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            kids.add(child("select_cpu" + i, 200 * US, 300 * US, 4).startingAt(i * 50 * US));
        }
        Engine e = engine(FLAT_4, kids);
        AtomicBoolean sawLocal = new AtomicBoolean();
        Map<Integer, Boolean> isIdle = new HashMap<>();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "select_cpu_dfl_nodispatch"; }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                SelectCpuResult res = Scx.current().selectCpuDfl(p, prevCpu, wakeFlags);
                isIdle.put(p.pid(), res.idle());
                return res.cpu();
            }
            public void enqueue(Task p, long enqFlags) {
                long dsq = Dsq.GLOBAL;
                if (Boolean.TRUE.equals(isIdle.put(p.pid(), false))) {
                    dsq = Dsq.LOCAL;
                    sawLocal.set(true);
                }
                Scx.current().dsqInsert(p, dsq, Scx.SLICE_DFL, enqFlags);
            }
        }));
        RunResult r = e.run(Duration.ofMillis(100));
        assertStillRunning(e, r);
        for (int i = 0; i < 64; i++) {
            assertEquals(800 * US, r.task("select_cpu" + i).runtimeNs());
        }
        assertTrue(sawLocal.get(), "saw_local");
        assertUnregOnUnload(e);
    }
}
