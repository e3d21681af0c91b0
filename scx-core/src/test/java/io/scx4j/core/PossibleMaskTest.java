package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.Dsq;
import io.scx4j.api.SchedOps;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.lib.policies.SimplePolicy;
import io.scx4j.topology.Cpu;
import io.scx4j.topology.CpuKind;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A task's default cpumask is every possible CPU ({@code cpu_possible_mask}, inherited from init), not the CPUs
 * online when it was forked; placement intersects it with the online CPUs ({@code is_cpu_allowed},
 * {@code select_fallback_rq} in {@code kernel/sched/core.c}). So a CPU that comes online later is used by tasks forked
 * before, and a CPU going offline does not break their affinity.
 */
class PossibleMaskTest {
    static final long MS = 1_000_000L;

    /** flat-4 with CPU 3 offline at boot: possible 0-3, online 0-2. */
    static Topology flat4Cpu3Offline() {
        Topology.Builder b = Topology.builder().name("flat-4-cpu3-offline");
        for (int cpu = 0; cpu < 4; cpu++) {
            b.cpu(new Cpu(cpu, cpu, 0, 0, 0, 1024, 0, 0, CpuKind.UNIFORM, cpu != 3));
        }
        return b.build();
    }

    static Engine engine(Topology topology, List<TaskSpec> tasks) {
        Engine e = new Engine(topology, EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addWorkload(new Workload("possible", tasks));
        e.afterEachStep(e::checkInvariants);
        return e;
    }

    static List<TaskSpec> hogs(int n) {
        return Workload.copies(n, TaskSpec.of("hog", Step.run(10_000 * MS)));
    }

    /** scx_simple with no-op hotplug callbacks, so a CPU coming or going does not eject it. */
    static final class HotplugSimple implements SchedOps {
        final SimplePolicy simple = new SimplePolicy();
        final List<String> setCpumask = new ArrayList<>();

        public String name() { return "simple"; }
        public int init(Scx scx) { return simple.init(scx); }
        public int selectCpu(Task p, int prevCpu, long wakeFlags) { return simple.selectCpu(p, prevCpu, wakeFlags); }
        public void enqueue(Task p, long enqFlags) { simple.enqueue(p, enqFlags); }
        public void dispatch(int cpu, @Nullable Task prev) { simple.dispatch(cpu, prev); }
        public void running(Task p) { simple.running(p); }
        public void stopping(Task p, boolean runnable) { simple.stopping(p, runnable); }
        public void enable(Task p) { simple.enable(p); }
        public void cpuOnline(int cpu) {}
        public void cpuOffline(int cpu) {}
        public void setCpumask(Task p, CpuMask mask) { setCpumask.add(p.comm() + " " + mask); }
    }

    @Test
    void aFairHogForkedWhileCpu3IsOfflineRunsOnCpu3OnceItComesOnline() {
        // four hogs forked at 0 on CPUs 0-2: one CPU holds two. CPU 3 comes online at 100 ms; its newly idle balance
        // pulls the waiting hog at once, so CPU 3 is busy from 100 to 1000 ms = 900 ms, CPUs 0-2 the whole second
        Engine e = engine(flat4Cpu3Offline(), hogs(4));
        e.hotplug(100 * MS, 3, true);
        e.runUntil(1_000 * MS);
        RunResult r = e.result();
        assertEquals(900 * MS, r.cpus().get(3).busyNs());
        for (int cpu = 0; cpu < 3; cpu++) {
            assertEquals(1_000 * MS, r.cpus().get(cpu).busyNs(), "CPU " + cpu);
        }
        assertEquals(3_900 * MS, r.totalRuntimeNs());
    }

    @Test
    void aSimpleHogForkedWhileCpu3IsOfflineRunsOnCpu3OnceItComesOnline() {
        // the same under scx_simple: the fourth hog waits on the shared DSQ; CPU 3's first ops.dispatch at 100 ms
        // moves it to CPU 3 (its mask holds CPU 3), which is then busy 900 ms. The policy hears each mask once, when
        // the task enters sched_ext (scx_enable_task calls ops.set_cpumask with p->cpus_ptr), and it holds the
        // offline CPU 3
        Engine e = engine(flat4Cpu3Offline(), hogs(4));
        HotplugSimple policy = new HotplugSimple();
        assertEquals(0, e.load(policy));
        e.hotplug(100 * MS, 3, true);
        e.runUntil(1_000 * MS);
        RunResult r = e.result();
        assertTrue(r.exits().isEmpty(), () -> "no exit: " + r.exits());
        assertEquals(900 * MS, r.cpus().get(3).busyNs());
        assertEquals(3_900 * MS, r.totalRuntimeNs());
        assertEquals(List.of("hog-0 0-3", "hog-1 0-3", "hog-2 0-3", "hog-3 0-3"), policy.setCpumask);
    }

    @Test
    void aCpuGoingOfflineDoesNotBreakTheDefaultMaskSoThePolicyGetsNoSetCpumask() {
        // flat-4, four ext hogs with the default mask; CPU 3 is offline from 100 to 300 ms. Their masks (0-3) keep
        // online CPUs, so no affinity is broken: no ops.set_cpumask. CPU 3 is busy 100 + 700 = 800 ms; the hogs
        // share CPUs 0-2 meanwhile, 3 x 1000 + 800 = 3800 ms in all
        Engine e = engine(TopologyPresets.get("flat-4"), hogs(4));
        HotplugSimple policy = new HotplugSimple();
        assertEquals(0, e.load(policy));
        e.hotplug(100 * MS, 3, false).hotplug(300 * MS, 3, true);
        e.runUntil(99 * MS);
        assertEquals(4, policy.setCpumask.size(), "each hog's mask when it entered sched_ext: " + policy.setCpumask);
        policy.setCpumask.clear();
        e.runUntil(1_000 * MS);
        RunResult r = e.result();
        assertTrue(r.exits().isEmpty(), () -> "no exit: " + r.exits());
        assertEquals(List.of(), policy.setCpumask, "no default mask was broken");
        assertEquals(800 * MS, r.cpus().get(3).busyNs());
        assertEquals(3_800 * MS, r.totalRuntimeNs());
    }

    @Test
    void aTaskPinnedOnlyToACpuOfflineAtItsForkHasItsAffinityBrokenToEveryPossibleCpu() {
        // pinned to CPU 3, which is offline at boot: select_fallback_rq at the fork gives it every possible CPU (0-3),
        // its policy hears that after the mask it entered sched_ext with (scx_enable_task), and it runs the whole
        // second on CPUs 0-2 (alone, so it never waits)
        Engine e = engine(flat4Cpu3Offline(),
                List.of(TaskSpec.of("pinned", Step.run(10_000 * MS)).withAffinity(CpuMask.of(3))));
        HotplugSimple policy = new HotplugSimple();
        assertEquals(0, e.load(policy));
        e.runUntil(1_000 * MS);
        RunResult r = e.result();
        assertEquals(1_000 * MS, r.task("pinned").runtimeNs());
        assertEquals(0, r.cpus().get(3).busyNs());
        assertEquals(List.of("pinned 3", "pinned 0-3"), policy.setCpumask);
    }

    @Test
    void aFairTaskPinnedOnlyToACpuOfflineAtItsForkRunsOnAnOnlineCpu() {
        Engine e = engine(flat4Cpu3Offline(),
                List.of(TaskSpec.of("pinned", Step.run(10_000 * MS)).withAffinity(CpuMask.of(3))));
        e.runUntil(1_000 * MS);
        assertEquals(1_000 * MS, e.result().task("pinned").runtimeNs());
        assertEquals(0, e.result().cpus().get(3).busyNs());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fair", "simple"})
    void noTaskRunsOnAnOfflineCpuWhileCpusComeAndGo(String policy) {
        // hogs, sleepers (wake-ups), an RT task (SCHED_FIFO, so the deadline server runs fair/ext work beside it)
        // and default masks throughout; the invariant checker runs after every step and CPU 3 and CPU 2 must show
        // no busy time while offline
        List<TaskSpec> tasks = new ArrayList<>(hogs(3));
        tasks.addAll(Workload.copies(4, TaskSpec.of("sleeper", Step.run(MS), Step.sleep(2 * MS)).repeating(-1)));
        tasks.add(TaskSpec.of("rt", Step.run(3 * MS), Step.sleep(MS)).toBuilder().policy(SchedPolicy.FIFO)
                .rtPriority(10).repeat(-1).build());
        Engine e = engine(TopologyPresets.get("flat-4"), tasks);
        if (policy.equals("simple")) {
            assertEquals(0, e.load(new HotplugSimple()));
        }
        e.hotplug(100 * MS, 3, false).hotplug(200 * MS, 2, false).hotplug(300 * MS, 3, true)
                .hotplug(400 * MS, 2, true).hotplug(500 * MS, 3, false);
        e.runUntil(100 * MS);
        long cpu3At100 = e.result().cpus().get(3).busyNs();
        e.runUntil(200 * MS);
        long cpu2At200 = e.result().cpus().get(2).busyNs();
        e.runUntil(300 * MS);
        assertEquals(cpu3At100, e.result().cpus().get(3).busyNs(), "CPU 3 ran something while offline 100-300 ms");
        e.runUntil(400 * MS);
        assertEquals(cpu2At200, e.result().cpus().get(2).busyNs(), "CPU 2 ran something while offline 200-400 ms");
        e.runUntil(500 * MS);
        long cpu3At500 = e.result().cpus().get(3).busyNs();
        assertTrue(cpu3At500 > cpu3At100, "CPU 3 ran again after 300 ms");
        e.runUntil(1_000 * MS);
        assertEquals(cpu3At500, e.result().cpus().get(3).busyNs(), "CPU 3 ran something while offline after 500 ms");
        assertTrue(e.result().exits().isEmpty(), () -> "no exit: " + e.result().exits());
    }

    @Test
    void aTaskWaitingForItsPolicyWhileItsCpuWentOfflineIsQueuedOnAnOnlineCpuWhenItLeavesSchedExt() {
        // flat-2 under simple, three hogs taking 20 ms turns; CPU 1 goes offline at 110 ms. A hog waiting in the
        // policy's hands keeps task_cpu 1 (its mask 0-1 still holds an online CPU, so nothing moved it). Right after,
        // every hog becomes SCHED_FIFO (sched_setscheduler): a waiting one is queued on an RT run queue, which must
        // be CPU 0's (before the fix: CPU 1's, where it would wait for ever; the invariant checker caught it)
        Engine e = engine(TopologyPresets.get("flat-2"), hogs(3));
        assertEquals(0, e.load(new HotplugSimple()));
        e.hotplug(110 * MS, 1, false);
        e.runUntil(110 * MS + 1);
        for (int i = 0; i < 3; i++) {
            e.setScheduler("hog-" + i, SchedPolicy.FIFO, 1);
            e.checkInvariants();
        }
        e.runUntil(1_000 * MS);
        // CPU 0 is busy the whole second; CPU 1 until it went offline
        assertEquals(1_000 * MS, e.result().cpus().get(0).busyNs());
        assertEquals(110 * MS, e.result().cpus().get(1).busyNs());
    }

    /** A policy that asks for CPU 3 at every placement: select_cpu returns it, or enqueue targets its local DSQ. */
    static final class WantsCpu3 implements SchedOps {
        final boolean viaSelectCpu;

        WantsCpu3(boolean viaSelectCpu) { this.viaSelectCpu = viaSelectCpu; }

        public String name() { return "wants_cpu3"; }
        public int selectCpu(Task p, int prevCpu, long wakeFlags) { return viaSelectCpu ? 3 : prevCpu; }
        public void enqueue(Task p, long enqFlags) {
            Scx.current().dsqInsert(p, viaSelectCpu ? Dsq.LOCAL : Dsq.localOn(3), Scx.SLICE_DFL, enqFlags);
        }
        public void cpuOnline(int cpu) {}
        public void cpuOffline(int cpu) {}
    }

    static List<TaskSpec> sleeper() {
        // runs 1 ms every 10 ms on an otherwise idle machine: placed at 0, 10, ..., 90 ms up to 95 ms
        return List.of(TaskSpec.of("sleeper", Step.run(MS), Step.sleep(9 * MS)).repeating(-1));
    }

    @Test
    void selectCpuReturningTheOfflineCpu3FallsBackToAnOnlineCpuWithoutError() {
        // CPU 3 is in the sleeper's (default) mask but offline: each of the 10 placements is a select_cpu fallback
        // (SCX_EV_SELECT_CPU_FALLBACK), not an error, and the task runs elsewhere
        Engine e = engine(flat4Cpu3Offline(), sleeper());
        assertEquals(0, e.load(new WantsCpu3(true)));
        e.runUntil(95 * MS);
        RunResult r = e.result();
        assertTrue(r.exits().isEmpty(), () -> "no exit: " + r.exits());
        assertEquals(10, r.events().selectCpuFallback());
        assertEquals(10 * MS, r.task("sleeper").runtimeNs());
        assertEquals(0, r.cpus().get(3).busyNs());
    }

    @Test
    void localOnTheOfflineCpu3GoesToTheGlobalDsqUntilCpu3ComesOnline() {
        // SCX_DSQ_LOCAL_ON | 3 while CPU 3 is offline: SCX_EV_DISPATCH_LOCAL_DSQ_OFFLINE and the global DSQ (CPU 3
        // is allowed, so no error); placements at 0..40 ms. CPU 3 comes online at 45 ms: the placements at 50..90 ms
        // run there, 5 x 1 ms
        Engine e = engine(flat4Cpu3Offline(), sleeper());
        assertEquals(0, e.load(new WantsCpu3(false)));
        e.hotplug(45 * MS, 3, true);
        e.runUntil(95 * MS);
        RunResult r = e.result();
        assertTrue(r.exits().isEmpty(), () -> "no exit: " + r.exits());
        assertEquals(5, r.events().dispatchLocalDsqOffline());
        assertEquals(10 * MS, r.task("sleeper").runtimeNs());
        assertEquals(5 * MS, r.cpus().get(3).busyNs());
    }

    @Test
    void anRtHogForkedWhileCpu3IsOfflineRunsOnCpu3OnceItComesOnline() {
        // four SCHED_FIFO hogs (priority 10) on CPUs 0-2: one waits behind another. CPU 3 comes online at 100 ms and
        // its RT pull (pull_rt_task when it has nothing to run) takes the waiting hog: 900 ms busy of 1 s
        List<TaskSpec> rt = Workload.copies(4, TaskSpec.of("rt", Step.run(10_000 * MS)).toBuilder()
                .policy(SchedPolicy.FIFO).rtPriority(10).build());
        Engine e = engine(flat4Cpu3Offline(), rt);
        e.hotplug(100 * MS, 3, true);
        e.runUntil(1_000 * MS);
        assertEquals(900 * MS, e.result().cpus().get(3).busyNs());
    }
}
