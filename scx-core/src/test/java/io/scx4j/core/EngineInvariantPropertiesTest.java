package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.Dsq;
import io.scx4j.api.EnqFlags;
import io.scx4j.api.ExitInfo;
import io.scx4j.api.ExitKind;
import io.scx4j.api.KickFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.core.testing.RandomTaskSets;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * The engine's bookkeeping holds whatever the policy does: random task sets (1..12 tasks of random run/sleep
 * programs, nice values and affinity masks) on small machines, under no policy, the minimal policy, a global vtime
 * policy and a policy making random but legal choices, with {@link Engine#checkInvariants()} after every step; and a
 * policy ejected mid-run loses no task.
 *
 * <p>The seed is fixed so that a build is reproducible; to explore, drop {@code seed} and raise {@code tries}.
 */
class EngineInvariantPropertiesTest {
    static final long US = 1_000L;
    static final long MS = 1_000_000L;
    static final long USER_DSQ = 0x1234L;

    enum PolicyKind { FAIR, MINIMAL, GLOBAL_VTIME, RANDOM }

    @Property(tries = 30, seed = "20261126")
    void everyStepKeepsTheInvariants(@ForAll("presets") String preset, @ForAll("richTaskSets") List<TaskSpec> tasks,
            @ForAll PolicyKind kind, @ForAll long policySeed) {
        Topology topology = TopologyPresets.get(preset);
        Engine engine = engine(topology, tasks, policySeed);
        switch (kind) {
            case FAIR -> { }
            case MINIMAL -> assertEquals(0, engine.load(() -> "minimal"));
            case GLOBAL_VTIME -> assertEquals(0, engine.load(new GlobalVtime()));
            case RANDOM -> assertEquals(0, engine.load(new RandomPolicy(policySeed, -1)));
        }
        engine.runUntil(300 * MS);
        engine.checkInvariants();
        RunResult r = engine.result();
        assertTrue(r.exits().isEmpty(), () -> kind + " was ejected: " + r.exits());
        assertEquals(kind != PolicyKind.FAIR, engine.policyLoaded());
        assertEquals(tasks.size(), r.tasks().size());
        assertTrue(r.totalRuntimeNs() > 0, "something ran");
        long busy = r.cpus().stream().mapToLong(CpuResult::busyNs).sum();
        assertEquals(busy, r.totalRuntimeNs(), 1 * MS, "CPU busy time is task runtime");
    }

    @Property(tries = 30, seed = "20261126")
    void aPolicyEjectedMidRunLosesNoTask(@ForAll("presets") String preset, @ForAll("richTaskSets") List<TaskSpec> tasks,
            @ForAll long policySeed) {
        Topology topology = TopologyPresets.get(preset);
        Engine engine = engine(topology, tasks, policySeed);
        // every task's fork calls select_cpu or enqueue (select_cpu is skipped for single-CPU tasks), so the k-th
        // such call (k <= tasks) surely comes
        int ejectAt = 1 + new Random(policySeed).nextInt(tasks.size());
        assertEquals(0, engine.load(new RandomPolicy(policySeed, ejectAt)));
        engine.runUntil(100 * MS);
        engine.checkInvariants();
        ExitInfo exit = engine.result().ejection().orElseThrow(() -> new AssertionError("no ejection"));
        assertEquals(ExitKind.ERROR, exit.kind());
        assertTrue(exit.message().contains("non-existent DSQ 0xbad"), exit.message());
        assertFalse(engine.policyLoaded());

        RunResult before = engine.result();
        engine.runUntil(600 * MS);
        engine.checkInvariants();
        RunResult after = engine.result();
        assertEquals(tasks.size(), after.tasks().size(), "every task is still accounted for");
        long ranSince = after.totalRuntimeNs() - before.totalRuntimeNs();
        assertTrue(ranSince > 0, "tasks kept running under fair after the ejection");
        long busy = after.cpus().stream().mapToLong(CpuResult::busyNs).sum();
        assertEquals(busy, after.totalRuntimeNs(), 1 * MS, "CPU busy time is task runtime");
    }

    /**
     * The strict form: every task, not just some, runs in the 500 ms after the ejection. It found the fair class
     * starving tasks: a migrated task placed far from its new queue's average ({@link FairStarvationTest}), a sleeper
     * losing its lag at every wake-up, and a waiting task bounced between two busy CPUs at every tick. Nice levels
     * are kept within -5..5: with nice -19 beside nice 12 on one CPU, EEVDF itself gives the light task its first
     * turn only after about 1.5 s (its 21 ms virtual request at a 1/650 share), so "runs within 500 ms" is not a
     * property of the fair class for arbitrary weights.
     */
    @Property(tries = 30, seed = "20261126")
    void everyTaskRunsUnderFairAfterAnEjection(@ForAll("presets") String preset,
            @ForAll("moderateNiceTaskSets") List<TaskSpec> tasks, @ForAll long policySeed) {
        Topology topology = TopologyPresets.get(preset);
        Engine engine = engine(topology, tasks, policySeed);
        engine.load(new RandomPolicy(policySeed, 1 + new Random(policySeed).nextInt(tasks.size())));
        engine.runUntil(100 * MS);
        RunResult before = engine.result();
        engine.runUntil(600 * MS);
        RunResult after = engine.result();
        for (int i = 0; i < tasks.size(); i++) {
            TaskResult b = before.tasks().get(i);
            TaskResult a = after.tasks().get(i);
            assertTrue(a.runtimeNs() > b.runtimeNs(), () -> "task " + a.comm() + " (nice " + tasksNice(tasks, a)
                    + ") did not run under fair after the ejection: " + b + " -> " + a);
        }
    }

    private static String tasksNice(List<TaskSpec> tasks, TaskResult r) {
        return tasks.stream().filter(t -> t.comm().equals(r.comm())).map(t -> Integer.toString(t.nice()))
                .findFirst().orElse("?");
    }

    static Engine engine(Topology topology, List<TaskSpec> tasks, long seed) {
        Engine engine = new Engine(topology, EngineConfig.defaults().withSeed(seed).withProxyExecution((seed & 1) == 0));
        for (TaskSpec t : tasks) {
            CpuMask mask = t.affinity() == null ? null : t.affinity().and(topology.possible());
            engine.addTask(t.withAffinity(mask == null || mask.isEmpty() ? null : mask));
        }
        engine.afterEachStep(engine::checkInvariants);
        return engine;
    }

    @Provide
    Arbitrary<String> presets() {
        return Arbitraries.of("flat-4", "smt-desktop-8c16t");
    }

    @Provide
    Arbitrary<List<TaskSpec>> taskSets() {
        return RandomTaskSets.runSleepTaskSets(-20, 19);
    }

    @Provide
    Arbitrary<List<TaskSpec>> moderateNiceTaskSets() {
        return RandomTaskSets.runSleepTaskSets(-5, 5);
    }

    /**
     * Task sets whose programs also block on and wake each other (mutexes, yields, timers, semaphores, a pipe) and move
     * themselves (phases with their own affinity), for the invariant and no-task-lost properties. The strict
     * every-task-runs property keeps run/sleep programs: a task waiting on a mutex held across long runs need not run
     * within 500 ms. These programs once found the fair balancer starving a run-only task
     * ({@link FairStarvationRunOnlyTest}).
     */
    @Provide
    Arbitrary<List<TaskSpec>> richTaskSets() {
        return RandomTaskSets.blockingAndMovingTaskSets();
    }

    /** One shared vtime-ordered DSQ, weighted vtime, consumed by every CPU (scx_simple's weighted mode). */
    static final class GlobalVtime implements SchedOps {
        private long vtimeNow;

        @Override
        public String name() {
            return "global_vtime";
        }

        @Override
        public int init(Scx scx) {
            return scx.createDsq(USER_DSQ, Scx.NUMA_NO_NODE);
        }

        @Override
        public void enqueue(Task p, long enqFlags) {
            long vtime = Math.max(p.dsqVtime(), vtimeNow - Scx.SLICE_DFL);
            Scx.current().dsqInsertVtime(p, USER_DSQ, Scx.SLICE_DFL, vtime, enqFlags);
        }

        @Override
        public void dispatch(int cpu, @Nullable Task prev) {
            Scx.current().dsqMoveToLocal(USER_DSQ);
        }

        @Override
        public void running(Task p) {
            vtimeNow = Math.max(vtimeNow, p.dsqVtime());
        }

        @Override
        public void stopping(Task p, boolean runnable) {
            long used = Math.max(0, Scx.SLICE_DFL - p.slice());
            p.setDsqVtime(p.dsqVtime() + used * 100 / p.weight());
        }
    }

    /**
     * Random but legal choices from a seeded stream: where to put a task (LOCAL, GLOBAL, LOCAL_ON an allowed CPU,
     * or a user FIFO DSQ consumed in dispatch; a third of the local inserts with SCX_ENQ_IMMED, handed-back tasks to a
     * shared DSQ), slices from 100 us to 20 ms, random kicks (plain, IDLE, PREEMPT, WAIT, PREEMPT|WAIT). With {@code ejectAt >= 1}
     * its {@code ejectAt}-th select_cpu or enqueue inserts into a DSQ that does not exist.
     */
    static final class RandomPolicy implements SchedOps {
        private final Random random;
        private final int ejectAt;
        private int calls;

        RandomPolicy(long seed, int ejectAt) {
            this.random = new Random(seed);
            this.ejectAt = ejectAt;
        }

        @Override
        public String name() {
            return "random";
        }

        @Override
        public int init(Scx scx) {
            return scx.createDsq(USER_DSQ, Scx.NUMA_NO_NODE);
        }

        @Override
        public int selectCpu(Task p, int prevCpu, long wakeFlags) {
            Scx scx = Scx.current();
            if (++calls == ejectAt) {
                scx.dsqInsert(p, 0xbadL, Scx.SLICE_DFL, 0);
                return prevCpu;
            }
            int cpu = switch (random.nextInt(3)) {
                case 0 -> prevCpu;
                case 1 -> scx.selectCpuDfl(p, prevCpu, wakeFlags).cpu();
                default -> p.cpusAllowed().nth(random.nextInt(p.nrCpusAllowed()));
            };
            if (random.nextInt(4) == 0) {
                scx.dsqInsert(p, Dsq.LOCAL, slice(), 0);
            }
            return cpu;
        }

        @Override
        public void enqueue(Task p, long enqFlags) {
            Scx scx = Scx.current();
            if (++calls == ejectAt) {
                scx.dsqInsert(p, 0xbadL, Scx.SLICE_DFL, enqFlags);
                return;
            }
            // a task handed back from an IMMED insert goes to a shared DSQ: putting it straight back where it cannot
            // run would loop into the kernel's bound of 256 re-enqueues without running (ERROR_REENQ)
            boolean reenq = (enqFlags & EnqFlags.REENQ) != 0;
            long dsq = switch (reenq ? 1 + 2 * random.nextInt(2) : random.nextInt(4)) {
                case 0 -> Dsq.LOCAL;
                case 1 -> Dsq.GLOBAL;
                case 2 -> Dsq.localOn(p.cpusAllowed().nth(random.nextInt(p.nrCpusAllowed())));
                default -> USER_DSQ;
            };
            boolean local = dsq == Dsq.LOCAL || Dsq.isLocalOn(dsq);
            long immed = local && random.nextInt(3) == 0 ? EnqFlags.IMMED : 0;
            scx.dsqInsert(p, dsq, slice(), enqFlags | immed);
            if (random.nextInt(3) == 0) {
                int cpu = random.nextInt(scx.topology().nrCpuIds());
                long flags = switch (random.nextInt(5)) {
                    case 0 -> 0L;
                    case 1 -> KickFlags.IDLE;
                    case 2 -> KickFlags.PREEMPT;
                    case 3 -> KickFlags.WAIT;
                    default -> KickFlags.PREEMPT | KickFlags.WAIT;
                };
                scx.kickCpu(cpu, flags);
            }
        }

        @Override
        public void dispatch(int cpu, @Nullable Task prev) {
            Scx.current().dsqMoveToLocal(USER_DSQ);
        }

        private long slice() {
            return 100 * US + (long) (random.nextDouble() * 20 * MS);
        }
    }
}
