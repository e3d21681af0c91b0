package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.ExitInfo;
import io.scx4j.api.ExitKind;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Task;
import io.scx4j.core.Engine;
import io.scx4j.core.EventSink;
import io.scx4j.core.RunResult;
import io.scx4j.core.TaskResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The conformance scenarios that apply to a full policy, run with LAVD loaded (the scenarios of scx-core's
 * {@code conformance} package and the kernel selftests they port, with LAVD in place of the test schedulers): no stall
 * under the watchdog ({@code kernel/sched/ext.c} {@code check_rq_for_timeouts}: a runnable task not run within
 * {@code timeout_ms}, 30 s by default, ejects the scheduler with {@code SCX_EXIT_ERROR_STALL}), affinity respected
 * (pinned, subsets, E cores only, across compute domains and NUMA nodes), cgroup moves and class changes, and
 * attach/detach cycles that lose no task. Hotplug is in {@link LavdHotplugTest}.
 */
class LavdConformanceTest {
    static final long US = 1_000L;
    static final long MS = 1_000_000L;
    static final long SEC = 1_000 * MS;

    /** The longest time each task waited between two of its runs (for tasks that never sleep: its runnable wait). */
    static final class LongestGap implements EventSink {
        final Map<String, Long> lastIn = new HashMap<>();
        final Map<String, Long> lastOut = new HashMap<>();
        final Map<String, Long> longest = new HashMap<>();

        @Override
        public void onSwitch(long timeNs, int cpu, @Nullable Task prev, @Nullable Task next) {
            if (prev != null) {
                lastOut.put(prev.comm(), timeNs);
            }
            if (next != null) {
                Long out = lastOut.get(next.comm());
                if (out != null) {
                    longest.merge(next.comm(), timeNs - out, Math::max);
                }
                lastIn.put(next.comm(), timeNs);
            }
        }
    }

    /** Every CPU each task ran on. */
    static final class Placement implements EventSink {
        final Map<String, CpuMask.Builder> ranOn = new HashMap<>();

        @Override
        public void onSwitch(long timeNs, int cpu, @Nullable Task prev, @Nullable Task next) {
            if (next != null) {
                ranOn.computeIfAbsent(next.comm(), k -> CpuMask.builder()).set(cpu);
            }
        }

        CpuMask of(String comm) {
            CpuMask.Builder b = ranOn.get(comm);
            return b == null ? CpuMask.empty() : b.build();
        }
    }

    @Test
    void aFortyTaskOverloadOnFourCpusRuns35SecondsUnderTheDefaultWatchdogWithoutAStall() {
        // 32 hogs over the whole nice range and 8 short sleepers on 4 CPUs: 10 tasks per CPU, for 35 s of simulated
        // time, longer than the default 30 s watchdog timeout (LAVD sets no timeout_ms)
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            tasks.add(TaskSpec.of("hog" + i, Step.run(100 * SEC)).withNice(-20 + (i * 39) / 31));
        }
        tasks.addAll(Workload.copies(8, TaskSpec.of("sleeper", Step.run(500 * US), Step.sleep(3 * MS))));
        LavdPolicy lavd = new LavdPolicy();
        Engine e = new Engine(TopologyPresets.get("flat-4"), LavdOnEngineTest.config(35));
        e.addWorkload(new Workload("overload", tasks));
        LongestGap gaps = new LongestGap();
        e.addSink(gaps);
        assertEquals(0, e.load(lavd));

        e.runUntil(35 * SEC);

        RunResult r = e.result();
        assertTrue(r.exits().isEmpty(), () -> "no exit (a watchdog stall would be ERROR_STALL): " + r.exits());
        assertTrue(e.policyLoaded(), "lavd is still the scheduler after 35 s");
        assertEquals(4 * 35 * SEC, r.totalRuntimeNs(), 35 * MS, "the four CPUs stayed busy");
        long worst = 0;
        String worstTask = "";
        for (TaskResult t : r.tasks()) {
            assertTrue(t.runtimeNs() > 0, () -> t.comm() + " got no CPU time");
            long gap = t.comm().startsWith("hog") ? gaps.longest.getOrDefault(t.comm(), 0L) : t.wakeLatencyMaxNs();
            if (gap > worst) {
                worst = gap;
                worstTask = t.comm();
            }
        }
        System.out.printf("lavd, 40 tasks on 4 CPUs for 35 s: longest wait %d ms (%s); nice -20 hog %d ms, nice 19 hog"
                        + " %d ms of CPU%n", worst / MS, worstTask, r.task("hog0").runtimeNs() / MS,
                r.task("hog31").runtimeNs() / MS);
        // a stall needs 30 s without a run; LAVD's deadlines keep every task's wait far below that
        assertTrue(worst < 3 * SEC, "longest wait of a runnable task " + worst / MS + " ms (" + worstTask + ")");
        assertTrue(r.task("hog0").runtimeNs() > r.task("hog31").runtimeNs(), "nice -20 gets more CPU than nice 19");
    }

    /**
     * rt_stall with LAVD: SCHED_FIFO hogs own CPUs 0-2 of four, beside eight unpinned LAVD tasks (2 ms run, 1 ms
     * sleep: two thirds of a CPU each) and one LAVD task pinned to CPU 1, for 35 s. CPU 3 is the only CPU free of RT
     * work, so it must stay busy with LAVD tasks; the pinned task lives on CPU 1's ext deadline server (50 ms each
     * second, shared with whatever LAVD dispatches there). Found two port bugs: without {@code ops.cpu_release} tasks
     * waited on the local DSQ of an RT-held CPU, and with RT time not counted as busy, autopilot saw a nearly idle
     * machine, compacted onto CPU 0 (held by RT) and left CPU 3 idle: CPU 3 was busy 7.4 s of 35, each unpinned task
     * got 1.3 s and waited up to 950 ms at a time (upstream counts that time: {@code lavd_cpu_acquire} adds it to
     * {@code tot_sc_time}, and its utilisation is idle-based).
     */
    @Test
    void fifoHogsOnThreeOfFourCpusLeaveTheFourthBusyWithLavdTasksAndNoneStalls() {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int cpu = 0; cpu < 3; cpu++) {
            tasks.add(TaskSpec.of("rt" + cpu, Step.run(100 * SEC)).toBuilder().policy(SchedPolicy.FIFO)
                    .rtPriority(50).affinity(CpuMask.of(cpu)).build());
        }
        tasks.addAll(Workload.copies(8, TaskSpec.of("ext", Step.run(2 * MS), Step.sleep(1 * MS))));
        tasks.add(TaskSpec.of("pinned1", Step.run(100 * SEC)).withAffinity(CpuMask.of(1)));
        Engine e = new Engine(TopologyPresets.get("flat-4"), LavdOnEngineTest.config(50));
        e.addWorkload(new Workload("rt_stall", tasks));
        LongestGap gaps = new LongestGap();
        e.addSink(gaps);
        LavdPolicy lavd = new LavdPolicy();
        assertEquals(0, e.load(lavd));

        e.runUntil(35 * SEC);

        RunResult r = e.result();
        assertTrue(r.exits().isEmpty(), () -> "no exit (a stall would be ERROR_STALL): " + r.exits());
        long cpu3 = r.cpus().get(3).busyNs();
        long worstGap = 0;
        for (TaskResult t : r.tasks()) {
            if (t.comm().startsWith("ext")) {
                assertTrue(t.runtimeNs() > 3 * SEC, () -> t.comm() + " ran only " + t.runtimeNs() / MS + " ms in 35 s");
                worstGap = Math.max(worstGap, gaps.longest.getOrDefault(t.comm(), 0L));
            }
        }
        long pinnedGap = gaps.longest.getOrDefault("pinned1", 0L);
        System.out.printf("lavd beside 3 FIFO hogs on 4 CPUs, 35 s: CPU 3 busy %d ms, pinned1 %d ms (longest gap %d"
                + " ms), unpinned tasks' longest gap %d ms; %s%n", cpu3 / MS, r.task("pinned1").runtimeNs() / MS,
                pinnedGap / MS, worstGap / MS, lavd.stats());
        assertTrue(cpu3 > 30 * SEC, "CPU 3, the one CPU without an RT hog, busy " + cpu3 / MS + " ms of 35000");
        assertTrue(r.task("pinned1").runtimeNs() > 0, "the pinned task ran on its deadline server");
        assertTrue(pinnedGap < 2 * SEC, "pinned1 waits at most about one server period: " + pinnedGap / MS + " ms");
    }

    @Test
    void pinnedSubsetAndEcoreOnlyTasksRunOnlyWhereAllowedOnAHybridMachine() {
        Topology t = TopologyPresets.get("intel-hybrid-8p8e");
        Map<String, CpuMask> masks = new HashMap<>();
        masks.put("pin0", CpuMask.of(0));
        masks.put("pin7", CpuMask.of(7));            // second thread of P core 3
        masks.put("pin16", CpuMask.of(16));          // an E core
        masks.put("pin23", CpuMask.of(23));
        masks.put("pcore2", CpuMask.of(4, 5));       // both threads of one P core
        masks.put("ecores", CpuMask.range(16, 24));  // the E-core domain only
        masks.put("ehalf", CpuMask.range(20, 24));
        masks.put("cross", CpuMask.of(1, 18));       // one CPU in each compute domain
        assertAffinityRespected(t, masks, 2 * SEC);
    }

    @Test
    void tasksAffineToCpusInTwoLlcsOrTwoNumaNodesRunOnlyThere() {
        Map<String, CpuMask> ccx = new HashMap<>();
        ccx.put("ccx0", CpuMask.range(0, 8));        // cores 0-7: the first L3
        ccx.put("ccx1pin", CpuMask.of(12));          // a CPU of the second L3's domain
        ccx.put("cross", CpuMask.of(3, 27));         // CPU 3 (L3 0) and CPU 27 (core 11, L3 1)
        ccx.put("siblings", CpuMask.of(9, 25));      // the two threads of core 9
        assertAffinityRespected(TopologyPresets.get("amd-2ccx-16c32t"), ccx, SEC);

        Map<String, CpuMask> numa = new HashMap<>();
        numa.put("node1pin", CpuMask.of(40));        // core 40: package 1, node 1
        numa.put("node0llc", CpuMask.range(8, 16));  // cores 8-15: node 0, second L3
        numa.put("crossnode", CpuMask.of(2, 100));   // CPU 2 (node 0) and CPU 100 (core 36, node 1)
        assertAffinityRespected(TopologyPresets.get("server-2s-64c128t"), numa, SEC);
    }

    /**
     * Runs the tasks of {@code masks} (half CPU hogs, half run/sleep) among twice as many unpinned hogs as CPUs and
     * checks that each ran, and only on its CPUs.
     */
    static void assertAffinityRespected(Topology topology, Map<String, CpuMask> masks, long durationNs) {
        List<TaskSpec> tasks = new ArrayList<>(Workload.copies(2 * topology.nrCpuIds(),
                TaskSpec.of("hog", Step.run(100 * SEC))));
        int i = 0;
        for (Map.Entry<String, CpuMask> m : masks.entrySet()) {
            Step[] program = i++ % 2 == 0 ? new Step[] {Step.run(100 * SEC)}
                    : new Step[] {Step.run(2 * MS), Step.sleep(3 * MS)};
            tasks.add(TaskSpec.of(m.getKey(), program).withAffinity(m.getValue()));
        }
        LavdPolicy lavd = new LavdPolicy();
        Engine e = new Engine(topology, LavdOnEngineTest.config(11));
        e.addWorkload(new Workload("affinity", tasks));
        Placement placement = new Placement();
        e.addSink(placement);
        e.afterEachStep(e::checkInvariants);
        assertEquals(0, e.load(lavd));

        e.runUntil(durationNs);

        RunResult r = e.result();
        assertTrue(r.exits().isEmpty(), () -> topology.name() + ": no exit: " + r.exits());
        for (Map.Entry<String, CpuMask> m : masks.entrySet()) {
            CpuMask ran = placement.of(m.getKey());
            assertFalse(ran.isEmpty(), () -> m.getKey() + " never ran on " + topology.name());
            assertTrue(ran.isSubsetOf(m.getValue()),
                    () -> m.getKey() + " allowed on " + m.getValue() + " ran on " + ran + " (" + topology.name() + ")");
            long runtime = r.task(m.getKey()).runtimeNs();
            assertTrue(runtime > 20 * MS, () -> m.getKey() + " ran only " + runtime / MS + " ms on " + topology.name());
        }
    }

    @Test
    void tasksMovedBetweenCgroupsAndSchedulingClassesKeepRunningUnderLavd() {
        List<TaskSpec> tasks = new ArrayList<>(Workload.copies(12, TaskSpec.of("hog", Step.run(100 * SEC))));
        tasks.addAll(Workload.copies(4, TaskSpec.of("io", Step.run(300 * US), Step.sleep(2 * MS))));
        Engine e = new Engine(TopologyPresets.get("flat-4"), LavdOnEngineTest.config(21));
        e.addWorkload(new Workload("moves", tasks));
        e.afterEachStep(e::checkInvariants);
        LavdPolicy lavd = new LavdPolicy();
        assertEquals(0, e.load(lavd));
        e.cgroup("/batch", 50, -1, 100_000).cgroup("/game", 1000, -1, 100_000);
        e.runUntil(200 * MS);
        Map<String, Long> t0 = runtimes(e.result());

        // cgroup moves (ops.cgroup_prep_move / cgroup_move: LAVD implements neither, the move is the kernel's alone)
        for (int i = 0; i < 12; i++) {
            assertEquals(0, e.moveToCgroup("hog-" + i, i % 2 == 0 ? "/batch" : "/game"));
        }
        assertEquals(0, e.moveToCgroup("io-0", "/game"));
        // class changes: a hog to SCHED_FIFO (leaves ext: ops.disable) and back (ops.enable), a sleeper to
        // SCHED_IDLE and another to SCHED_BATCH (stay in ext: ops.set_weight)
        e.setScheduler("hog-0", SchedPolicy.FIFO, 10);
        e.setScheduler("io-1", SchedPolicy.IDLE, 0);
        e.setScheduler("io-2", SchedPolicy.BATCH, 5);
        e.runUntil(400 * MS);
        Map<String, Long> t1 = runtimes(e.result());
        assertEquals(200 * MS, t1.get("hog-0") - t0.get("hog-0"), 1 * MS,
                "as SCHED_FIFO, hog-0 keeps its CPU the whole 200 ms");
        e.setScheduler("hog-0", SchedPolicy.NORMAL, 0);
        assertEquals(0, e.moveToCgroup("hog-1", "/"));
        e.runUntil(1_400 * MS);

        RunResult r = e.result();
        assertTrue(r.exits().isEmpty(), () -> "no exit: " + r.exits());
        assertTrue(e.policyLoaded());
        assertEquals(tasks.size(), r.tasks().size(), "no task lost");
        for (TaskResult t : r.tasks()) {
            assertTrue(t.runtimeNs() > t1.get(t.comm()), () -> t.comm() + " did not run after the moves: " + t);
        }
        // back in ext, hog-0 shares the 4 CPUs with 15 other tasks: about 1/16 of 4 s = 250 ms, far below 1 s
        long hog0 = r.task("hog-0").runtimeNs() - t1.get("hog-0");
        assertTrue(hog0 > 50 * MS && hog0 < 600 * MS, "hog-0 back under lavd ran " + hog0 / MS + " ms of 1000");
    }

    @Test
    void attachingAndDetachingLavdTwentyTimesLosesNoTaskAndEveryExitIsAnUnregister() {
        List<TaskSpec> tasks = new ArrayList<>(Workload.copies(6, TaskSpec.of("hog", Step.run(100 * SEC))));
        tasks.addAll(Workload.copies(4, TaskSpec.of("io", Step.run(200 * US), Step.sleep(1 * MS))));
        tasks.add(TaskSpec.of("pinned", Step.run(1 * MS), Step.sleep(1 * MS)).withAffinity(CpuMask.of(17)));
        Engine e = new Engine(TopologyPresets.get("intel-hybrid-8p8e"), LavdOnEngineTest.config(20));
        e.addWorkload(new Workload("reload", tasks));
        e.afterEachStep(e::checkInvariants);
        Map<String, Long> before = runtimes(e.result());
        for (int i = 0; i < 20; i++) {
            LavdPolicy lavd = new LavdPolicy(LavdOptions.defaults().withPowerMode(
                    i % 4 == 0 ? null : PowerMode.values()[i % 3]));
            assertEquals(0, e.load(lavd), "load " + i);
            e.runUntil(e.now() + 30 * MS + (i % 5) * 7 * MS);
            assertTrue(e.policyLoaded(), "lavd still loaded before unload " + i);
            e.unload();
            assertFalse(e.policyLoaded());
            e.runUntil(e.now() + (i % 3) * 5 * MS);
        }
        RunResult r = e.result();
        assertEquals(20, r.exits().size(), () -> r.exits().toString());
        for (ExitInfo x : r.exits()) {
            assertEquals(ExitKind.UNREG, x.kind(), x.summary());
        }
        assertEquals(tasks.size(), r.tasks().size(), "no task lost");
        for (TaskResult t : r.tasks()) {
            assertTrue(t.runtimeNs() > before.getOrDefault(t.comm(), 0L) + 10 * MS,
                    () -> t.comm() + " barely ran through the reloads: " + t.runtimeNs() / MS + " ms");
        }
    }

    static Map<String, Long> runtimes(RunResult r) {
        return LavdHotplugTest.runtimes(r);
    }
}
