package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.Cgroup;
import io.scx4j.api.CgroupInitArgs;
import io.scx4j.api.Dsq;
import io.scx4j.api.Errno;
import io.scx4j.api.InitTaskArgs;
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

/** cgroups: cpu.weight and cpu.max under the fair class, relayed to sched_ext policies, callbacks in kernel order. */
class CgroupTest {
    static final long MS = 1_000_000L;
    static final CpuMask CPU0 = CpuMask.of(0);

    static TaskSpec hog(String comm, String cgroup) {
        return TaskSpec.of(comm, Step.run(100_000 * MS)).toBuilder().affinity(CPU0).cgroup(cgroup).build();
    }

    static Engine engine(TaskSpec... tasks) {
        Engine e = new Engine(TopologyPresets.get("flat-2"), EngineConfig.defaults());
        e.addWorkload(Workload.of("cgroups", tasks));
        e.afterEachStep(e::checkInvariants);
        return e;
    }

    @Test
    void cpuWeights100And200SplitACpuOneToTwoUnderTheFairClass() {
        Engine e = engine(hog("a", "/a"), hog("b", "/b"));
        e.cgroup("/a", 100, Cgroup.QUOTA_INF, 100_000).cgroup("/b", 200, Cgroup.QUOTA_INF, 100_000);
        RunResult r = e.run(Duration.ofSeconds(3));
        // 3 s of CPU 0 split 1:2: 1000 ms and 2000 ms, within a few EEVDF slices
        assertEquals(1_000 * MS, r.task("a").runtimeNs(), 10 * MS);
        assertEquals(2_000 * MS, r.task("b").runtimeNs(), 10 * MS);
    }

    @Test
    void aGroupsShareIsSplitAmongItsTasksNotMultipliedByThem() {
        // /a (100) holds two hogs, /b (200) one: /a gets 1/3 of the CPU, 1/6 each; /b 2/3
        Engine e = engine(hog("a1", "/a"), hog("a2", "/a"), hog("b", "/b"));
        e.cgroup("/a", 100, Cgroup.QUOTA_INF, 100_000).cgroup("/b", 200, Cgroup.QUOTA_INF, 100_000);
        RunResult r = e.run(Duration.ofSeconds(3));
        assertEquals(500 * MS, r.task("a1").runtimeNs(), 15 * MS);
        assertEquals(500 * MS, r.task("a2").runtimeNs(), 15 * MS);
        assertEquals(2_000 * MS, r.task("b").runtimeNs(), 15 * MS);
    }

    @Test
    void aCgroupWithCpuMax20msPer100msGetsTwentyPercentOfACpu() {
        Engine e = engine(hog("lim", "/lim"));
        e.cgroup("/lim", 100, 20_000, 100_000);
        RunResult r = e.run(Duration.ofSeconds(1));
        // 10 periods of 100 ms, 20 ms each: runs 0-20, 100-120, ..., 900-920 ms
        assertEquals(200 * MS, r.task("lim").runtimeNs());
    }

    @Test
    void aThrottledGroupLeavesTheRestOfTheCpuToOthers() {
        Engine e = engine(hog("lim", "/lim"), hog("free", "/"));
        e.cgroup("/lim", 100, 20_000, 100_000);
        RunResult r = e.run(Duration.ofSeconds(1));
        // alone lim would get half; its quota caps it at 20 ms per 100 ms and free takes the other 80 %
        assertEquals(200 * MS, r.task("lim").runtimeNs(), 2 * MS);
        assertEquals(800 * MS, r.task("free").runtimeNs(), 2 * MS);
    }

    /** A global-FIFO policy that logs the cgroup callbacks. */
    static final class Recorder implements SchedOps {
        final List<String> calls = new ArrayList<>();
        int refuseMoves;
        public String name() { return "cgroups"; }
        public void enqueue(Task p, long enqFlags) { Scx.current().dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags); }
        public int cgroupInit(Cgroup cgrp, CgroupInitArgs args) {
            calls.add("init " + cgrp.path() + " w=" + args.weight() + " quota=" + args.bwQuotaUs() + " period="
                    + args.bwPeriodUs());
            return Scx.current().createDsq(1000 + cgrp.id(), -1); // one DSQ per cgroup, as scx_flatcg does

        }
        public void cgroupExit(Cgroup cgrp) { calls.add("exit " + cgrp.path()); }
        public int initTask(Task p, InitTaskArgs args) {
            calls.add("init_task " + p.comm() + " in " + args.cgroup().path());
            return 0;
        }
        public int cgroupPrepMove(Task p, Cgroup from, Cgroup to) {
            calls.add("prep_move " + p.comm() + " " + from.path() + " -> " + to.path());
            return refuseMoves;
        }
        public void cgroupMove(Task p, Cgroup from, Cgroup to) {
            calls.add("move " + p.comm() + " " + from.path() + " -> " + to.path() + " now in " + p.cgroup().path());
        }
        public void cgroupSetWeight(Cgroup cgrp, int weight) { calls.add("set_weight " + cgrp.path() + " " + weight); }
        public void cgroupSetBandwidth(Cgroup cgrp, long periodUs, long quotaUs, long burstUs) {
            calls.add("set_bandwidth " + cgrp.path() + " " + quotaUs + "/" + periodUs);
        }
    }

    @Test
    void extTasksIgnoreCpuMaxTheKernelOnlyRelaysItToThePolicy() {
        Engine e = engine(hog("lim", "/lim"));
        e.cgroup("/lim", 100, 20_000, 100_000);
        Recorder policy = new Recorder();
        assertEquals(0, e.load(policy));
        RunResult r = e.run(Duration.ofSeconds(1));
        assertEquals(1_000 * MS, r.task("lim").runtimeNs(), "enforcing cpu.max is the BPF scheduler's business");
    }

    @Test
    void cgroupCallbacksComeInKernelOrderAtLoadOnChangesOnMovesAndAtUnload() {
        Engine e = engine(hog("t", "/a/b"));
        e.cgroup("/a", 300, Cgroup.QUOTA_INF, 100_000);
        e.runUntil(1 * MS);
        Recorder policy = new Recorder();
        assertEquals(0, e.load(policy));
        e.cgroup("/a", 300, Cgroup.QUOTA_INF, 100_000); // unchanged: nothing relayed
        e.cgroup("/a", 50, 30_000, 50_000);
        e.addTask(hog("late", "/c").startingAt(5 * MS)); // creates /c while loaded, outside the event loop
        assertEquals(0, e.moveToCgroup("t", "/c"));
        assertEquals(0, e.moveToCgroup("t", "/c"), "an identity move is skipped");
        policy.refuseMoves = -Errno.EBUSY;
        assertEquals(-Errno.EBUSY, e.moveToCgroup("t", "/a"));
        e.run(Duration.ofMillis(10));
        e.unload();
        assertEquals(List.of(
                "init / w=100 quota=-1 period=100000",
                "init /a w=300 quota=-1 period=100000",
                "init /a/b w=100 quota=-1 period=100000",
                "init_task t in /a/b",
                "set_weight /a 50",
                "set_bandwidth /a 30000/50000",
                "init /c w=100 quota=-1 period=100000",
                "prep_move t /a/b -> /c",
                "move t /a/b -> /c now in /c",
                "prep_move t /c -> /a",
                "init_task late in /c",
                "exit /c", "exit /a/b", "exit /a", "exit /"), policy.calls);
        assertEquals(io.scx4j.api.ExitKind.UNREG, e.lastExit().orElseThrow().kind(), "healthy until unloaded");
    }

    @Test
    void aCgroupInitFailureFailsTheCreationAndBadKnobsAreRejectedWithTheCgroupNamed() {
        Engine e = engine(hog("t", "/"));
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "refuse"; }
            public int cgroupInit(Cgroup cgrp, CgroupInitArgs args) { return cgrp.path().equals("/no") ? -Errno.ENOMEM : 0; }
        }));
        var x = assertThrows(IllegalStateException.class, () -> e.cgroup("/no", 100, Cgroup.QUOTA_INF, 100_000));
        assertTrue(x.getMessage().contains("/no") && x.getMessage().contains("cgroup_init"), x.getMessage());
        assertTrue(e.policyLoaded(), "a failed creation does not eject the policy");
        var w = assertThrows(IllegalArgumentException.class, () -> e.cgroup("/x", 0, Cgroup.QUOTA_INF, 100_000));
        assertTrue(w.getMessage().contains("/x") && w.getMessage().contains("cpu.weight"), w.getMessage());
        var q = assertThrows(IllegalArgumentException.class, () -> e.cgroup("/x", 100, 10, 100_000));
        assertTrue(q.getMessage().contains("cpu.max quota"), q.getMessage());
    }
}
