package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.DeqFlags;
import io.scx4j.api.EnqFlags;
import io.scx4j.api.KickFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.SchedPolicy;
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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A workload phase with {@code cpus} is the running task's {@code sched_setaffinity()} on itself (rt-app's
 * {@code set_thread_affinity} at phase start). Linux changes the mask in the {@code sched_change} block of
 * {@code __do_set_cpus_allowed} and, if the task's CPU left the mask, {@code affine_move_task} has the CPU's stopper
 * preempt the task and {@code move_queued_task} it to an allowed CPU (kernel/sched/core.c): a preemption and a
 * migration, never a sleep and a wake-up. Every test: a 2-CPU machine of capacity 1024 with no switch cost, a task
 * pinned to CPU 0 that runs 1 ms, enters a phase, runs 1 ms more in it and exits, so it exits at 2 ms.
 */
class PhaseAffinityTest {
    static final long MS = 1_000_000L;
    static final long USER_DSQ = 9;

    /** Keeps tasks in a user DSQ, kicks their CPU, and records every callback about task "t" once {@code on}. */
    static final class Recorder implements SchedOps {
        final List<String> calls = new ArrayList<>();
        final long flags;
        boolean on;

        Recorder() {
            this(0);
        }
        Recorder(long flags) {
            this.flags = flags;
        }
        public String name() { return "phase_recorder"; }
        public long flags() { return flags; }
        public void enable(Task p) { log(p, "enable"); }
        public void disable(Task p) { log(p, "disable"); }
        public int init(Scx scx) { return scx.createDsq(USER_DSQ, -1); }
        void log(Task p, String call) {
            if (on && p.comm().equals("t")) {
                calls.add(call);
            }
        }
        static String deq(long f) {
            return f == DeqFlags.SLEEP ? "SLEEP" : f == DeqFlags.SCHED_CHANGE ? "SCHED_CHANGE" : Long.toHexString(f);
        }
        public int selectCpu(Task p, int prevCpu, long wakeFlags) {
            log(p, "select_cpu");
            return prevCpu;
        }
        public void enqueue(Task p, long enqFlags) {
            Scx scx = Scx.current();
            log(p, "enqueue(" + ((enqFlags & EnqFlags.WAKEUP) != 0 ? "WAKEUP" : "0") + ")@" + scx.taskCpu(p));
            scx.dsqInsert(p, USER_DSQ, Scx.SLICE_DFL, enqFlags);
            scx.kickCpu(scx.taskCpu(p), KickFlags.IDLE);
        }
        public void dequeue(Task p, long deqFlags) { log(p, "dequeue(" + (deqFlags == 0 ? "0" : deq(deqFlags)) + ")"); }
        public void dispatch(int cpu, @Nullable Task prev) { Scx.current().dsqMoveToLocal(USER_DSQ); }
        public void runnable(Task p, long f) {
            log(p, "runnable(" + ((f & EnqFlags.WAKEUP) != 0 ? "WAKEUP" : "0") + ")");
        }
        public void running(Task p) { log(p, "running@" + Scx.current().taskCpu(p)); }
        public void stopping(Task p, boolean runnable) { log(p, "stopping(" + runnable + ")"); }
        public void quiescent(Task p, long f) { log(p, "quiescent(" + deq(f) + ")"); }
        public void setCpumask(Task p, CpuMask m) { log(p, "set_cpumask" + m); }
    }

    /** Wake-ups, migrations and exits of task "t", with their times. */
    static final class Events implements EventSink {
        final List<String> wakeups = new ArrayList<>();
        final List<String> migrations = new ArrayList<>();
        final List<String> exits = new ArrayList<>();

        @Override public void onWakeup(long timeNs, Task p, int cpu) {
            if (p.comm().equals("t")) {
                wakeups.add(timeNs / 1000 + "us@" + cpu);
            }
        }
        @Override public void onMigrate(long timeNs, Task p, int from, int to) {
            if (p.comm().equals("t")) {
                migrations.add(timeNs / 1000 + "us:" + from + "->" + to);
            }
        }
        @Override public void onTaskExit(long timeNs, Task p) {
            exits.add(p.comm() + "@" + timeNs / 1000 + "us");
        }
    }

    /** "t": pinned to CPU 0, run 1 ms, then phase "move" with {@code cpus}: run 1 ms; once. */
    static TaskSpec mover(CpuMask cpus) {
        return TaskSpec.of("t", Step.run(1 * MS),
                        new Step.Phase("move", 1, new Step.Attrs(null, null, cpus, null), List.of(Step.run(1 * MS))))
                .repeating(1).withAffinity(CpuMask.of(0));
    }

    static Engine engine(Events events, TaskSpec... tasks) {
        Engine e = new Engine(TopologyPresets.get("flat-2"), EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addSink(events);
        e.addWorkload(Workload.of("phase", tasks));
        e.afterEachStep(e::checkInvariants);
        return e;
    }

    /** Loads {@code policy}, runs to 0.5 ms (the fork is behind), records from there to 10 ms. */
    static RunResult runRecorded(Engine e, Recorder policy) {
        assertEquals(0, e.load(policy));
        e.runUntil(MS / 2);
        policy.on = true;
        e.runUntil(10 * MS);
        return e.result();
    }

    @Test
    void anExtTaskWhosePhaseLeavesItsCpuIsMovedByTheStopperWithoutSleepingOrWakingUp() {
        Recorder policy = new Recorder();
        Events events = new Events();
        TaskResult t = runRecorded(engine(events, mover(CpuMask.of(1))), policy).task("t");
        // at 1 ms, on CPU 0: the sched_change cycle (dequeue_task_scx as current: stopping(false), quiescent;
        // set_cpus_allowed_scx; enqueue_task_scx(RESTORE) sticky to the local DSQ: runnable, set_next_task: running);
        // then the stopper: put_prev_task_scx (stopping(true)) and move_queued_task to CPU 1, where enqueue_task_scx
        // hands it to the policy without runnable (a migration); CPU 1's dispatch takes it out of custody (dequeue)
        // and runs it; at 2 ms its program ends: stopping(false), quiescent(SLEEP), disable. No select_cpu, no WAKEUP.
        assertEquals(List.of("stopping(false)", "quiescent(SCHED_CHANGE)", "set_cpumask" + CpuMask.of(1), "runnable(0)",
                "running@0", "stopping(true)", "enqueue(0)@1", "dequeue(0)", "running@1",
                "stopping(false)", "quiescent(SLEEP)", "disable"), policy.calls);
        assertEquals(List.of("t@2000us"), events.exits, "1 ms on CPU 0, 1 ms on CPU 1, no time lost to the move");
        assertEquals(2 * MS, t.runtimeNs());
        assertEquals(List.of("1000us:0->1"), events.migrations, "one migration, at the move");
        assertEquals(1, t.migrations());
        assertEquals(List.of("0us@0"), events.wakeups, "the fork is the only wake-up");
        assertEquals(1, t.wakeups());
        assertEquals(1, t.wakeLatency().getTotalCount(), "only the fork's wake-up latency is sampled");
        assertEquals(1, t.voluntarySwitches(), "the exit; the move is no sleep");
        assertEquals(1, t.involuntarySwitches(), "the stopper preempted it once");
    }

    @Test
    void anExtTaskWhosePhaseKeepsItsCpuAllowedGoesThroughTheCycleAndStaysOnItsCpu() {
        Recorder policy = new Recorder();
        Events events = new Events();
        TaskResult t = runRecorded(engine(events, mover(CpuMask.of(0, 1))), policy).task("t");
        assertEquals(List.of("stopping(false)", "quiescent(SCHED_CHANGE)", "set_cpumask" + CpuMask.of(0, 1),
                "runnable(0)", "running@0", "stopping(false)", "quiescent(SLEEP)", "disable"), policy.calls);
        assertEquals(List.of("t@2000us"), events.exits);
        assertEquals(List.of(), events.migrations);
        assertEquals(0, t.involuntarySwitches());
        assertEquals(1, t.voluntarySwitches(), "the exit");
    }

    @Test
    void aPhaseGivingTheSameMaskAgainChangesNothing() {
        Recorder policy = new Recorder();
        Events events = new Events();
        runRecorded(engine(events, mover(CpuMask.of(0))), policy);
        // __set_cpus_allowed_ptr_locked: cpumask_equal(p->cpus_mask, new_mask) ends the call before any dequeue
        assertEquals(List.of("stopping(false)", "quiescent(SLEEP)", "disable"), policy.calls, "only the exit at 2 ms");
        assertEquals(List.of("t@2000us"), events.exits);
    }

    @Test
    void aFairTaskWhosePhaseLeavesItsCpuMigratesAtOnceWithoutAWakeUp() {
        Events events = new Events();
        TaskResult t = engine(events, mover(CpuMask.of(1))).run(Duration.ofMillis(10)).task("t");
        assertEquals(List.of("t@2000us"), events.exits, "CPU 1 is idle: it runs there from 1 ms on");
        assertEquals(2 * MS, t.runtimeNs());
        assertEquals(List.of("1000us:0->1"), events.migrations);
        assertEquals(1, t.migrations());
        assertEquals(List.of("0us@0"), events.wakeups, "the fork only");
        assertEquals(1, t.wakeLatency().getTotalCount());
        assertEquals(1, t.voluntarySwitches(), "the exit");
        assertEquals(1, t.involuntarySwitches(), "the stopper");
        assertEquals(0, t.waitNs(), "queued on the idle CPU 1 and run there at once");
    }

    @Test
    void anRtTaskWhosePhaseMovesItOntoACpuRunningAFairTaskPreemptsThatTaskAtOnce() {
        Events events = new Events();
        TaskSpec rt = mover(CpuMask.of(1)).toBuilder().policy(SchedPolicy.FIFO).rtPriority(10).build();
        TaskSpec hog = TaskSpec.of("hog", Step.run(3 * MS)).repeating(1).withAffinity(CpuMask.of(1));
        RunResult r = engine(events, rt, hog).run(Duration.ofMillis(10));
        // hog runs 0..1 ms on CPU 1, t (FIFO 10) arrives there at 1 ms and preempts it (enqueue_task_rt,
        // wakeup_preempt), runs 1..2 ms and exits; hog finishes its last 2 ms at 4 ms
        assertEquals(List.of("t@2000us", "hog@4000us"), events.exits);
        TaskResult t = r.task("t");
        assertEquals(1, t.migrations());
        assertEquals(1, t.wakeups(), "the fork only");
        assertEquals(1, t.involuntarySwitches(), "the stopper");
        assertEquals(1, r.task("hog").involuntarySwitches(), "preempted by t on its arrival");
        assertEquals(1 * MS, r.task("hog").waitNs(), "waited while t ran 1..2 ms");
    }

    @Test
    void aPhaseThatAlsoSwitchesToExtMovesFirstAndJoinsExtOnItsNewCpuAsRtAppSetsTheAffinityFirst() {
        // rt-app's thread_body: set_thread_affinity, then set_thread_param; pthread_setaffinity_np() returns once the
        // stopper moved the thread, so the policy change happens on CPU 1 and the policy never sees the old mask
        Recorder policy = new Recorder(io.scx4j.api.OpsFlags.SWITCH_PARTIAL);
        Events events = new Events();
        TaskSpec t = TaskSpec.of("t", Step.run(1 * MS),
                        new Step.Phase("ext", 1, new Step.Attrs(SchedPolicy.EXT, null, CpuMask.of(1), null),
                                List.of(Step.run(1 * MS))))
                .repeating(1).withAffinity(CpuMask.of(0));
        TaskResult r = runRecorded(engine(events, t), policy).task("t");
        // a fair task until the move; then switching_to_scx on CPU 1 (enable, set_cpumask of the new mask), the
        // restore of a running task (runnable, running); at 2 ms it exits as an ext task
        assertEquals(List.of("enable", "set_cpumask" + CpuMask.of(1), "runnable(0)", "running@1", "stopping(false)",
                "quiescent(SLEEP)", "disable"), policy.calls);
        assertEquals(List.of("1000us:0->1"), events.migrations);
        assertEquals(List.of("t@2000us"), events.exits);
        assertEquals(1, r.involuntarySwitches(), "the stopper");
    }

    @Test
    void aPhaseMaskWithoutAnOnlineCpuIsRefusedNamingTheTaskAndThePhase() {
        Engine e = engine(new Events(), mover(CpuMask.of(5)));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.run(Duration.ofMillis(10)));
        assertTrue(ex.getMessage().contains("phase 'move'") && ex.getMessage().contains("t[")
                && ex.getMessage().contains("no online CPU") && ex.getMessage().contains("-EINVAL"), ex.getMessage());
    }
}
