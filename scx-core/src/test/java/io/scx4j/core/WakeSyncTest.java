package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.Dsq;
import io.scx4j.api.OpsFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.SelectCpuResult;
import io.scx4j.api.Task;
import io.scx4j.api.WakeFlags;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Step 1 of {@code scx_select_cpu_dfl} ({@code kernel/sched/ext_idle.c}, reference sched_ext.md §7.1) for a wake-up
 * with {@code SCX_WAKE_SYNC}, and where such wake-ups come from ({@link Step.PipeWrite}, like Linux's
 * {@code pipe_write}, which wakes readers with {@code WF_SYNC}).
 *
 * <p>Every scene uses a placing policy: a task's first wake-up (a fork) goes to the CPU the scene names for it, so
 * the wakee's previous CPU, the waker's CPU and the idle CPUs are known; the wake-up under test then calls
 * {@code scx_bpf_select_cpu_dfl} exactly as {@code ops.select_cpu} would, and the policy records what it saw and
 * what came back. The producer runs 1 ms, writes (or posts, or signals), then blocks; the consumer waits before it.
 */
class WakeSyncTest {
    static final long US = 1_000L;
    static final long MS = 1_000_000L;

    /** Four CPUs without SMT, two LLCs: CPUs 0-1 share one, CPUs 2-3 the other; one node. */
    static final Topology TWO_LLCS = Topology.builder().name("2llc-4").source("test")
            .cpu(0, 0, 0, 0, 0).cpu(1, 1, 0, 0, 0).cpu(2, 2, 1, 0, 0).cpu(3, 3, 1, 0, 0).build();

    /** Two SMT cores in one LLC, x86 numbering: CPUs 0 and 2 are core 0, CPUs 1 and 3 core 1. */
    static final Topology SMT_2C4T = Topology.builder().name("smt-2c4t").source("test")
            .cpu(0, 0, 0, 0, 0).cpu(1, 1, 0, 0, 0).cpu(2, 0, 0, 0, 0).cpu(3, 1, 0, 0, 0).build();

    static final Topology FLAT_4 = TopologyPresets.get("flat-4");

    /** What the consumer's wake-up saw in {@code ops.select_cpu} and what {@code scx_bpf_select_cpu_dfl} answered. */
    record Pick(int prev, long wakeFlags, int wakerCpu, int cpu, boolean idle) {}

    /**
     * Forks go to {@code home.get(comm)}; tasks in {@code alwaysHome} go there on every wake-up; every other wake-up
     * uses the default selection, recorded for the task named "consumer".
     */
    static class Placer implements SchedOps {
        final Map<String, Integer> home;
        final Set<String> alwaysHome;
        final List<Pick> picks = new ArrayList<>();

        Placer(Map<String, Integer> home, Set<String> alwaysHome) {
            this.home = home;
            this.alwaysHome = alwaysHome;
        }

        @Override
        public String name() {
            return "placer";
        }

        @Override
        public int selectCpu(Task p, int prevCpu, long wakeFlags) {
            Scx scx = Scx.current();
            if ((wakeFlags & WakeFlags.FORK) != 0 || alwaysHome.contains(p.comm())) {
                scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, 0);
                return home.get(p.comm());
            }
            SelectCpuResult r = scx.selectCpuDfl(p, prevCpu, wakeFlags);
            if (p.comm().equals("consumer")) {
                Task waker = scx.currentTask();
                picks.add(new Pick(prevCpu, wakeFlags, waker == null ? -1 : scx.taskCpu(waker), r.cpu(), r.idle()));
            }
            if (r.idle()) {
                scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, 0);
            }
            return r.cpu();
        }
    }

    static Engine engine(Topology t, TaskSpec... tasks) {
        Engine e = new Engine(t, EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addWorkload(Workload.of("w", tasks));
        e.afterEachStep(e::checkInvariants);
        return e;
    }

    /** Producer: 1 ms of work, then {@code wake}, then it blocks on a pipe nobody writes. */
    static TaskSpec producer(Step wake) {
        return TaskSpec.of("producer", Step.run(MS), wake, new Step.PipeRead("never"));
    }

    /** Consumer: waits with {@code waitStep} at once, then works 1 ms. */
    static TaskSpec consumer(Step waitStep) {
        return TaskSpec.of("consumer", waitStep, Step.run(MS));
    }

    static final TaskSpec PIPE_CONSUMER = consumer(new Step.PipeRead("p"));
    static final Step PIPE_WRITE = new Step.PipeWrite("p");

    /** Runs the scene to 3 ms and returns the consumer's single recorded pick. */
    static Pick consumerPick(Engine e, Placer placer) {
        assertEquals(0, e.load(placer));
        e.runUntil(3 * MS);
        assertTrue(e.exits().isEmpty(), () -> "no ejection: " + e.exits());
        assertEquals(1, placer.picks.size(), () -> "one wake-up of the consumer: " + placer.picks);
        return placer.picks.get(0);
    }

    @Test
    void aSyncWakeKeepsTheWakeeOnItsIdlePrevCpuThatSharesTheWakersLlcEvenWithAWholeIdleCoreElsewhere() {
        // producer on CPU 0, consumer last ran on CPU 2 (CPU 0's SMT sibling, idle); core 1 (CPUs 1, 3) wholly idle.
        // Step 1: prev 2 shares the LLC with waker CPU 0 and is idle -> 2. (Step 2 would prefer the idle core 1.)
        Placer placer = new Placer(Map.of("producer", 0, "consumer", 2), Set.of());
        Pick pick = consumerPick(engine(SMT_2C4T, producer(PIPE_WRITE), PIPE_CONSUMER), placer);
        assertEquals(new Pick(2, WakeFlags.TTWU | WakeFlags.SYNC, 0, 2, true), pick);
    }

    @Test
    void withoutSyncTheSameWakeLeavesThePartlyBusyCoreForTheWholeIdleOne() {
        Placer placer = new Placer(Map.of("producer", 0, "consumer", 2), Set.of());
        Pick pick = consumerPick(engine(SMT_2C4T, producer(new Step.SemPost("p")), consumer(new Step.SemWait("p"))),
                placer);
        assertEquals(WakeFlags.TTWU, pick.wakeFlags());
        assertTrue(pick.idle());
        assertTrue(pick.cpu() == 1 || pick.cpu() == 3, () -> "a CPU of the wholly idle core 1: " + pick);
    }

    /** Producer on CPU 0, consumer last ran on CPU 1, a hog has held CPU 1 since 100 µs; CPUs 2 and 3 are idle. */
    static Engine busyPrevScene(Step wake, Step waitStep, TaskSpec... more) {
        List<TaskSpec> tasks = new ArrayList<>(List.of(producer(wake), consumer(waitStep),
                TaskSpec.of("hog", Step.run(10_000 * MS)).startingAt(100 * US)));
        tasks.addAll(List.of(more));
        return engine(FLAT_4, tasks.toArray(TaskSpec[]::new));
    }

    static final Map<String, Integer> BUSY_PREV_HOMES = Map.of("producer", 0, "consumer", 1, "hog", 1, "queued", 0);

    @Test
    void aSyncWakeWhosePrevCpuIsBusyGoesToTheWakersCpuAlthoughThatCpuIsNotIdle() {
        // Step 1: prev 1 is busy; the producer is not exiting, CPU 0's local DSQ is empty and CPUs 2, 3 are idle:
        // the waker's CPU 0, reported as found (idle = true) though the producer still runs there.
        Placer placer = new Placer(BUSY_PREV_HOMES, Set.of());
        Pick pick = consumerPick(busyPrevScene(PIPE_WRITE, new Step.PipeRead("p")), placer);
        assertEquals(new Pick(1, WakeFlags.TTWU | WakeFlags.SYNC, 0, 0, true), pick);
    }

    @Test
    void aSyncWakeDispatchedToTheWakersCpuRunsThereOnceTheWakerBlocks() {
        // Same scene: the consumer waits on CPU 0's local DSQ and runs its 1 ms there from 1 ms on, when the
        // producer blocks, so it finishes at 2 ms having moved once (CPU 1 -> 0, same LLC).
        Placer placer = new Placer(BUSY_PREV_HOMES, Set.of());
        Engine e = busyPrevScene(PIPE_WRITE, new Step.PipeRead("p"));
        assertEquals(0, e.load(placer));
        RunResult r = e.run(Duration.ofMillis(3));
        TaskResult c = r.task("consumer");
        assertEquals(MS, c.runtimeNs());
        assertEquals(1, c.migrations());
        assertEquals(1, c.migrationsSameLlc());
        assertEquals(0, c.waitNs(), "the waker blocks at the instant it wakes the consumer");
        assertEquals(2 * MS, r.cpus().get(0).busyNs(), "CPU 0 ran the producer's 1 ms and then the consumer's");
        assertEquals(0, r.cpus().get(2).busyNs() + r.cpus().get(3).busyNs(), "the idle CPUs stayed idle");
    }

    @Test
    void aSyncWakeFallsBackToTheNormalOrderWhenTheWakersLocalDsqIsNotEmpty() {
        // "queued" wakes at 500 µs straight into CPU 0's local DSQ and waits there behind the running producer, so
        // step 1 declines the waker's CPU; the normal order takes an idle CPU of the LLC (2 or 3).
        Placer placer = new Placer(BUSY_PREV_HOMES, Set.of("queued"));
        TaskSpec queued = TaskSpec.of("queued", Step.run(MS)).startingAt(500 * US);
        Pick pick = consumerPick(busyPrevScene(PIPE_WRITE, new Step.PipeRead("p"), queued), placer);
        assertEquals(WakeFlags.TTWU | WakeFlags.SYNC, pick.wakeFlags());
        assertTrue(pick.idle());
        assertTrue(pick.cpu() == 2 || pick.cpu() == 3, () -> "an idle CPU, not the waker's: " + pick);
    }

    @Test
    void withoutTheSyncFlagABusyPrevLeadsToAnIdleCpuNotTheWakers() {
        Placer placer = new Placer(BUSY_PREV_HOMES, Set.of());
        Pick pick = consumerPick(busyPrevScene(new Step.SemPost("p"), new Step.SemWait("p")), placer);
        assertEquals(WakeFlags.TTWU, pick.wakeFlags());
        assertEquals(0, pick.wakerCpu());
        assertTrue(pick.idle());
        assertTrue(pick.cpu() == 2 || pick.cpu() == 3, () -> "an idle CPU, not the waker's: " + pick);
    }

    @Test
    void aSyncWakeAcrossLlcsDoesNotKeepTheIdlePrevButPullsTheWakeeToTheWakersCpu() {
        // producer on CPU 0 (LLC 0), consumer last ran on CPU 2 (LLC 1), idle. Step 1: prev does not share the
        // waker's cache, so not prev; CPU 0's local DSQ is empty and CPUs 1-3 are idle -> the waker's CPU 0.
        Placer placer = new Placer(Map.of("producer", 0, "consumer", 2), Set.of());
        Pick pick = consumerPick(engine(TWO_LLCS, producer(PIPE_WRITE), PIPE_CONSUMER), placer);
        assertEquals(new Pick(2, WakeFlags.TTWU | WakeFlags.SYNC, 0, 0, true), pick);
    }

    @Test
    void withoutSyncTheSameCrossLlcWakeStaysOnTheIdlePrev() {
        Placer placer = new Placer(Map.of("producer", 0, "consumer", 2), Set.of());
        Pick pick = consumerPick(engine(TWO_LLCS, producer(new Step.SemPost("p")), consumer(new Step.SemWait("p"))),
                placer);
        assertEquals(new Pick(2, WakeFlags.TTWU, 0, 2, true), pick);
    }

    @Test
    void selectCpuAndLimitedToCpusWithoutTheWakersSkipsTheWakersCpu() {
        // The busy-prev scene again, but the policy asks scx_bpf_select_cpu_and for CPUs 1-3 only: step 1 may not
        // return CPU 0, and the normal order finds idle CPU 2 or 3.
        List<Integer> got = new ArrayList<>();
        Placer placer = new Placer(BUSY_PREV_HOMES, Set.of()) {
            @Override
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                if ((wakeFlags & WakeFlags.FORK) == 0 && p.comm().equals("consumer")) {
                    Scx scx = Scx.current();
                    int cpu = scx.selectCpuAnd(p, prevCpu, wakeFlags, CpuMask.of(1, 2, 3), 0);
                    got.add(cpu);
                    return cpu >= 0 ? cpu : prevCpu;
                }
                return super.selectCpu(p, prevCpu, wakeFlags);
            }
        };
        Engine e = busyPrevScene(PIPE_WRITE, new Step.PipeRead("p"));
        assertEquals(0, e.load(placer));
        e.runUntil(3 * MS);
        assertTrue(e.exits().isEmpty(), () -> "no ejection: " + e.exits());
        assertEquals(1, got.size());
        assertTrue(got.get(0) == 2 || got.get(0) == 3, () -> "an idle allowed CPU: " + got);
    }

    @Test
    void selectCpuAndOverTheWholeMachineReturnsTheWakersCpuForASyncWake() {
        List<Integer> got = new ArrayList<>();
        Placer placer = new Placer(BUSY_PREV_HOMES, Set.of()) {
            @Override
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                if ((wakeFlags & WakeFlags.FORK) == 0 && p.comm().equals("consumer")) {
                    int cpu = Scx.current().selectCpuAnd(p, prevCpu, wakeFlags, CpuMask.range(0, 4), 0);
                    got.add(cpu);
                    return cpu >= 0 ? cpu : prevCpu;
                }
                return super.selectCpu(p, prevCpu, wakeFlags);
            }
        };
        Engine e = busyPrevScene(PIPE_WRITE, new Step.PipeRead("p"));
        assertEquals(0, e.load(placer));
        e.runUntil(3 * MS);
        assertEquals(List.of(0), got);
    }

    /** Two nodes of two CPUs, one LLC each: CPUs 0-1 are node 0, CPUs 2-3 node 1. */
    static final Topology TWO_NODES = Topology.builder().name("2node-4").source("test")
            .cpu(0, 0, 0, 0, 0).cpu(1, 1, 0, 0, 0).cpu(2, 2, 1, 1, 1).cpu(3, 3, 1, 1, 1).build();

    /**
     * The busy-prev scene on two nodes: producer on CPU 0, consumer last on CPU 1 where a hog runs, so node 0 has no
     * idle CPU and node 1 has two. Returns the consumer's pick under a placer with the given ops flags.
     */
    static Pick twoNodePick(long opsFlags) {
        Placer placer = new Placer(BUSY_PREV_HOMES, Set.of()) {
            @Override
            public long flags() {
                return opsFlags;
            }
        };
        Engine e = engine(TWO_NODES, producer(PIPE_WRITE), PIPE_CONSUMER,
                TaskSpec.of("hog", Step.run(10_000 * MS)).startingAt(100 * US));
        return consumerPick(e, placer);
    }

    @Test
    void withGlobalIdleMasksAnIdleCpuOnAnotherNodeIsEnoughToTakeTheWakersCpu() {
        // one idle mask for the machine: CPUs 2, 3 are idle, so step 1 returns the waker's CPU 0
        assertEquals(new Pick(1, WakeFlags.TTWU | WakeFlags.SYNC, 0, 0, true), twoNodePick(0));
    }

    @Test
    void withPerNodeIdleMasksTheWakersCpuNeedsAnIdleCpuInTheWakersOwnNode() {
        // SCX_OPS_BUILTIN_IDLE_PER_NODE: step 1 looks at the waker's node's idle mask, empty here (CPU 0 runs the
        // producer, CPU 1 the hog), so it declines; the normal order finds CPU 2 or 3 on node 1
        Pick pick = twoNodePick(OpsFlags.BUILTIN_IDLE_PER_NODE);
        assertEquals(WakeFlags.TTWU | WakeFlags.SYNC, pick.wakeFlags());
        assertTrue(pick.idle());
        assertTrue(pick.cpu() == 2 || pick.cpu() == 3, () -> "an idle CPU of node 1: " + pick);
    }

    @Test
    void aPolicySeesWakeSyncForAPipeWriteAndNotForASemaphoreASignalOrRtAppSync() {
        assertEquals(WakeFlags.TTWU | WakeFlags.SYNC, consumerWakeFlags(PIPE_WRITE, new Step.PipeRead("p")));
        assertEquals(WakeFlags.TTWU, consumerWakeFlags(new Step.SemPost("p"), new Step.SemWait("p")));
        assertEquals(WakeFlags.TTWU, consumerWakeFlags(new Step.Signal("c", false), new Step.Wait("c", "m")));
        // rt-app's sync is pthread_cond_signal + wait: a futex wake, which Linux does not mark WF_SYNC
        assertEquals(WakeFlags.TTWU, consumerWakeFlags(new Step.Sync("c", "m"), new Step.Wait("c", "m")));
    }

    /** The wake flags {@code ops.select_cpu} got for the consumer's one wake-up after its fork. */
    static long consumerWakeFlags(Step wake, Step waitStep) {
        List<Long> flags = new ArrayList<>();
        SchedOps recorder = new SchedOps() {
            @Override
            public String name() {
                return "recorder";
            }

            @Override
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                if (p.comm().equals("consumer")) {
                    flags.add(wakeFlags);
                }
                return prevCpu;
            }
        };
        List<Step> producerSteps = new ArrayList<>();
        if (waitStep instanceof Step.Wait) {
            producerSteps.add(new Step.Lock("m"));
        }
        producerSteps.add(Step.run(MS));
        producerSteps.add(wake);
        if (wake instanceof Step.Signal) {
            producerSteps.add(new Step.Unlock("m"));
        }
        producerSteps.add(new Step.PipeRead("never"));
        Engine e = engine(FLAT_4, TaskSpec.of("producer", producerSteps.toArray(Step[]::new)).startingAt(100 * US),
                TaskSpec.of("consumer", waitLocked(waitStep)));
        assertEquals(0, e.load(recorder));
        e.runUntil(5 * MS);
        assertTrue(e.exits().isEmpty(), () -> "no ejection: " + e.exits());
        assertEquals(2, flags.size(), () -> "fork and one wake-up: " + flags);
        assertEquals(WakeFlags.FORK, flags.get(0));
        return flags.get(1);
    }

    /** A condition wait needs its mutex held first (pthread_cond_wait); other waits stand alone. */
    static Step[] waitLocked(Step waitStep) {
        return waitStep instanceof Step.Wait w
                ? new Step[] {new Step.Lock(w.mutex()), waitStep, new Step.Unlock(w.mutex())}
                : new Step[] {waitStep};
    }
}
