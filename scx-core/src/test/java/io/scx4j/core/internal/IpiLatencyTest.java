package io.scx4j.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.Dsq;
import io.scx4j.api.KickFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.api.WakeFlags;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.EventSink;
import io.scx4j.core.MachineModel;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Reschedule IPI latency ({@link Ipi}, {@link MachineModel.Ipi}): a kick or wake-up of another CPU acts when the IPI
 * lands, a kick of the local CPU at once, an {@code SCX_KICK_WAIT} kicker spins until the landing, and without the
 * effect ({@link MachineModel#ideal()}) everything happens at the instant of the kick.
 *
 * <p>Every other effect is off (the nominal machine plus the IPI effect alone), so a capacity-1024 CPU does 1 ns of
 * work per ns, switches are free and idle CPUs wake at once: each time below is the kick's time plus the latency.
 */
class IpiLatencyTest {
    static final long MS = 1_000_000L;
    static final long US = 1_000L;
    /** A latency no default has, so that a pass cannot come from a default by accident. */
    static final long LATENCY = 3 * US;

    /** Callbacks and switches in the order the engine made them: "timeNs what". */
    final List<String> log = new ArrayList<>();

    Kernel kernel(MachineModel machine) {
        Kernel k = new Kernel(TopologyPresets.get("flat-4"), EngineConfig.defaults().withMachine(machine));
        // a task at 0 ms, so that the reschedule of every CPU at load is done at 0 ms (a workload's program loops:
        // each task here ends in a long sleep where it must stop)
        k.addTask(pinned("early", 3, 0, Step.run(10 * US), Step.sleep(100 * MS)));
        k.addSink(new EventSink() {
            @Override
            public void onSwitch(long timeNs, int cpu, @Nullable Task prev, @Nullable Task next) {
                log.add(timeNs + " switch@" + cpu + " " + (prev == null ? "idle" : prev.comm()) + "->"
                        + (next == null ? "idle" : next.comm()));
            }
        });
        return k;
    }

    static MachineModel ipiOnly(long ns) {
        return MachineModel.ideal().withIpi(MachineModel.Ipi.uniform(ns));
    }

    /**
     * Inserts every task into its CPU's local DSQ; when "trigger" is enqueued (it forks on CPU 0) it kicks each of
     * {@code targets} with {@code kickFlags}. Logs ops.dispatch per CPU.
     */
    SchedOps kicker(long kickFlags, int... targets) {
        return new SchedOps() {
            public String name() { return "kicker"; }

            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, enqFlags);
                if (p.comm().equals("trigger")) {
                    for (int t : targets) {
                        scx.kickCpu(t, kickFlags);
                    }
                }
            }

            public void dispatch(int cpu, @Nullable Task prev) {
                log.add(Scx.current().now() + " dispatch@" + cpu);
            }

            public void stopping(Task p, boolean runnable) {
                log.add(Scx.current().now() + " stopping " + p.comm() + (runnable ? "" : " done"));
            }
        };
    }

    static TaskSpec pinned(String comm, int cpu, long startNs, Step... steps) {
        return TaskSpec.of(comm, steps).withAffinity(CpuMask.of(cpu)).toBuilder().startNs(startNs).build();
    }

    @Test
    void anIdleRemoteCpuKickedAt2msRunsItsDispatchAt2msPlusTheLatency() {
        Kernel k = kernel(ipiOnly(LATENCY));
        k.addTask(pinned("trigger", 0, 2 * MS, Step.run(MS)));
        assertEquals(0, k.load(kicker(0, 1)));
        log.clear();
        k.runUntil(3 * MS);
        assertFalse(log.contains((2 * MS) + " dispatch@1"), () -> "CPU 1 acted before the IPI landed: " + log);
        assertTrue(log.contains((2 * MS + LATENCY) + " dispatch@1"), log::toString);
        assertEquals(1, k.ipi.sent());
    }

    @Test
    void withoutTheEffectTheKickedCpuDispatchesAtTheInstantOfTheKick() {
        Kernel k = kernel(MachineModel.ideal());
        k.addTask(pinned("trigger", 0, 2 * MS, Step.run(MS)));
        assertEquals(0, k.load(kicker(0, 1)));
        log.clear();
        k.runUntil(3 * MS);
        assertTrue(log.contains((2 * MS) + " dispatch@1"), log::toString);
        assertEquals(0, k.ipi.sent());
    }

    @Test
    void aPreemptKickOfTheLocalCpuActsAtOnceAndOfARemoteCpuWhenTheIpiLands() {
        // hog0 and hog1 run on CPUs 0 and 1 from 0 ms, waiter1 queues behind hog1 at 1 ms; trigger forks on CPU 0
        // at 2.5 ms and its enqueue PREEMPT-kicks CPU 0 (itself) and CPU 1
        Kernel k = kernel(ipiOnly(LATENCY));
        k.addTask(pinned("hog0", 0, 0, Step.run(10 * MS)));
        k.addTask(pinned("hog1", 1, 0, Step.run(10 * MS)));
        k.addTask(pinned("waiter1", 1, MS, Step.run(10 * MS))); // queued behind hog1: the kick makes it run
        k.addTask(pinned("trigger", 0, 2_500 * US, Step.run(MS)));
        assertEquals(0, k.load(kicker(KickFlags.PREEMPT, 0, 1)));
        k.runUntil(3 * MS);
        assertTrue(log.contains((2_500 * US) + " stopping hog0"), () -> "local kick: at once " + log);
        assertTrue(log.contains((2_500 * US + LATENCY) + " stopping hog1"), () -> "remote kick: + latency " + log);
        assertEquals(1, k.ipi.sent(), "one IPI: the local kick sends none");
    }

    @Test
    void aSecondKickWhileTheIpiIsInFlightSendsNoSecondIpi() {
        Kernel k = kernel(ipiOnly(LATENCY));
        k.addTask(pinned("trigger", 0, 2 * MS, Step.run(MS)));
        assertEquals(0, k.load(kicker(0, 1, 1)));
        log.clear();
        k.runUntil(3 * MS);
        assertEquals(1, k.ipi.sent());
        assertEquals(1, k.ipi.coalesced());
        assertEquals(List.of((2 * MS + LATENCY) + " dispatch@1"),
                log.stream().filter(s -> s.endsWith("dispatch@1") && !s.startsWith("0 ")).toList());
    }

    @Test
    void aWaitKickersNextPickComesNoEarlierThanTheIpiLandingAndAfterTheTargetsPick() {
        // KickWaitTest's scene with a 3 us IPI: victim runs on CPU 1 and other waits behind it; trigger forks on idle
        // CPU 0 at 2 ms and PREEMPT|WAIT-kicks CPU 1
        Kernel k = kernel(ipiOnly(LATENCY));
        k.addTask(pinned("victim", 1, 0, Step.run(10 * MS)));
        k.addTask(pinned("other", 1, MS, Step.run(10 * MS)));
        k.addTask(pinned("trigger", 0, 2 * MS, Step.run(MS)));
        assertEquals(0, k.load(kicker(KickFlags.PREEMPT | KickFlags.WAIT, 1)));
        k.runUntil(3 * MS);
        long landing = 2 * MS + LATENCY;
        int targetSwitch = log.indexOf(landing + " switch@1 victim->other");
        int kickerRuns = log.indexOf(landing + " switch@0 idle->trigger");
        assertTrue(targetSwitch >= 0 && kickerRuns > targetSwitch,
                () -> "trigger starts on CPU 0 at the landing, after CPU 1 switched: " + log);
        assertEquals(2, k.kickWait.deferredPicks(), "put off at 2 ms and once more in the landing's first pass");
        assertEquals(4, k.kickWait.kickSync(0), "CPU 0's pick path: 0 ms (idle), 2 ms (put off), at the landing"
                + " (put off, then picks)");
        assertFalse(k.kickWait.waiting(0));
    }

    @Test
    void aWaitingKickersOwnTaskMakesNoProgressWhileItSpins() {
        // hog0 (10 ms of work) runs on CPU 0; trigger forks there at 2 ms and PREEMPT|WAIT-kicks CPU 1, which runs
        // victim. CPU 0 spins 3 us for the IPI, then keeps hog0 (slice left): hog0 finishes at 10 ms + 3 us.
        Kernel k = kernel(ipiOnly(LATENCY));
        k.addTask(pinned("hog0", 0, 0, Step.run(10 * MS), Step.sleep(100 * MS)));
        k.addTask(pinned("victim", 1, 0, Step.run(20 * MS)));
        k.addTask(pinned("trigger", 0, 2 * MS, Step.run(MS)));
        assertEquals(0, k.load(kicker(KickFlags.PREEMPT | KickFlags.WAIT, 1)));
        k.runUntil(12 * MS);
        assertTrue(log.contains((10 * MS + LATENCY) + " stopping hog0 done"), log::toString);
    }

    @Test
    void aWaitKickWithoutTheEffectCostsNoTime() {
        Kernel k = kernel(MachineModel.ideal());
        k.addTask(pinned("hog0", 0, 0, Step.run(10 * MS), Step.sleep(100 * MS)));
        k.addTask(pinned("victim", 1, 0, Step.run(20 * MS)));
        k.addTask(pinned("trigger", 0, 2 * MS, Step.run(MS)));
        assertEquals(0, k.load(kicker(KickFlags.PREEMPT | KickFlags.WAIT, 1)));
        k.runUntil(12 * MS);
        assertTrue(log.contains((10 * MS) + " stopping hog0 done"), log::toString);
    }

    @Test
    void aRingOfWaitKicksWithIpisInFlightSettlesAndLeavesNoCpuWaiting() {
        // KickWaitTest's cyclic_kick_wait ring from wake-ups (four workers pinned to each of CPUs 0-2, every enqueue
        // WAIT-kicks the next CPU) with every kick now an IPI in flight: waiters spin instead of looking again in
        // the same instant, and each landing releases them; nothing deadlocks or loops within an instant
        Kernel k = kernel(ipiOnly(LATENCY));
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                k.addTask(TaskSpec.of("worker" + c + "." + i, Step.run(20_000), Step.sleep(50_000))
                        .withAffinity(CpuMask.of(c)));
            }
        }
        assertEquals(0, k.load(new SchedOps() {
            public String name() { return "cyclic_kick_wait"; }

            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
                scx.kickCpu((scx.taskCpu(p) + 1) % 3, KickFlags.WAIT);
            }
        }));
        k.runUntil(100 * MS);
        assertTrue(k.exits().isEmpty(), () -> k.exits().toString());
        assertTrue(k.ipi.sent() > 100, "IPIs sent: " + k.ipi.sent());
        assertTrue(k.kickWait.deferredPicks() > 100, "picks put off: " + k.kickWait.deferredPicks());
        for (int c = 0; c < 3; c++) {
            assertFalse(k.kickWait.waiting(c), "cpu " + c + " is left waiting");
        }
    }

    @Test
    void aTaskWokenByItsTimerOntoAnotherIdleCpuStartsThereWhenTheIpiLands() {
        // sleeper forks on CPU 0, runs 1 ms, sleeps 1 ms; at 2 ms its timer fires on CPU 0 and select_cpu moves it to
        // idle CPU 1, where it starts 3 us later and runs its last 1 ms
        Kernel k = kernel(ipiOnly(LATENCY));
        k.addTask(TaskSpec.of("sleeper", Step.run(MS), Step.sleep(MS), Step.run(MS), Step.sleep(100 * MS))
                .withAffinity(CpuMask.of(0, 1)));
        assertEquals(0, k.load(new SchedOps() {
            public String name() { return "mover"; }

            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                return (wakeFlags & WakeFlags.FORK) != 0 ? 0 : 1 - prevCpu;
            }

            public void enqueue(Task p, long enqFlags) {
                Scx.current().dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, enqFlags);
            }
        }));
        k.runUntil(4 * MS);
        assertTrue(log.contains("0 switch@0 idle->sleeper"), log::toString);
        assertTrue(log.contains((2 * MS + LATENCY) + " switch@1 idle->sleeper"), log::toString);
        assertTrue(log.contains((3 * MS + LATENCY) + " switch@1 sleeper->idle"), log::toString);
    }

    @Test
    void aFairTaskWokenByATaskOnAnotherCpuStartsWhenTheIpiLands() {
        // no policy: pinger on CPU 0 runs 2 ms and resumes ponger, suspended on CPU 1; ponger starts 3 us later
        Kernel k = kernel(ipiOnly(LATENCY));
        k.addTask(pinned("ponger", 1, 0, new Step.Suspend(), Step.run(MS)));
        k.addTask(pinned("pinger", 0, 0, Step.run(2 * MS), new Step.Resume("ponger"), Step.run(MS)));
        k.runUntil(4 * MS);
        assertTrue(log.contains((2 * MS + LATENCY) + " switch@1 idle->ponger"), log::toString);
    }

    @Test
    void aFairWakeUpOntoTheWakersOwnCpuSendsNoIpi() {
        // both pinned to CPU 0: pinger resumes ponger at 2 ms, ponger queues on CPU 0 with no IPI
        Kernel k = kernel(ipiOnly(LATENCY));
        k.addTask(pinned("ponger", 0, 0, new Step.Suspend(), Step.run(MS)));
        k.addTask(pinned("pinger", 0, 0, Step.run(2 * MS), new Step.Resume("ponger"), Step.sleep(MS)));
        k.runUntil(4 * MS);
        assertEquals(0, k.ipi.sent());
    }

    @Test
    void theLatencyFollowsTheDistanceFromSameCoreToAnotherNode() {
        // server-2s-64c128t: CPU i and i+64 are SMT siblings, 8 cores per L3, CPUs 32-63 on the second socket
        Kernel k = new Kernel(TopologyPresets.get("server-2s-64c128t"), EngineConfig.defaults()
                .withMachine(MachineModel.ideal().withIpi(new MachineModel.Ipi(true, 100, 200, 300, 400))));
        assertEquals(100, k.ipi.latencyNs(0, 64), "SMT sibling");
        assertEquals(200, k.ipi.latencyNs(0, 1), "same L3");
        assertEquals(300, k.ipi.latencyNs(0, 8), "another L3 of the socket");
        assertEquals(400, k.ipi.latencyNs(0, 32), "the other socket");
    }

    @Test
    void theDefaultsAreOneMicrosecondWithinAnLlcAndTwoAcrossNodesAndIdealTurnsThemOff() {
        MachineModel.Ipi d = MachineModel.defaults().ipi();
        assertTrue(d.enabled());
        assertEquals(1_000, d.sameCoreNs());
        assertEquals(1_000, d.sameLlcNs());
        assertEquals(1_500, d.otherLlcNs());
        assertEquals(2_000, d.otherNodeNs());
        assertFalse(MachineModel.ideal().ipi().enabled());
    }

    @Test
    void aNegativeLatencyIsRefusedWithTheFieldNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MachineModel.Ipi(true, 1_000, -1, 1_500, 2_000));
        assertEquals("machine.ipi.sameLlcNs: expected >= 0, got -1", e.getMessage());
    }
}
