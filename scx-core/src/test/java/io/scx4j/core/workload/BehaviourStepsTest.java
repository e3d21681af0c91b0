package io.scx4j.core.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.OpsFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Task;
import io.scx4j.core.Engine;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.EventSink;
import io.scx4j.core.RunResult;
import io.scx4j.core.TaskResult;
import io.scx4j.topology.Cpu;
import io.scx4j.topology.CpuKind;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * One behaviour per step kind of a workload program, with the numbers worked out by hand (rt-app semantics, reference
 * simulators-workloads-traces.md §2.5). Unless said, tasks run on CPUs of capacity 1024 and nothing else competes, so
 * a run of n ms takes n ms.
 */
class BehaviourStepsTest {
    static final long MS = 1_000_000L;

    /** Wake-ups and exits as they happen. */
    static final class Recorder implements EventSink {
        final List<String> wakeupsBy = new ArrayList<>();
        final List<String> exits = new ArrayList<>();
        final List<String> wakeups = new ArrayList<>();

        @Override
        public void onWakeup(long timeNs, Task p, int cpu) {
            wakeups.add(p.comm() + "@" + timeNs / 1000 + "us");
        }

        @Override
        public void onWakeupBy(long timeNs, Task p, int cpu, Task waker) {
            wakeupsBy.add(p.comm() + "<-" + waker.comm() + "@" + timeNs / 1000 + "us");
        }

        @Override
        public void onTaskExit(long timeNs, Task p) {
            exits.add(p.comm() + "@" + timeNs / 1000 + "us");
        }
    }

    static TaskSpec once(String comm, Step... program) {
        return TaskSpec.of(comm, program).repeating(1);
    }

    static Engine engine(String topology, Workload w, EventSink... sinks) {
        return engine(TopologyPresets.get(topology), EngineConfig.defaults(), w, sinks);
    }

    static Engine engine(Topology topology, EngineConfig config, Workload w, EventSink... sinks) {
        Engine e = new Engine(topology, config);
        for (EventSink s : sinks) {
            e.addSink(s);
        }
        e.addWorkload(w);
        e.afterEachStep(e::checkInvariants);
        return e;
    }

    // ------------------------------------------------------------------ run, runtime

    @Test
    void runtimeTakesWallTimeOnAHalfSpeedCpuWhileRunTakesTwiceAsLong() {
        Topology half = Topology.builder().name("half-speed")
                .cpu(new Cpu(0, 0, 0, 0, 0, 512, 0, 0, CpuKind.EFFICIENCY, true)).build();
        Recorder runtime = new Recorder();
        engine(half, EngineConfig.defaults(), Workload.of("w", once("busy", new Step.Runtime(10 * MS))), runtime)
                .run(Duration.ofMillis(100));
        Recorder work = new Recorder();
        RunResult r = engine(half, EngineConfig.defaults(), Workload.of("w", once("work", Step.run(10 * MS))), work)
                .run(Duration.ofMillis(100));
        assertEquals(List.of("busy@10000us"), runtime.exits, "10 ms of wall time is 10 ms whatever the speed");
        assertEquals(List.of("work@20000us"), work.exits, "10 ms of reference work at capacity 512 takes 20 ms");
        assertEquals(20 * MS, r.task("work").runtimeNs());
    }

    @Test
    void aRandomRunDrawsFromTheSeededStreamSoTheSameSeedGivesTheSameRun() {
        Workload w = Workload.of("w", TaskSpec.of("r",
                new Step.RunRandom(new Distribution.Uniform(1 * MS, 3 * MS)),
                new Step.SleepRandom(new Distribution.Exponential(2 * MS))));
        RunResult a = engine("flat-1", w).run(Duration.ofMillis(500));
        RunResult b = engine("flat-1", w).run(Duration.ofMillis(500));
        RunResult c = engine(TopologyPresets.get("flat-1"), EngineConfig.defaults().withSeed(2), w)
                .run(Duration.ofMillis(500));
        assertEquals(a, b);
        assertNotEquals(a.task("r").runtimeNs(), c.task("r").runtimeNs(), "another seed draws other durations");
        // a uniform 1..3 ms run after a 2 ms mean sleep: about half the time runs
        assertEquals(250 * MS, a.task("r").runtimeNs(), 60 * MS);
    }

    // ------------------------------------------------------------------ timers

    @Test
    void aTenMsTimerWithThreeMsOfWorkGivesOneHundredPeriodsPerSecondAndNoMisses() {
        Workload w = Workload.of("w", TaskSpec.of("periodic", Step.run(3 * MS), new Step.Timer("t", 10 * MS, false)));
        TaskResult t = engine("flat-1", w).run(Duration.ofSeconds(1)).task("periodic");
        // timer uses at 3, 13, ..., 993 ms: boundaries 13 .. 1003 ms
        assertEquals(100, t.timerPeriods());
        assertEquals(0, t.timerMisses());
        assertEquals(300 * MS, t.runtimeNs(), "runs start at 0, 13, 23, ..., 993 ms");
    }

    /** Timer anchored at 0 (boundary 10 ms), then a 25 ms overrun, then 1 ms of work per period. */
    static TaskSpec overrun(boolean absolute) {
        return once("late", new Step.Timer("t", 10 * MS, absolute), Step.run(25 * MS),
                Step.loop(-1, Step.run(1 * MS), new Step.Timer("t", 10 * MS, absolute)));
    }

    @Test
    void aTaskThatReachesAnAbsoluteTimerLateCountsAMissAndTheMissesCascade() {
        TaskResult t = engine("flat-1", Workload.of("w", overrun(true))).run(Duration.ofSeconds(1)).task("late");
        // uses at 0 (-> 10), 36 (boundary 20: miss), 37 (30: miss), 38 (-> 40), then 41, 51, ..., 991: 96 more
        assertEquals(2, t.timerMisses(), "the boundaries at 20 and 30 ms were both passed");
        assertEquals(100, t.timerPeriods());
    }

    @Test
    void aRelativeTimerReachedLateIsReanchoredAtNowAndMissesOnce() {
        TaskResult t = engine("flat-1", Workload.of("w", overrun(false))).run(Duration.ofSeconds(1)).task("late");
        // uses at 0 (-> 10), 36 (boundary 20: miss, re-anchored at 36), 37 (-> 46), then 47, 57, ..., 997: 96 more
        assertEquals(1, t.timerMisses());
        assertEquals(99, t.timerPeriods());
    }

    @Test
    void aUniqueTimerRefIsPrivateToEachTaskWhileASharedRefIsOneTimer() {
        // two tasks each using the timer once per 10 ms: a shared timer advances twice per round, so each use lands
        // one period further and the second task's boundary is 10 ms later than its own period
        Workload unique = Workload.of("w",
                TaskSpec.of("a", Step.run(1 * MS), new Step.Timer("unique_t", 10 * MS, true)),
                TaskSpec.of("b", Step.run(1 * MS), new Step.Timer("unique_t", 10 * MS, true)));
        RunResult r = engine("flat-2", unique).run(Duration.ofMillis(100));
        // each alone: uses at 1, 11, ..., 91 ms: 10 periods, no miss
        assertEquals(10, r.task("a").timerPeriods());
        assertEquals(10, r.task("b").timerPeriods());
        Workload shared = Workload.of("w",
                TaskSpec.of("a", Step.run(1 * MS), new Step.Timer("t", 10 * MS, true)),
                TaskSpec.of("b", Step.run(1 * MS), new Step.Timer("t", 10 * MS, true)));
        RunResult s = engine("flat-2", shared).run(Duration.ofMillis(100));
        // the timer advances 10 ms per use, whoever uses it: uses at 1 (-> 11), 1 (-> 21), 12 (-> 31), 22 (-> 41),
        // ..., 92 (-> 111): each task wakes every 20 ms, 11 uses in all by 100 ms
        assertEquals(11, s.task("a").timerPeriods() + s.task("b").timerPeriods());
        assertEquals(0, s.task("a").timerMisses() + s.task("b").timerMisses());
    }

    // ------------------------------------------------------------------ suspend / resume

    @Test
    void resumeBeforeSuspendIsRemembered() {
        Recorder rec = new Recorder();
        Workload w = Workload.of("w",
                once("b", Step.run(10 * MS), new Step.Suspend(), Step.run(5 * MS)),
                once("a", new Step.Resume("b"), Step.sleep(100 * MS)));
        TaskResult b = engine("flat-2", w, rec).run(Duration.ofMillis(50)).task("b");
        assertEquals(1, b.wakeups(), "only the fork: the suspend at 10 ms returned at once");
        assertEquals(15 * MS, b.runtimeNs());
        assertTrue(rec.exits.contains("b@15000us"), rec.exits.toString());
    }

    @Test
    void aSuspendedTaskRunsWhenAnotherTaskResumesItAndKnowsItsWaker() {
        Recorder rec = new Recorder();
        Workload w = Workload.of("w",
                once("b", new Step.Suspend(), Step.run(5 * MS)),
                once("a", Step.run(10 * MS), new Step.Resume("b")));
        TaskResult b = engine("flat-2", w, rec).run(Duration.ofMillis(50)).task("b");
        assertEquals(2, b.wakeups());
        assertEquals(List.of("b<-a@10000us"), rec.wakeupsBy);
        assertTrue(rec.exits.contains("b@15000us"), rec.exits.toString());
    }

    // ------------------------------------------------------------------ barriers, semaphores

    @Test
    void aBarrierOfThreeReleasesAllThreeAtTheLastArrival() {
        Recorder rec = new Recorder();
        Workload w = Workload.of("w",
                once("t1", Step.run(1 * MS), new Step.Barrier("b", 3), Step.run(1 * MS)),
                once("t2", Step.run(2 * MS), new Step.Barrier("b", 3), Step.run(1 * MS)),
                once("t3", Step.run(3 * MS), new Step.Barrier("b", 3), Step.run(1 * MS)));
        RunResult r = engine("flat-4", w, rec).run(Duration.ofMillis(20));
        assertEquals(List.of("t1<-t3@3000us", "t2<-t3@3000us"), rec.wakeupsBy.stream().sorted().toList());
        assertEquals(List.of("t1@4000us", "t2@4000us", "t3@4000us"), rec.exits.stream().sorted().toList());
        assertEquals(2 * MS, r.task("t1").runtimeNs());
        assertEquals(1, r.task("t3").wakeups(), "the last arrival does not block");
    }

    @Test
    void semaphorePostsAreRememberedUntilTheWaits() {
        Workload w = Workload.of("w",
                once("poster", new Step.SemPost("s"), new Step.SemPost("s")),
                once("waiter", Step.run(5 * MS), new Step.SemWait("s"), new Step.SemWait("s"), Step.run(1 * MS)));
        TaskResult t = engine("flat-2", w).run(Duration.ofMillis(20)).task("waiter");
        assertEquals(1, t.wakeups(), "two posts made before two waits: no block");
        assertEquals(6 * MS, t.runtimeNs());
    }

    @Test
    void aSemaphoreWaitAtZeroBlocksUntilThePost() {
        Recorder rec = new Recorder();
        Workload w = Workload.of("w",
                once("waiter", new Step.SemWait("s"), Step.run(1 * MS)),
                once("poster", Step.run(4 * MS), new Step.SemPost("s")));
        engine("flat-2", w, rec).run(Duration.ofMillis(20));
        assertEquals(List.of("waiter<-poster@4000us"), rec.wakeupsBy);
        assertTrue(rec.exits.contains("waiter@5000us"), rec.exits.toString());
    }

    // ------------------------------------------------------------------ mutexes, conditions

    @Test
    void unlockHandsTheMutexToTheFirstWaiter() {
        Recorder rec = new Recorder();
        Step[] section = {new Step.Lock("m"), Step.run(1 * MS), new Step.Unlock("m")};
        Workload w = Workload.of("w",
                once("owner", new Step.Lock("m"), Step.run(10 * MS), new Step.Unlock("m")),
                once("w1", section).startingAt(1 * MS),
                once("w2", section).startingAt(2 * MS));
        RunResult r = engine("flat-4", w, rec).run(Duration.ofMillis(20));
        // w1 waits 1 -> 10 ms, runs to 11 and hands over to w2, which waited 2 -> 11 ms
        assertEquals(List.of("w1<-owner@10000us", "w2<-w1@11000us"), rec.wakeupsBy);
        assertEquals(9 * MS, r.task("w1").lockWaitNs());
        assertEquals(9 * MS, r.task("w2").lockWaitMaxNs());
        assertEquals(1, r.task("w2").lockWaits());
        assertEquals(0, r.task("owner").lockWaits());
    }

    @Test
    void aSignalledWaiterRetakesTheMutexWhenTheSignallerUnlocks() {
        Recorder rec = new Recorder();
        Workload w = Workload.of("w",
                once("consumer", new Step.Lock("m"), new Step.Wait("c", "m"), new Step.Unlock("m"), Step.run(1 * MS)),
                once("producer", new Step.Lock("m"), new Step.Signal("c", false), Step.run(2 * MS),
                        new Step.Unlock("m")).startingAt(5 * MS));
        TaskResult c = engine("flat-2", w, rec).run(Duration.ofMillis(20)).task("consumer");
        // signalled at 5 ms while the producer holds m for 2 ms more
        assertEquals(2 * MS, c.lockWaitNs());
        assertEquals(List.of("consumer<-producer@7000us"), rec.wakeupsBy);
        assertTrue(rec.exits.contains("consumer@8000us"), rec.exits.toString());
    }

    @Test
    void aBroadcastWakesEveryWaiterAndTheyTakeTheMutexInTurn() {
        Recorder rec = new Recorder();
        Step[] consumer = {new Step.Lock("m"), new Step.Wait("c", "m"), Step.run(1 * MS), new Step.Unlock("m")};
        Workload w = Workload.of("w", once("c1", consumer), once("c2", consumer).startingAt(1 * MS),
                once("producer", new Step.Signal("c", true)).startingAt(5 * MS));
        RunResult r = engine("flat-4", w, rec).run(Duration.ofMillis(20));
        // c1 gets m at 5 ms (free), holds it 1 ms; c2 waited for m from 5 to 6 ms
        assertEquals(List.of("c1<-producer@5000us", "c2<-c1@6000us"), rec.wakeupsBy);
        assertEquals(1 * MS, r.task("c2").lockWaitNs());
    }

    @Test
    void syncWakesThePeerAndWaitsInOneStep() {
        Recorder rec = new Recorder();
        Workload w = Workload.of("w",
                once("a", new Step.Lock("m"), new Step.Wait("c", "m"), new Step.Unlock("m"), Step.run(1 * MS)),
                once("b", new Step.Lock("m"), new Step.Sync("c", "m"), new Step.Unlock("m"), Step.run(1 * MS))
                        .startingAt(2 * MS));
        RunResult r = engine("flat-2", w, rec).run(Duration.ofMillis(20));
        // b signals a (which then waits for m) and releases m by waiting on c: a gets m at once
        assertEquals(List.of("a<-b@2000us"), rec.wakeupsBy);
        assertEquals(0, r.task("a").lockWaitNs());
        assertEquals(1, r.task("a").lockWaits());
        assertEquals(0, r.task("b").runtimeNs(), "b waits on c for ever");
    }

    // ------------------------------------------------------------------ fork, yield

    @Test
    void forkCreatesATaskFromTheTemplateNow() {
        Recorder rec = new Recorder();
        TaskSpec worker = once("worker", Step.run(2 * MS));
        Workload w = new Workload("w", List.of(once("parent", Step.run(1 * MS), new Step.Fork("worker"),
                new Step.Fork("worker"), Step.run(1 * MS))), List.of(worker), 0, 0);
        RunResult r = engine("flat-4", w, rec).run(Duration.ofMillis(20));
        assertEquals(List.of("parent", "worker-0", "worker-1"), r.tasks().stream().map(TaskResult::comm).toList());
        assertEquals(2 * MS, r.task("worker-0").runtimeNs());
        assertTrue(rec.wakeups.contains("worker-1@1000us"), rec.wakeups.toString());
        assertTrue(rec.exits.contains("worker-0@3000us"), rec.exits.toString());
    }

    @Test
    void aForkOfAnUnknownTemplateIsRejectedWhenTheWorkloadIsAdded() {
        Workload w = Workload.of("w", once("parent", new Step.Fork("nope")));
        Engine e = new Engine(TopologyPresets.get("flat-1"), EngineConfig.defaults());
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.addWorkload(w));
        assertTrue(x.getMessage().contains("task 'parent': fork of unknown template 'nope'"), x.getMessage());
    }

    static TaskSpec yielder() {
        return TaskSpec.of("yielder", Step.run(1 * MS), new Step.Yield()).startingAt(1000);
    }

    @Test
    void anExtTaskYieldingWithoutOpsYieldLosesItsSliceAndQueuesBehindTheOther() {
        Engine e = engine("flat-1", Workload.of("w", TaskSpec.of("hog", Step.run(10_000 * MS)), yielder()));
        e.load(() -> "minimal");
        RunResult r = e.run(Duration.ofSeconds(1));
        // global FIFO, 20 ms slices: hog 0-20, yielder 20-21, hog 21-41, ... yielder runs at 20 + 21k, k = 0..46
        assertEquals(47 * MS, r.task("yielder").runtimeNs());
        assertEquals(953 * MS, r.task("hog").runtimeNs());
    }

    @Test
    void aPolicyImplementingYieldHearsEveryYieldAndMayKeepTheTaskRunning() {
        int[] yields = {0};
        Engine e = engine("flat-1", Workload.of("w", TaskSpec.of("hog", Step.run(10_000 * MS)), yielder()));
        e.load(new SchedOps() {
            @Override
            public String name() {
                return "stubborn";
            }

            @Override
            public boolean yield(Task from, @Nullable Task to) {
                yields[0]++;
                return false;
            }
        });
        RunResult r = e.run(Duration.ofSeconds(1));
        // the yielder keeps its 20 ms slices: hog 0-20, yielder 20-40, hog 40-60, ...: 25 slices of 20 ms
        assertEquals(500 * MS, r.task("yielder").runtimeNs());
        assertEquals(500, yields[0], "one yield per 1 ms run");
    }

    @Test
    void aFairTaskYieldingAloneKeepsTheCpuAndWithAnotherTaskItsShareStaysWeighted() {
        RunResult alone = engine("flat-1", Workload.of("w", yielder())).run(Duration.ofSeconds(1));
        // yield_task_fair returns at once when the task is alone: 1000 ms minus the 1 us start
        assertEquals(1000 * MS - 1000, alone.task("yielder").runtimeNs());
        assertEquals(0, alone.task("yielder").involuntarySwitches());
        RunResult shared = engine("flat-1", Workload.of("w", TaskSpec.of("hog", Step.run(10_000 * MS)), yielder()))
                .run(Duration.ofSeconds(1));
        // EEVDF's yield only moves the deadline a request later; vruntime still decides the share, so two nice-0
        // tasks still split the CPU evenly, the yielder giving the CPU up after each 1 ms run
        assertEquals(500 * MS, shared.task("yielder").runtimeNs(), 2 * MS);
        assertEquals(500, shared.task("yielder").involuntarySwitches(), 5);
    }

    @Test
    void aProgramLoopingOverZeroTimeStepsIsAClearErrorNamingTheTask() {
        Engine e = engine("flat-1", Workload.of("w", TaskSpec.of("spin", new Step.SemPost("s"))));
        IllegalStateException x = assertThrows(IllegalStateException.class, () -> e.run(Duration.ofMillis(1)));
        assertTrue(x.getMessage().contains("task spin[") && x.getMessage().contains("zero-time steps"), x.getMessage());
    }

    @Test
    void unlockingAMutexOneDoesNotHoldIsAClearError() {
        Engine e = engine("flat-1", Workload.of("w", once("t", Step.run(1 * MS), new Step.Unlock("m"))));
        IllegalStateException x = assertThrows(IllegalStateException.class, () -> e.run(Duration.ofMillis(5)));
        assertTrue(x.getMessage().contains("unlocks mutex 'm' held by nobody"), x.getMessage());
    }

    @Test
    void aTaskThatOnlySleepsForEverIsAddedAndWakesEverySleep() {
        TaskResult t = engine("flat-1", Workload.of("w", TaskSpec.of("sleeper", Step.sleep(10 * MS))))
                .run(Duration.ofMillis(100)).task("sleeper");
        // the first sleep delays the fork to 10 ms; then it wakes at 20, 30, ..., 100 ms
        assertEquals(10, t.wakeups());
        assertEquals(0, t.runtimeNs());
    }

    // ------------------------------------------------------------------ loops, phases

    @Test
    void nestedLoopsRunTheirBodiesTheGivenNumberOfTimes() {
        Recorder rec = new Recorder();
        Workload w = Workload.of("w", once("t", Step.loop(3, Step.loop(2, Step.run(1 * MS)), Step.sleep(1 * MS))));
        TaskResult t = engine("flat-1", w, rec).run(Duration.ofMillis(20)).task("t");
        assertEquals(6 * MS, t.runtimeNs());
        assertEquals(4, t.wakeups(), "the fork and three sleeps");
        assertEquals(List.of("t@9000us"), rec.exits, "3 x (2 ms run + 1 ms sleep)");
    }

    /** Records set_weight, set_cpumask, enable and disable. */
    static final class AttrPolicy implements SchedOps {
        final List<String> calls = new ArrayList<>();
        private final long flags;

        AttrPolicy(long flags) {
            this.flags = flags;
        }

        @Override
        public String name() {
            return "attrs";
        }

        @Override
        public long flags() {
            return flags;
        }

        @Override
        public void setWeight(Task p, int weight) {
            calls.add("set_weight(" + p.comm() + "," + weight + ")");
        }

        @Override
        public void setCpumask(Task p, CpuMask cpumask) {
            calls.add("set_cpumask(" + p.comm() + "," + cpumask + ")");
        }

        @Override
        public void enable(Task p) {
            calls.add("enable(" + p.comm() + ")");
        }

        @Override
        public void disable(Task p) {
            calls.add("disable(" + p.comm() + ")");
        }
    }

    @Test
    void aPhaseWithANiceLevelReweightsTheTaskThroughSetWeight() {
        Workload w = Workload.of("w", once("t", Step.run(1 * MS),
                new Step.Phase("boost", 1, new Step.Attrs(null, -5, null, null), List.of(Step.run(1 * MS)))));
        Engine e = engine("flat-1", w);
        AttrPolicy policy = new AttrPolicy(0);
        e.load(policy);
        e.run(Duration.ofMillis(10));
        // nice -5: sched_prio_to_weight 3121, on the cgroup scale round(3121 * 100 / 1024) = 305
        assertEquals(List.of("enable(t)", "set_weight(t,100)", "set_cpumask(t,0)", "set_weight(t,305)",
                "disable(t)"), policy.calls);
    }

    @Test
    void aPhaseWithAnAffinityThatExcludesTheCurrentCpuMovesTheTask() {
        Workload w = Workload.of("w", once("t", Step.run(1 * MS),
                new Step.Phase("move", 1, new Step.Attrs(null, null, CpuMask.of(1), null), List.of(Step.run(1 * MS))))
                .withAffinity(CpuMask.of(0)));
        Engine e = engine("flat-2", w);
        AttrPolicy policy = new AttrPolicy(0);
        e.load(policy);
        TaskResult t = e.run(Duration.ofMillis(10)).task("t");
        assertTrue(policy.calls.contains("set_cpumask(t,1)"), policy.calls.toString());
        assertEquals(1, t.migrations());
        assertEquals(2 * MS, t.runtimeNs());
    }

    @Test
    void aPhaseSwitchingToSchedExtUnderAPartialPolicyEnablesTheTaskAndSwitchingBackDisablesIt() {
        Workload w = Workload.of("w", once("t", Step.run(1 * MS),
                new Step.Phase("ext", 1, new Step.Attrs(SchedPolicy.EXT, null, null, null), List.of(Step.run(1 * MS))),
                new Step.Phase("fair", 1, new Step.Attrs(SchedPolicy.NORMAL, null, null, null),
                        List.of(Step.run(1 * MS)))));
        Engine e = engine("flat-1", w);
        AttrPolicy policy = new AttrPolicy(OpsFlags.SWITCH_PARTIAL);
        e.load(policy);
        TaskResult t = e.run(Duration.ofMillis(10)).task("t");
        assertEquals(List.of("enable(t)", "set_weight(t,100)", "set_cpumask(t,0)", "disable(t)"), policy.calls);
        assertEquals(3 * MS, t.runtimeNs());
    }
}
