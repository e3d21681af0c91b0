package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.Dsq;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CPU hotplug: callbacks, tasks leaving an offlined CPU, idle and online masks, broken affinity. */
class CpuHotplugTest {
    static final long MS = 1_000_000L;

    static Engine engine(TaskSpec... tasks) {
        Engine e = new Engine(TopologyPresets.get("flat-2"), EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addWorkload(Workload.of("hotplug", tasks));
        e.afterEachStep(e::checkInvariants);
        return e;
    }

    /** A global-FIFO policy that records hotplug callbacks and what the masks said then. */
    static final class Recorder implements SchedOps {
        final List<String> calls = new ArrayList<>();
        public String name() { return "recorder"; }
        public void enqueue(Task p, long enqFlags) { Scx.current().dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags); }
        public void cpuOnline(int cpu) {
            calls.add(Scx.current().now() / MS + "ms online " + cpu + " online=" + Scx.current().onlineCpumask());
        }
        public void cpuOffline(int cpu) {
            calls.add(Scx.current().now() / MS + "ms offline " + cpu + " online=" + Scx.current().onlineCpumask());
        }
        public void setCpumask(Task p, CpuMask mask) { calls.add("set_cpumask " + p.comm() + " " + mask); }
    }

    @Test
    void tasksOfAnOfflinedCpuMoveAndTheCpuRunsAgainOnceOnline() {
        // two ext hogs on two CPUs; CPU 1 is offline from 100 to 500 ms: it is busy 100 + 500 = 600 ms of 1 s,
        // CPU 0 the whole second, and the hogs together get 1600 ms
        Engine e = engine(TaskSpec.of("a", Step.run(10_000 * MS)), TaskSpec.of("b", Step.run(10_000 * MS)));
        Recorder policy = new Recorder();
        assertEquals(0, e.load(policy));
        e.hotplug(100 * MS, 1, false).hotplug(500 * MS, 1, true);
        e.runUntil(300 * MS);
        assertFalse(e.result().cpus().get(1).busyNs() > 100 * MS, "nothing ran on CPU 1 while offline");
        RunResult r = e.run(Duration.ofMillis(700));
        assertEquals(600 * MS, r.cpus().get(1).busyNs());
        assertEquals(1_000 * MS, r.cpus().get(0).busyNs());
        assertEquals(1_600 * MS, r.task("a").runtimeNs() + r.task("b").runtimeNs());
        // the policy hears offline while the CPU is still in the online mask, online once it is back in it
        assertEquals(List.of("100ms offline 1 online=0-1", "500ms online 1 online=0-1"),
                policy.calls.stream().filter(c -> !c.startsWith("set_cpumask")).toList());
        assertTrue(e.policyLoaded());
    }

    @Test
    void aTaskPinnedToTheOfflinedCpuHasItsAffinityBrokenAndRunsElsewhere() {
        Engine e = engine(TaskSpec.of("pinned", Step.run(10_000 * MS)).withAffinity(CpuMask.of(1)));
        Recorder policy = new Recorder();
        assertEquals(0, e.load(policy));
        e.hotplug(100 * MS, 1, false);
        RunResult r = e.run(Duration.ofSeconds(1));
        assertEquals(1_000 * MS, r.task("pinned").runtimeNs(), "it never stops running");
        assertEquals(100 * MS, r.cpus().get(1).busyNs());
        assertEquals(900 * MS, r.cpus().get(0).busyNs());
        // select_fallback_rq breaks the affinity to every possible CPU (the root cpuset's mask, or
        // task_cpu_fallback_mask), not to the CPUs online now: the task may use CPU 1 again once it is back
        assertTrue(policy.calls.contains("set_cpumask pinned 0-1"), policy.calls::toString);
    }

    @Test
    void anOfflineCpuLeavesTheIdleMaskAndIsNeverPicked() {
        Engine e = engine(TaskSpec.of("s", Step.run(1 * MS), Step.sleep(9 * MS)).startingAt(1 * MS));
        List<String> seen = new ArrayList<>();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "idle"; }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                var r = Scx.current().selectCpuDfl(p, prevCpu, wakeFlags);
                seen.add(Scx.current().idleCpumask() + "->" + r.cpu());
                return r.cpu();
            }
            public void cpuOnline(int cpu) {}
            public void cpuOffline(int cpu) {}
        }));
        e.hotplug(0, 0, false);
        RunResult r = e.run(Duration.ofMillis(100));
        assertEquals(0, r.cpus().get(0).busyNs(), "CPU 0 went offline at 0 and ran nothing");
        assertEquals(10 * MS, r.task("s").runtimeNs(), "wake-ups at 1, 11, ..., 91 ms, 1 ms each, all on CPU 1");
        for (String s : seen) {
            assertFalse(s.startsWith("0"), "the idle mask holds CPU 0: " + s);
            assertTrue(s.endsWith("->1"), s);
        }
    }

    @Test
    void theLastOnlineCpuCannotGoOfflineAndABadCpuIsRefused() {
        Engine e = engine(TaskSpec.of("h", Step.run(10_000 * MS)));
        assertThrows(IllegalArgumentException.class, () -> e.hotplug(0, 7, false));
        e.hotplug(10 * MS, 0, false).hotplug(20 * MS, 1, false);
        var x = assertThrows(IllegalStateException.class, () -> e.runUntil(30 * MS));
        assertTrue(x.getMessage().contains("CPU 1 is the last online CPU"), x.getMessage());
    }
}
