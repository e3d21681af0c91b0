package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.atomic.*;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Port of maximal: a scheduler overriding every op (cgroup, cpu acquire/release, hotplug included) loads and runs. */
class MaximalTest {
    static final long DSQ_ID = 0;

    /** The maximal scheduler; {@link ReloadLoopTest} reuses it. */
    static class Maximal implements SchedOps {
        public String name() { return "maximal"; }
        public long flags() { return OpsFlags.ENQ_LAST | OpsFlags.ENQ_EXITING | OpsFlags.KEEP_BUILTIN_IDLE; }
        public int selectCpu(Task p, int prevCpu, long wakeFlags) { return prevCpu; }
        public void enqueue(Task p, long enqFlags) { Scx.current().dsqInsert(p, DSQ_ID, Scx.SLICE_DFL, enqFlags); }
        public void dequeue(Task p, long deqFlags) {}
        public void dispatch(int cpu, @Nullable Task prev) { Scx.current().dsqMoveToLocal(DSQ_ID); }
        public void tick(Task p) {}
        public void runnable(Task p, long enqFlags) {}
        public void running(Task p) {}
        public void stopping(Task p, boolean runnable) {}
        public void quiescent(Task p, long deqFlags) {}
        public boolean yield(Task from, @Nullable Task to) { return false; }
        public boolean coreSchedBefore(Task a, Task b) { return false; }
        public void setWeight(Task p, int weight) {}
        public void setCpumask(Task p, CpuMask cpumask) {}
        public void updateIdle(int cpu, boolean idle) {}
        public void cpuAcquire(int cpu, CpuAcquireArgs args) {}
        public void cpuRelease(int cpu, CpuReleaseArgs args) {}
        public int initTask(Task p, InitTaskArgs args) { return 0; }
        public void exitTask(Task p, ExitTaskArgs args) {}
        public void enable(Task p) {}
        public void disable(Task p) {}
        public void dump(DumpContext ctx) {}
        public void dumpCpu(DumpContext ctx, int cpu, boolean idle) {}
        public void dumpTask(DumpContext ctx, Task p) {}
        public int cgroupInit(Cgroup cgrp, CgroupInitArgs args) { return 0; }
        public void cgroupExit(Cgroup cgrp) {}
        public int cgroupPrepMove(Task p, Cgroup from, Cgroup to) { return 0; }
        public void cgroupMove(Task p, Cgroup from, Cgroup to) {}
        public void cgroupCancelMove(Task p, Cgroup from, Cgroup to) {}
        public void cgroupSetWeight(Cgroup cgrp, int weight) {}
        public void cgroupSetBandwidth(Cgroup cgrp, long periodUs, long quotaUs, long burstUs) {}
        public void cgroupSetIdle(Cgroup cgrp, boolean idle) {}
        public void cpuOnline(int cpu) {}
        public void cpuOffline(int cpu) {}
        public int init(Scx scx) { return scx.createDsq(DSQ_ID, -1); }
        public void exit(ExitInfo info) {}
    }

    @Test
    void everyOpOverriddenLoadsAndRuns() {
        Maximal m = new Maximal();
        assertEquals(EnumSet.allOf(Op.class), m.implementedOps(), "every op is overridden");
        Engine e = engine(FLAT_4, waker("a"), waker("b"), hog("h1"), hog("h2"), hog("h3"));
        assertEquals(0, e.load(m));
        RunResult r = e.run(Duration.ofMillis(100));
        assertStillRunning(e, r);
        assertTrue(r.task("a").wakeups() > 50);
        assertUnregOnUnload(e);
    }
}
