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
 * Port of allowed_cpus: scx_bpf_select_cpu_and() restricted to a one-CPU mask from select_cpu and enqueue; the
 * returned CPU is already claimed (not idle) and lies in the mask when the task may use it; kind NONE.
 */
class AllowedCpusTest {
    @Test
    void selectCpuAndHonoursTheAllowedMask() {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(waker("w" + i));
        }
        tasks.add(waker("pinned3").withAffinity(CpuMask.of(3)));
        Engine e = engine(FLAT_4, tasks);
        CpuMask allowed = CpuMask.of(0);
        AtomicInteger picks = new AtomicInteger();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "allowed_cpus"; }
            void validate(Scx scx, Task p, int cpu) {
                picks.incrementAndGet();
                if (scx.testAndClearCpuIdle(cpu)) {
                    scx.error("CPU %d should be marked as busy", cpu);
                }
                if (allowed.isSubsetOf(p.cpusAllowed()) && !allowed.contains(cpu)) {
                    scx.error("CPU %d not in the allowed domain for %s", cpu, p.comm());
                }
            }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                Scx scx = Scx.current();
                int cpu = scx.selectCpuAnd(p, prevCpu, wakeFlags, allowed, 0);
                if (cpu >= 0) {
                    validate(scx, p, cpu);
                    scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, 0);
                    return cpu;
                }
                return prevCpu;
            }
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                int cpu = scx.selectCpuAnd(p, scx.taskCpu(p), 0, allowed, 0);
                if (cpu >= 0) {
                    validate(scx, p, cpu);
                    scx.kickCpu(cpu, KickFlags.IDLE);
                }
                scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
            }
        }));
        RunResult r = e.run(Duration.ofMillis(100));
        assertStillRunning(e, r);
        assertTrue(picks.get() > 0, "select_cpu_and found the allowed CPU idle sometimes");
        assertTrue(r.task("pinned3").wakeups() > 50, "a task outside the allowed mask still runs");
    }
}
