package io.scx4j.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.Dsq;
import io.scx4j.api.KickFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.MachineModel;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code SCX_KICK_WAIT} ({@link KickWait}): the kicker picks its next task only after the target went through its pick
 * path; no wait when the target runs no ext task; a ring of waits settles.
 *
 * <p>The machine is the nominal one (no switch cost, no idle exit latency), so every switch happens at the instant the
 * engine decides it, and a kick reschedules its target at the same instant: the tests pin the order of the callbacks
 * at that instant and the number of picks the wait put off.
 */
class KickWaitTest {
    static final long MS = 1_000_000L;

    final Kernel kernel = new Kernel(TopologyPresets.get("flat-4"),
            EngineConfig.defaults().withMachine(MachineModel.ideal()));
    /** Callbacks in the order the engine made them: "time op comm@cpu". */
    final List<String> log = new ArrayList<>();

    /**
     * Inserts every task into its CPU's local DSQ; when the task named "trigger" is enqueued (it wakes on CPU 0), kicks
     * CPU 1 with {@code kickFlags}.
     */
    SchedOps policy(long kickFlags) {
        return new SchedOps() {
            public String name() { return "kick_wait"; }

            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, enqFlags);
                if (p.comm().equals("trigger")) {
                    scx.kickCpu(1, kickFlags);
                    log.add(scx.now() / MS + "ms kick cpu1 waiting=" + kernel.kickWait.waiting(0));
                }
            }

            public void running(Task p) {
                log.add(Scx.current().now() / MS + "ms running " + p.comm() + "@" + Scx.current().taskCpu(p));
            }

            public void stopping(Task p, boolean runnable) {
                log.add(Scx.current().now() / MS + "ms stopping " + p.comm() + "@" + Scx.current().taskCpu(p));
            }
        };
    }

    void tasks(boolean targetExt) {
        // CPU 1: "victim" runs 10 ms from 0 and "other" waits behind it on CPU 1's local DSQ; CPU 0: "trigger" forks
        // at 2 ms
        TaskSpec victim = TaskSpec.of("victim", Step.run(10 * MS)).withAffinity(CpuMask.of(1));
        if (!targetExt) {
            victim = victim.toBuilder().policy(SchedPolicy.FIFO).rtPriority(10).build();
        }
        kernel.addTask(victim);
        if (targetExt) {
            kernel.addTask(TaskSpec.of("other", Step.run(10 * MS)).withAffinity(CpuMask.of(1)).toBuilder()
                    .startNs(MS).build());
        }
        kernel.addTask(TaskSpec.of("trigger", Step.run(MS)).withAffinity(CpuMask.of(0)).toBuilder()
                .startNs(2 * MS).build());
    }

    @Test
    void aPreemptWaitKickPutsOffTheKickersPickUntilTheTargetsTaskWasSwitchedOut() {
        tasks(true);
        assertEquals(0, kernel.load(policy(KickFlags.PREEMPT | KickFlags.WAIT)));
        kernel.runUntil(3 * MS);
        // At 2 ms the kick zeroes victim's slice and both CPUs must reschedule. CPU 0 comes first in the reschedule
        // step but waits: its pick is put off once, CPU 1 puts victim back (stopping) and starts other, then CPU 0
        // starts trigger. Without WAIT, trigger would be running before victim stops (next test).
        int stop = log.indexOf("2ms stopping victim@1");
        int other = log.indexOf("2ms running other@1");
        int run = log.indexOf("2ms running trigger@0");
        assertTrue(stop >= 0 && other > stop && run > other, () -> "victim switched out before trigger ran: " + log);
        assertTrue(log.contains("2ms kick cpu1 waiting=true"), log::toString);
        assertEquals(1, kernel.kickWait.deferredPicks());
        assertFalse(kernel.kickWait.waiting(0), "the wait is over once CPU 1 went through its pick path");
        assertEquals(kernel.kickWait.kickSync(0), 3,
                "CPU 0: entered its pick path at 0 ms (idle), at 2 ms (put off), at 2 ms again (picks trigger)");
    }

    @Test
    void withoutWaitTheKickerPicksFirstInTheRescheduleStep() {
        tasks(true);
        assertEquals(0, kernel.load(policy(KickFlags.PREEMPT)));
        kernel.runUntil(3 * MS);
        int stop = log.indexOf("2ms stopping victim@1");
        int run = log.indexOf("2ms running trigger@0");
        assertTrue(stop >= 0 && run >= 0 && run < stop, () -> "no wait: trigger runs before victim stops: " + log);
        assertEquals(0, kernel.kickWait.deferredPicks());
    }

    @Test
    void aWaitKickOnACpuRunningNoExtTaskReturnsAtOnce() {
        tasks(false); // victim is SCHED_FIFO: CPU 1 runs an RT task, there is nothing to wait for
        assertEquals(0, kernel.load(policy(KickFlags.WAIT)));
        kernel.runUntil(3 * MS);
        assertTrue(log.contains("2ms kick cpu1 waiting=false"), log::toString);
        assertTrue(log.contains("2ms running trigger@0"), log::toString);
        assertEquals(0, kernel.kickWait.deferredPicks());
    }

    @Test
    void aWaitKickOnAnIdleCpuReturnsAtOnce() {
        kernel.addTask(TaskSpec.of("trigger", Step.run(MS)).withAffinity(CpuMask.of(0)).toBuilder()
                .startNs(2 * MS).build());
        assertEquals(0, kernel.load(policy(KickFlags.WAIT)));
        kernel.runUntil(3 * MS);
        assertTrue(log.contains("2ms kick cpu1 waiting=false"), log::toString);
        assertEquals(0, kernel.kickWait.deferredPicks());
    }

    @Test
    void threeCpusWaitKickingEachOtherInARingAtOneInstantAllPick() {
        // CPUs 0, 1, 2 each run a 10 ms task; at 2 ms a task wakes on each and its enqueue WAIT-kicks the next CPU
        for (int c = 0; c < 3; c++) {
            kernel.addTask(TaskSpec.of("busy" + c, Step.run(10 * MS)).withAffinity(CpuMask.of(c)));
            kernel.addTask(TaskSpec.of("ring" + c, Step.run(MS)).withAffinity(CpuMask.of(c)).toBuilder()
                    .startNs(2 * MS).build());
        }
        assertEquals(0, kernel.load(new SchedOps() {
            public String name() { return "ring"; }

            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                int cpu = scx.taskCpu(p);
                boolean ring = p.comm().startsWith("ring");
                scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, enqFlags | (ring ? io.scx4j.api.EnqFlags.PREEMPT : 0));
                if (ring) {
                    scx.kickCpu((cpu + 1) % 3, KickFlags.WAIT);
                }
            }

            public void running(Task p) {
                log.add(Scx.current().now() / MS + "ms running " + p.comm());
            }
        }));
        kernel.runUntil(3 * MS);
        for (int c = 0; c < 3; c++) {
            assertTrue(log.contains("2ms running ring" + c), log::toString);
            assertFalse(kernel.kickWait.waiting(c), "cpu " + c + " still waits");
        }
        assertTrue(kernel.kickWait.deferredPicks() >= 1, "someone had to wait");
        assertTrue(kernel.exits().isEmpty(), () -> kernel.exits().toString());
    }

    @Test
    void aRingOfWaitKicksFromWakeupsPutsPicksOffAndLeavesNoCpuWaiting() {
        // the cyclic_kick_wait ring (conformance.CyclicKickWaitTest) with workers that sleep instead of yielding, so
        // the kicks come from wake-ups, before the reschedule step, and a kicker whose turn comes before its target's
        // must wait: four workers pinned to each of CPUs 0-2 for 100 ms, every enqueue WAIT-kicks the next CPU
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                kernel.addTask(TaskSpec.of("worker" + c + "." + i, Step.run(20_000), Step.sleep(50_000))
                        .withAffinity(CpuMask.of(c)));
            }
        }
        assertEquals(0, kernel.load(new SchedOps() {
            public String name() { return "cyclic_kick_wait"; }

            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
                int cpu = scx.taskCpu(p);
                scx.kickCpu((cpu + 1) % 3, KickFlags.WAIT);
            }
        }));
        kernel.runUntil(100 * MS);
        assertTrue(kernel.exits().isEmpty(), () -> kernel.exits().toString());
        assertTrue(kernel.kickWait.deferredPicks() > 100, "picks put off: " + kernel.kickWait.deferredPicks());
        for (int c = 0; c < 3; c++) {
            assertFalse(kernel.kickWait.waiting(c), "cpu " + c + " is left waiting");
        }
    }
}
