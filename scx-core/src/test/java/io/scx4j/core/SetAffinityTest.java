package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.DeqFlags;
import io.scx4j.api.KickFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@code sched_setaffinity()} from outside ({@link Engine#setAffinity}): the mask changes inside a
 * {@code sched_change} block ({@code __do_set_cpus_allowed}, kernel/sched/core.c), so a waiting task in the policy's
 * custody leaves it with {@code ops.dequeue(SCX_DEQ_SCHED_CHANGE)}, a running task keeps its CPU only if the CPU is
 * still allowed, and a sleeping task only hears the mask.
 */
class SetAffinityTest {
    static final long MS = 1_000_000L;
    static final long USER_DSQ = 7;

    /** Keeps tasks in a user DSQ (custody), kicks the task's CPU, and records the callbacks of the watched task. */
    static final class Custodian implements SchedOps {
        final List<String> calls = new ArrayList<>();
        String watched = "";

        public String name() { return "custodian"; }
        public int init(Scx scx) { return scx.createDsq(USER_DSQ, -1); }
        void log(Task p, String call) {
            if (p.comm().equals(watched)) {
                calls.add(call);
            }
        }
        public void enqueue(Task p, long enqFlags) {
            log(p, "enqueue");
            Scx scx = Scx.current();
            scx.dsqInsert(p, USER_DSQ, Scx.SLICE_DFL, enqFlags);
            scx.kickCpu(scx.taskCpu(p), KickFlags.IDLE);
        }
        public void dequeue(Task p, long deqFlags) {
            log(p, (deqFlags & DeqFlags.SCHED_CHANGE) != 0 ? "dequeue(SCHED_CHANGE)" : "dequeue");
        }
        public void dispatch(int cpu, @Nullable Task prev) { Scx.current().dsqMoveToLocal(USER_DSQ); }
        public void runnable(Task p, long f) { log(p, "runnable"); }
        public void running(Task p) { log(p, "running@" + Scx.current().taskCpu(p)); }
        public void stopping(Task p, boolean runnable) { log(p, "stopping(" + runnable + ")"); }
        public void quiescent(Task p, long f) {
            log(p, (f & DeqFlags.SCHED_CHANGE) != 0 ? "quiescent(SCHED_CHANGE)" : "quiescent");
        }
        public void setCpumask(Task p, CpuMask m) { log(p, "set_cpumask" + m); }
    }

    /**
     * Two 1 s hogs pinned to CPU 0 of a 2-CPU machine, b forked 1 ms after a: a runs its 20 ms slice first while b
     * waits in the policy's user DSQ.
     */
    static Engine twoHogsOnCpu0(Custodian policy) {
        Engine e = new Engine(TopologyPresets.get("flat-2"), EngineConfig.defaults().withMachine(MachineModel.ideal()));
        CpuMask cpu0 = CpuMask.of(0);
        e.addWorkload(Workload.of("aff",
                TaskSpec.of("a", Step.run(1000 * MS)).withAffinity(cpu0),
                TaskSpec.of("b", Step.run(1000 * MS)).withAffinity(cpu0).startingAt(1 * MS)));
        e.afterEachStep(e::checkInvariants);
        assertEquals(0, e.load(policy));
        e.runUntil(10 * MS);
        return e;
    }

    @Test
    void aWaitingTaskInCustodyIsDequeuedForTheChangeAndEnqueuedAgainThenRunsOnItsNewCpu() {
        Custodian policy = new Custodian();
        Engine e = twoHogsOnCpu0(policy);
        assertEquals(0, e.result().task("b").runtimeNs(), "b waited behind a's slice");
        policy.watched = "b";
        e.setAffinity("b", CpuMask.of(1));
        assertEquals(List.of("dequeue(SCHED_CHANGE)", "quiescent(SCHED_CHANGE)", "set_cpumask" + CpuMask.of(1), "runnable",
                "enqueue", "dequeue", "running@1"), policy.calls);
        e.runUntil(20 * MS);
        // b runs on the idle CPU 1 from 10 ms on; a keeps CPU 0
        assertEquals(10 * MS, e.result().task("b").runtimeNs());
        assertEquals(20 * MS, e.result().task("a").runtimeNs());
        assertEquals(1, e.result().task("b").migrations());
    }

    @Test
    void aRunningTaskWhoseCpuStaysAllowedGoesThroughTheCycleAndKeepsItsCpu() {
        Custodian policy = new Custodian();
        Engine e = twoHogsOnCpu0(policy);
        policy.watched = "a";
        e.setAffinity("a", CpuMask.of(0, 1));
        assertEquals(List.of("stopping(false)", "quiescent(SCHED_CHANGE)", "set_cpumask" + CpuMask.of(0, 1), "runnable",
                "running@0"), policy.calls);
        e.runUntil(15 * MS);
        assertEquals(15 * MS, e.result().task("a").runtimeNs(), "a never left CPU 0");
        assertEquals(0, e.result().task("a").migrations());
    }

    @Test
    void aRunningTaskWhoseCpuLeavesTheMaskIsPreemptedByTheStopperAndEnqueuedOnAnAllowedCpu() {
        Custodian policy = new Custodian();
        Engine e = twoHogsOnCpu0(policy);
        policy.watched = "a";
        e.setAffinity("a", CpuMask.of(1));
        // the sched_change cycle on CPU 0, then the stopper: put_prev (stopping(true)) and move_queued_task to CPU 1,
        // a migration without quiescent/runnable that ends in ops.enqueue; the policy's dispatch on CPU 1 takes it
        assertEquals(List.of("stopping(false)", "quiescent(SCHED_CHANGE)", "set_cpumask" + CpuMask.of(1), "runnable", "running@0",
                "stopping(true)", "enqueue", "dequeue", "running@1"), policy.calls);
        e.runUntil(20 * MS);
        // a ran 10 ms on CPU 0 and 10 more on CPU 1; b took CPU 0 at 10 ms
        TaskResult a = e.result().task("a");
        assertEquals(20 * MS, a.runtimeNs());
        assertEquals(10 * MS, e.result().task("b").runtimeNs());
        assertEquals(1, a.migrations());
        assertEquals(0, a.voluntarySwitches(), "a never slept");
        assertEquals(1, a.involuntarySwitches(), "the stopper preempted it once");
    }

    @Test
    void aSleepingTaskOnlyHearsTheMaskAndWakesUpInsideIt() {
        Custodian policy = new Custodian();
        Engine e = new Engine(TopologyPresets.get("flat-2"), EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addWorkload(Workload.of("aff",
                TaskSpec.of("s", Step.run(1 * MS), Step.sleep(20 * MS), Step.run(1 * MS)).repeating(1)
                .withAffinity(CpuMask.of(0))));
        e.afterEachStep(e::checkInvariants);
        assertEquals(0, e.load(policy));
        e.runUntil(10 * MS);
        policy.watched = "s";
        e.setAffinity("s", CpuMask.of(1));
        assertEquals(List.of("set_cpumask" + CpuMask.of(1)), policy.calls);
        e.runUntil(30 * MS);
        assertTrue(policy.calls.contains("running@1"), () -> policy.calls.toString());
        assertEquals(2 * MS, e.result().task("s").runtimeNs());
    }

    @Test
    void theSameMaskAgainChangesNothing() {
        Custodian policy = new Custodian();
        Engine e = twoHogsOnCpu0(policy);
        policy.watched = "b";
        e.setAffinity("b", CpuMask.of(0));
        assertEquals(List.of(), policy.calls);
    }

    @Test
    void aMaskWithoutAnOnlineCpuIsRefusedNamingTheTaskAndTheOnlineCpus() {
        Engine e = twoHogsOnCpu0(new Custodian());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> e.setAffinity("a", CpuMask.of(5)));
        assertTrue(ex.getMessage().contains("no online CPU") && ex.getMessage().contains("-EINVAL"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.setAffinity("nobody", CpuMask.of(0)));
    }
}
