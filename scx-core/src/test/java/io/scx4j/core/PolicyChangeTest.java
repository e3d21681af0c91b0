package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.Dsq;
import io.scx4j.api.SchedOps;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** sched_setscheduler() on live tasks: class switches between ext, RT and fair, with the kernel's callbacks. */
class PolicyChangeTest {
    static final long MS = 1_000_000L;

    static final class Recorder implements SchedOps {
        final List<String> calls = new ArrayList<>();
        public String name() { return "recorder"; }
        public void enqueue(Task p, long enqFlags) {
            if (p.comm().equals("a")) {
                calls.add("enqueue a");
            }
            Scx.current().dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
        }
        void log(String op, Task p) {
            if (p.comm().equals("a")) {
                calls.add(op + " a");
            }
        }
        public void runnable(Task p, long f) { log("runnable", p); }
        public void running(Task p) { log("running", p); }
        public void stopping(Task p, boolean r) { log("stopping", p); }
        public void quiescent(Task p, long f) { log("quiescent", p); }
        public void enable(Task p) { log("enable", p); }
        public void disable(Task p) { log("disable", p); }
        public void setWeight(Task p, int w) { log("set_weight", p); }
        public void setCpumask(Task p, CpuMask m) { log("set_cpumask", p); }
    }

    @Test
    void anExtTaskMadeFifoLeavesExtAndOutranksItsPeerThenReturnsWhenMadeNormal() {
        CpuMask cpu0 = CpuMask.of(0);
        Engine e = new Engine(TopologyPresets.get("flat-2"), EngineConfig.defaults());
        e.addWorkload(Workload.of("chg", TaskSpec.of("a", Step.run(100_000 * MS)).withAffinity(cpu0),
                TaskSpec.of("b", Step.run(100_000 * MS)).withAffinity(cpu0)));
        e.afterEachStep(e::checkInvariants);
        Recorder policy = new Recorder();
        assertEquals(0, e.load(policy));
        e.runUntil(100 * MS);
        // 0..100 ms: a and b alternate 20 ms slices, 60/40 or 40/60 depending on who went first
        long aBefore = e.result().task("a").runtimeNs();
        policy.calls.clear();
        e.setScheduler("a", SchedPolicy.FIFO, 10);
        e.runUntil(600 * MS);
        RunResult r = e.result();
        // 100..600 ms: a is FIFO and has CPU 0 (the deadline server's first zero-laxity point is at 1050 ms)
        assertEquals(aBefore + 500 * MS, r.task("a").runtimeNs());
        assertEquals(600 * MS - aBefore - 500 * MS, r.task("b").runtimeNs());
        assertTrue(policy.calls.indexOf("quiescent a") >= 0 && policy.calls.indexOf("disable a") > policy.calls.indexOf("quiescent a"),
                policy.calls::toString);
        assertFalse(policy.calls.contains("enqueue a"), "a left ext: the policy never queues it again");
        policy.calls.clear();
        e.setScheduler("a", SchedPolicy.NORMAL, 0);
        e.runUntil(700 * MS);
        // switching_to_scx: enable, set_weight, set_cpumask; then runnable and running (a was current)
        assertEquals(List.of("enable a", "set_weight a", "set_cpumask a", "runnable a", "running a"),
                policy.calls.subList(0, 5));
        assertTrue(e.result().task("b").runtimeNs() > r.task("b").runtimeNs(), "b runs again beside a");
    }

    @Test
    void anRtPriorityOf0ANiceOf20OrSchedDeadlineIsRefused() {
        Engine e = new Engine(TopologyPresets.get("flat-2"), EngineConfig.defaults());
        e.addTask(TaskSpec.of("a", Step.run(MS)));
        assertThrows(IllegalArgumentException.class, () -> e.setScheduler("a", SchedPolicy.FIFO, 0));
        assertThrows(IllegalArgumentException.class, () -> e.setScheduler("a", SchedPolicy.NORMAL, 20));
        assertThrows(IllegalArgumentException.class, () -> e.setScheduler("a", SchedPolicy.DEADLINE, 0));
    }
}
