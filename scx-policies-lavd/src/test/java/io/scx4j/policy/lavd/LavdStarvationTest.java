package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.ExitInfo;
import io.scx4j.api.ExitKind;
import io.scx4j.api.ForwardingSchedOps;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.testing.RandomTaskSets;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.testfixtures.RandomMachines;
import io.scx4j.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two ways the upstream algorithm (sched-ext/scx 7a58a3a1) can leave a queued task unrun for good, both found by
 * {@link LavdNoStarvationPropertyTest} and shrunk by jqwik, pinned here as upstream behaves (the port is faithful)
 * and with the scx4j {@code fix-starvation} option ({@link LavdOptions#fixStarvation}) that removes them.
 *
 * <ol>
 *   <li><b>A frozen logical clock.</b> Tasks that sleep for 10 µs after every 50 µs are so latency-critical that
 *       their deadline delta falls below the compete window, so each is queued before the clock and running it does
 *       not advance the clock ({@code advance_cur_logical_clk} ignores a deadline in the past). Two such tasks pinned
 *       to one CPU take turns for ever ahead of a third whose deadline lies after the clock.</li>
 *   <li><b>Free steals of CPU hogs.</b> A task that never sleeps never refreshes {@code util_est}, so its queued load
 *       is nil, stealing it costs the stealer's and stealee's budgets nothing, and a stealer domain takes such tasks
 *       from the stealee on every dispatch while tasks queued on its own DSQs wait.</li>
 * </ol>
 */
class LavdStarvationTest {
    static final long US = 1_000L;
    static final long MS = 1_000_000L;

    /** LAVD with a 2 s watchdog instead of upstream's 30 s, so a stall ejects it within the test. */
    static final class ShortWatchdog extends ForwardingSchedOps {
        ShortWatchdog(LavdPolicy lavd) {
            super(lavd);
        }

        @Override
        public long timeoutMs() {
            return 2_000;
        }
    }

    /** Two CPUs (one SMT core); three tasks pinned to CPU 1 that run 50 µs and sleep 10 µs, the third at nice 2. */
    static Engine frozenClockCase(boolean fix) {
        Topology smtPair = new RandomMachines.Shape(1, true, 0, 300, true, 1).build();
        Engine e = new Engine(smtPair, LavdOnEngineTest.config(0));
        List<TaskSpec> tasks = new ArrayList<>();
        int[] nice = {0, 0, 2};
        for (int i = 0; i < nice.length; i++) {
            tasks.add(TaskSpec.of("t" + i, Step.run(50 * US), Step.sleep(10 * US)).withNice(nice[i])
                    .withAffinity(RandomTaskSets.mask(0b10, 2)));
        }
        e.addWorkload(new Workload("frozen-clock", tasks));
        e.load(new ShortWatchdog(new LavdPolicy(
                LavdOptions.defaults().withPowerMode(PowerMode.PERFORMANCE).withFixStarvation(fix))));
        return e;
    }

    @Test
    void upstreamsFrozenLogicalClockStarvesAPinnedTaskUntilTheWatchdogEjectsLavd() {
        Engine e = frozenClockCase(false);
        e.runUntil(3_000 * MS);

        RunResult r = e.result();
        assertEquals(1, r.exits().size(), () -> "exits: " + r.exits());
        ExitInfo exit = r.exits().getFirst();
        assertEquals(ExitKind.ERROR_STALL, exit.kind());
        assertTrue(exit.message().contains("t2"), () -> "the nice-2 task is the one left behind: " + exit.message());
    }

    @Test
    void withFixStarvationEveryDeadlineLiesAheadOfTheClockAndThePinnedTasksShareTheCpu() {
        Engine e = frozenClockCase(true);
        e.runUntil(1_000 * MS);
        RunResult second = e.result();
        e.runUntil(3_000 * MS);

        RunResult r = e.result();
        assertTrue(r.exits().isEmpty(), () -> "no exit: " + r.exits());
        for (int i = 0; i < 3; i++) {
            long share = r.tasks().get(i).runtimeNs() - second.tasks().get(i).runtimeNs();
            // all three only ever sleep 10 µs, so CPU 1 is round-robin among them: a third each of 2 s
            assertTrue(share > 600 * MS && share < 730 * MS, "t" + i + " ran " + share / MS + " ms of 2 s");
        }
    }

    /**
     * The shrunk sample (1 SMT core + 1 E core of capacity 433 in its own LLC, powersave): a run time, a sleep
     * (0 = never sleeps), nice and affinity bits per task. The E core's domain is overloaded by the tasks pinned to
     * it and the non-performance-critical hogs LAVD places there; the P core's domain steals the hogs back on every
     * dispatch while the tasks queued on it wait.
     */
    static final long[][] FREE_STEAL_CASE = {
        {50_000, 0, 0, 0}, {50_000, 10_000, 1, 0}, {51_524, 89_689, 6, 363}, {53_030, 0, 13, 100},
        {50_869, 0, 10, 22}, {80_583, 0, -19, 2_750_092}, {50_006, 10_762, -17, 102_748},
        {52_468, 10_002, 7, 633}, {50_032, 0, -4, 40_960}, {50_000, 10_000_000, 1, 1}, {50_427, 0, -17, 21},
        {19_999_999, 0, 1, 16_777_214}, {56_101, 0, -9, 33}, {50_000, 10_062, -18, 5_044},
    };

    /** Per task, CPU time in each 100 ms window from 500 ms to 1 s. */
    static long[][] freeStealCase(boolean fix) {
        Topology machine = new RandomMachines.Shape(1, true, 1, 433, true, 1).build();
        Engine e = new Engine(machine, LavdOnEngineTest.config(315_435));
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < FREE_STEAL_CASE.length; i++) {
            long[] t = FREE_STEAL_CASE[i];
            Step[] program = t[1] > 0 ? new Step[] {Step.run(t[0]), Step.sleep(t[1])} : new Step[] {Step.run(t[0])};
            tasks.add(TaskSpec.of("t" + i, program).withNice((int) t[2])
                    .withAffinity(RandomTaskSets.mask((int) t[3], machine.nrCpuIds())));
        }
        e.addWorkload(new Workload("free-steal", tasks));
        e.load(new LavdPolicy(LavdOptions.defaults().withPowerMode(PowerMode.POWERSAVE).withFixStarvation(fix)));
        long[][] windows = new long[tasks.size()][5];
        e.runUntil(500 * MS);
        RunResult before = e.result();
        for (int w = 0; w < 5; w++) {
            e.runUntil((600 + 100 * w) * MS);
            RunResult after = e.result();
            for (int i = 0; i < tasks.size(); i++) {
                windows[i][w] = after.tasks().get(i).runtimeNs() - before.tasks().get(i).runtimeNs();
            }
            before = after;
        }
        assertTrue(before.exits().isEmpty(), "no exit within 1 s");
        return windows;
    }

    @Test
    void upstreamsStealerDomainTakesLoadlessHogsOnEveryDispatchWhileItsOwnQueueWaits() {
        long[][] windows = freeStealCase(false);
        List<String> starved = new ArrayList<>();
        for (int i = 0; i < windows.length; i++) {
            if (java.util.Arrays.stream(windows[i]).sum() == 0) {
                starved.add("t" + i);
            }
        }
        // t1, t2, t7, t9, t10 and t12 queue on the P core's DSQs (t9 and t12 pinned to CPU 0)
        assertTrue(starved.containsAll(List.of("t1", "t2", "t9", "t12")), () -> "starved from 500 ms: " + starved);
    }

    @Test
    void withFixStarvationAStolenHogSpendsTheBudgetAndEveryTaskRunsInEveryTenthOfASecond() {
        long[][] windows = freeStealCase(true);
        for (int i = 0; i < windows.length; i++) {
            for (int w = 0; w < windows[i].length; w++) {
                int task = i;
                int window = w;
                assertTrue(windows[i][w] > 0, () -> "t" + task + " did not run in window " + window + " ("
                        + (500 + 100 * window) + "–" + (600 + 100 * window) + " ms)");
            }
        }
    }
}
