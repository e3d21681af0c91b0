package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.ExitCodes;
import io.scx4j.api.ExitInfo;
import io.scx4j.api.ExitKind;
import io.scx4j.api.Task;
import io.scx4j.core.Engine;
import io.scx4j.core.EventSink;
import io.scx4j.core.RunResult;
import io.scx4j.core.TaskResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.Cpu;
import io.scx4j.topology.CpuKind;
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
 * CPU hotplug under LAVD. Upstream scx_lavd implements {@code ops.cpu_online} / {@code ops.cpu_offline}
 * ({@code lavd_cpu_online}/{@code lavd_cpu_offline} in {@code main.bpf.c}): the CPU leaves (joins) its compute
 * domain's cpumask, its per-CPU context is reset, {@code nr_cpus_onln} and the online capacity change and the
 * system statistics are recomputed, so the scheduler keeps running; the kernel would otherwise eject it
 * ({@code kernel/sched/ext.c} {@code handle_hotplug}: {@code SCX_ECODE_ACT_RESTART | SCX_ECODE_RSN_HOTPLUG}). A CPU that
 * was not online when the scheduler started is unknown to it: upstream exits asking to be restarted (reference
 * policies.md §1.12, PR #3434).
 */
class LavdHotplugTest {
    static final long US = 1_000L;
    static final long MS = 1_000_000L;
    static final String HYBRID = "intel-hybrid-8p8e";

    /** Per task: runtime at given instants, and every switch-in on a CPU while it was offline. */
    static final class OfflineWatch implements EventSink {
        final boolean[] offline = new boolean[64];
        final List<String> ranWhileOffline = new ArrayList<>();

        @Override
        public void onSwitch(long timeNs, int cpu, @Nullable Task prev, @Nullable Task next) {
            if (next != null && offline[cpu]) {
                ranWhileOffline.add(next.comm() + " on CPU " + cpu + " at " + timeNs / US + " us");
            }
        }
    }

    static List<TaskSpec> load() {
        List<TaskSpec> tasks = new ArrayList<>();
        tasks.addAll(Workload.copies(30, TaskSpec.of("hog", Step.run(1_000 * MS))));
        tasks.addAll(Workload.copies(10, TaskSpec.of("io", Step.run(300 * US), Step.sleep(2 * MS))));
        tasks.add(TaskSpec.of("pinned20", Step.run(2 * MS), Step.sleep(MS)).withAffinity(CpuMask.of(20)));
        tasks.add(TaskSpec.of("pinned5", Step.run(5 * MS)).withAffinity(CpuMask.of(5)));
        tasks.add(TaskSpec.of("ecores", Step.run(3 * MS), Step.sleep(MS)).withAffinity(CpuMask.range(16, 24)));
        return tasks;
    }

    /** Runtime of every task at {@code r}, by comm. */
    static Map<String, Long> runtimes(RunResult r) {
        Map<String, Long> m = new HashMap<>();
        for (TaskResult t : r.tasks()) {
            m.put(t.comm(), t.runtimeNs());
        }
        return m;
    }

    static void assertEveryTaskRanBetween(Map<String, Long> before, RunResult after, String when) {
        for (TaskResult t : after.tasks()) {
            assertTrue(t.runtimeNs() > before.getOrDefault(t.comm(), 0L),
                    () -> t.comm() + " did not run " + when + ": " + t);
        }
    }

    @Test
    void lavdSurvivesCpusGoingOfflineAndOnlineWithoutEjectionAndLosesNoTask() {
        LavdPolicy lavd = new LavdPolicy();
        Engine e = new Engine(TopologyPresets.get(HYBRID), LavdOnEngineTest.config(3));
        e.addWorkload(new Workload("hotplug", load()));
        OfflineWatch watch = new OfflineWatch();
        e.addSink(watch);
        e.afterEachStep(e::checkInvariants);
        assertEquals(0, e.load(lavd));
        e.runUntil(500 * MS);
        Map<String, Long> t0 = runtimes(e.result());

        // a P thread whose sibling stays, and half the E cores (with pinned20's CPU)
        int[] first = {5, 20, 21, 22, 23};
        for (int cpu : first) {
            e.hotplug(e.now(), cpu, false);
        }
        e.runUntil(e.now() + 1);
        for (int cpu : first) {
            watch.offline[cpu] = true;
        }
        assertEquals(19, lavd.onlineCpus().weight(), "lavd heard of five CPUs going offline: " + lavd.onlineCpus());
        e.runUntil(1_500 * MS);
        Map<String, Long> t1 = runtimes(e.result());
        assertEveryTaskRanBetween(t0, e.result(), "with five CPUs offline");

        // the whole E-core domain goes away
        for (int cpu = 16; cpu < 20; cpu++) {
            e.hotplug(e.now(), cpu, false);
        }
        e.runUntil(e.now() + 1);
        for (int cpu = 16; cpu < 20; cpu++) {
            watch.offline[cpu] = true;
        }
        e.runUntil(2_500 * MS);
        Map<String, Long> t2 = runtimes(e.result());
        assertEveryTaskRanBetween(t1, e.result(), "with every E core offline");

        // and everything comes back
        java.util.Arrays.fill(watch.offline, false);
        for (int cpu : new int[] {5, 16, 17, 18, 19, 20, 21, 22, 23}) {
            e.hotplug(e.now(), cpu, true);
        }
        e.runUntil(e.now() + 1);
        assertEquals(24, lavd.onlineCpus().weight(), "every CPU online again: " + lavd.onlineCpus());
        e.runUntil(4_000 * MS);
        RunResult r = e.result();
        assertEveryTaskRanBetween(t2, r, "after the CPUs came back");

        assertTrue(r.exits().isEmpty(), "no ejection, no stall: " + r.exits());
        assertTrue(e.policyLoaded());
        assertEquals(load().size(), r.tasks().size(), "no task lost");
        assertTrue(watch.ranWhileOffline.isEmpty(), "an offline CPU ran tasks: " + watch.ranWhileOffline);
        // once back, CPUs 16..23 serve the E-core domain again: the E-affine task runs there
        long ecoresLate = r.task("ecores").runtimeNs() - t2.get("ecores");
        assertTrue(ecoresLate > 100 * MS, "ecores ran " + ecoresLate / MS + " ms after the E cores came back");
    }

    @Test
    void tasksQueuedOnTheEcoreDomainWhenEveryEcoreGoesOfflineStillRunUnderOverload() {
        // 43 tasks on 24 CPUs keep the P-core domain's DSQ non-empty, so no P core ever force-steals; tasks queued on
        // the E-core domain's DSQ when its last CPU goes offline must still be taken by the P cores
        LavdPolicy lavd = new LavdPolicy();
        Engine e = new Engine(TopologyPresets.get(HYBRID), LavdOnEngineTest.config(3));
        e.addWorkload(new Workload("overload", load()));
        assertEquals(0, e.load(lavd));
        e.hotplug(500 * MS, 5, false);
        for (int cpu = 16; cpu < 24; cpu++) {
            e.hotplug(cpu < 20 ? 1_500 * MS : 500 * MS, cpu, false);
        }
        e.runUntil(1_500 * MS);
        Map<String, Long> before = runtimes(e.result());

        e.runUntil(2_500 * MS);

        RunResult r = e.result();
        assertTrue(r.exits().isEmpty(), "no exit: " + r.exits());
        assertEquals(CpuMask.range(0, 16).without(5), lavd.onlineCpus());
        assertEveryTaskRanBetween(before, r, "in the second after every E core went offline");
    }

    @Test
    void aCpuThatWasOfflineAtLoadComingOnlineAsksForARestartAndAReloadedLavdUsesIt() {
        // flat-4 with CPU 3 offline at boot: LAVD built its per-CPU facts for CPUs 0-2 only
        Topology.Builder b = Topology.builder().name("flat-4-cpu3-offline");
        for (int cpu = 0; cpu < 4; cpu++) {
            b.cpu(new Cpu(cpu, cpu, 0, 0, 0, 1024, 0, 0, CpuKind.UNIFORM, cpu != 3));
        }
        Engine e = new Engine(b.build(), LavdOnEngineTest.config(9));
        // the hogs' default mask is every possible CPU, offline CPU 3 included, as in the kernel
        e.addWorkload(new Workload("hogs", Workload.copies(8, TaskSpec.of("hog", Step.run(10_000 * MS)))));
        e.afterEachStep(e::checkInvariants);
        LavdPolicy first = new LavdPolicy();
        assertEquals(0, e.load(first));
        assertEquals(CpuMask.range(0, 3), first.onlineCpus());
        e.hotplug(200 * MS, 3, true);
        e.runUntil(300 * MS);

        ExitInfo x = e.lastExit().orElseThrow(() -> new AssertionError("no exit"));
        assertEquals(ExitKind.UNREG_BPF, x.kind(), x.summary());
        assertEquals(ExitCodes.ACT_RESTART, x.exitCode(), x.summary());
        assertEquals("RESTART: cpu 3 becomes online. Restart the scheduler.", x.message());
        assertFalse(e.policyLoaded(), "the scheduler exited; its tasks went to the fair class");

        // what scx_lavd's user space does on SCX_ECODE_ACT_RESTART: load the scheduler again, now on four CPUs
        LavdPolicy second = new LavdPolicy();
        assertEquals(0, e.load(second));
        assertEquals(CpuMask.range(0, 4), second.onlineCpus());
        Map<String, Long> atReload = runtimes(e.result());
        long cpu3Before = e.result().cpus().get(3).busyNs();
        e.runUntil(1_300 * MS);

        RunResult r = e.result();
        assertEquals(1, r.exits().size(), "only the restart exit: " + r.exits());
        assertTrue(e.policyLoaded());
        assertEveryTaskRanBetween(atReload, r, "under the reloaded lavd");
        long cpu3 = r.cpus().get(3).busyNs() - cpu3Before;
        // 8 hogs on 4 CPUs: CPU 3 is busy (nearly) the whole second
        assertTrue(cpu3 > 900 * MS, "CPU 3 busy " + cpu3 / MS + " ms of 1000 under the reloaded lavd");
    }
}
