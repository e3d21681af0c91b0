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
 * Port of numa: SCX_OPS_BUILTIN_IDLE_PER_NODE with per-node DSQs; pick_idle_cpu_node / pick_any_cpu_node with
 * SCX_PICK_IDLE_IN_NODE return a CPU already marked busy and in the requested node; kind NONE.
 */
class NumaTest {
    @Test
    void perNodeIdlePicksStayInTheNode() {
        Topology t = TopologyPresets.get("server-2s-64c128t");
        assertEquals(2, t.nodes().size());
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            tasks.add(waker("w" + i));
        }
        for (int i = 0; i < 4; i++) {
            tasks.add(hog("h" + i));
        }
        Engine e = engine(t, tasks);
        AtomicInteger picks = new AtomicInteger();
        Set<Integer> nodesSeen = new HashSet<>();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "numa"; }
            public long flags() { return OpsFlags.BUILTIN_IDLE_PER_NODE; }
            public int init(Scx scx) {
                for (int n = 0; n < scx.nrNodeIds(); n++) {
                    int ret = scx.createDsq(n, n);
                    if (ret != 0) {
                        return ret;
                    }
                }
                return 0;
            }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                Scx scx = Scx.current();
                int node = scx.cpuNode(prevCpu);
                int cpu = scx.pickIdleCpuNode(p.cpusAllowed(), node, PickFlags.IDLE_IN_NODE);
                if (cpu < 0) {
                    cpu = scx.pickAnyCpuNode(p.cpusAllowed(), node, PickFlags.IDLE_IN_NODE);
                }
                if (scx.idleCpumaskNode(node).contains(cpu)) {
                    scx.error("CPU %d should be marked as busy", cpu);
                }
                if (scx.cpuNode(cpu) != node) {
                    scx.error("CPU %d should be in node %d", cpu, node);
                }
                picks.incrementAndGet();
                nodesSeen.add(node);
                return cpu;
            }
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                scx.dsqInsert(p, scx.cpuNode(scx.taskCpu(p)), Scx.SLICE_DFL, enqFlags);
            }
            public void dispatch(int cpu, @Nullable Task prev) {
                Scx scx = Scx.current();
                scx.dsqMoveToLocal(scx.cpuNode(cpu));
            }
        }));
        RunResult r = e.run(Duration.ofMillis(50));
        assertStillRunning(e, r);
        assertTrue(picks.get() > 100, "picks: " + picks.get());
        for (int i = 0; i < 24; i++) {
            assertTrue(r.task("w" + i).wakeups() > 20, "w" + i + " kept running");
        }
    }
}
