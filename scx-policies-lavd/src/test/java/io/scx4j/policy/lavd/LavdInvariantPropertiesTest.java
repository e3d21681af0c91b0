package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.core.CpuResult;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.testing.RandomTaskSets;
import io.scx4j.testfixtures.RandomMachines;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * LAVD keeps the engine's invariants on random machines and random workloads, in every power mode, and is never
 * ejected: {@link Engine#checkInvariants()} runs after every batch of same-time events (a task is in one place only —
 * on one CPU, one DSQ, in LAVD's custody, or asleep; a CPU runs at most one task; a task runs only inside its
 * cpumask), and at the end no exit was recorded (no {@code scx_error}, no watchdog stall, no callback over its
 * budget). The machines ({@link RandomMachines}) cover uniform, SMT, hybrid P/E and two-node shapes; the workloads
 * ({@link RandomTaskSets}) cover sleeps, wake-ups by other tasks, mutexes, timers, nice -20..19, batch/idle/FIFO
 * tasks, affinity masks, fork and exit. The same random sets run under each of the four power modes (reference
 * policies.md §1.10: {@code --performance}, {@code --powersave}, {@code --balanced}, {@code --autopilot}). The seed
 * is fixed so that a build is reproducible; to explore, drop {@code seed} and raise {@code tries}.
 */
class LavdInvariantPropertiesTest {
    static final long MS = 1_000_000L;

    /** The power modes of scx_lavd's CLI; AUTOPILOT is the default (no fixed mode). */
    enum Mode {
        PERFORMANCE(PowerMode.PERFORMANCE), POWERSAVE(PowerMode.POWERSAVE), BALANCED(PowerMode.BALANCED),
        AUTOPILOT(null);

        final @Nullable PowerMode fixed;

        Mode(@Nullable PowerMode fixed) {
            this.fixed = fixed;
        }
    }

    @Property(tries = 40, seed = "20261126")
    void lavdKeepsTheEngineInvariantsAndIsNeverEjected(@ForAll("shapes") RandomMachines.Shape shape,
            @ForAll("taskSets") List<RandomTaskSets.Drawn> drawn, @ForAll Mode mode, @ForAll long seed) {
        Topology topology = shape.build();
        Engine engine = new Engine(topology, LavdOnEngineTest.config(seed).withProxyExecution((seed & 1) == 0));
        engine.addWorkload(RandomTaskSets.workload(drawn, topology.nrCpuIds()));
        engine.afterEachStep(engine::checkInvariants);
        LavdPolicy lavd = new LavdPolicy(LavdOptions.defaults().withPowerMode(mode.fixed));
        assertEquals(0, engine.load(lavd), "lavd loads");

        engine.runUntil(400 * MS);

        engine.checkInvariants();
        RunResult r = engine.result();
        assertTrue(r.exits().isEmpty(), () -> "lavd (" + mode + ") was ejected on " + shape + ": " + r.exits());
        assertTrue(engine.policyLoaded(), "lavd still loaded");
        assertTrue(r.tasks().size() >= drawn.size(), "every task of the workload is accounted for");
        assertTrue(r.totalRuntimeNs() > 0, "something ran");
        long busy = r.cpus().stream().mapToLong(CpuResult::busyNs).sum();
        assertEquals(busy, r.totalRuntimeNs(), 1 * MS, "CPU busy time is task runtime");
        if (mode.fixed != null) {
            assertEquals(mode.fixed, lavd.stats().powerMode(), "a fixed power mode stays fixed");
        }
    }

    /**
     * The same with CPUs going offline and online at random times: LAVD hears every event
     * ({@code ops.cpu_offline}/{@code ops.cpu_online}), is never ejected, no task is lost or runs on an offline CPU
     * (the engine's invariants), and at the end LAVD's online set is the machine's.
     */
    @Property(tries = 40, seed = "20261126")
    void lavdKeepsTheInvariantsWhileCpusGoOfflineAndOnline(@ForAll("shapes") RandomMachines.Shape shape,
            @ForAll("taskSets") List<RandomTaskSets.Drawn> drawn, @ForAll Mode mode, @ForAll long seed,
            @ForAll("hotplugPlans") List<int[]> plan) {
        Topology topology = shape.build();
        Engine engine = new Engine(topology, LavdOnEngineTest.config(seed).withProxyExecution((seed & 1) == 0));
        engine.addWorkload(RandomTaskSets.workload(drawn, topology.nrCpuIds()));
        engine.afterEachStep(engine::checkInvariants);
        LavdPolicy lavd = new LavdPolicy(LavdOptions.defaults().withPowerMode(mode.fixed));
        assertEquals(0, engine.load(lavd), "lavd loads");
        // plan entries {time in ms, CPU (mod the machine's), 1 = online / 0 = offline}, applied in time order; an
        // event that would take the last online CPU away is skipped (the kernel refuses it with -EBUSY)
        java.util.BitSet online = new java.util.BitSet();
        online.set(0, topology.nrCpuIds());
        List<int[]> sorted = new java.util.ArrayList<>(plan);
        sorted.sort(java.util.Comparator.comparingInt(ev -> ev[0]));
        for (int k = 0; k < sorted.size(); k++) {
            int[] ev = sorted.get(k);
            int cpu = ev[1] % topology.nrCpuIds();
            boolean up = ev[2] != 0;
            if (!up && online.get(cpu) && online.cardinality() == 1) {
                continue;
            }
            online.set(cpu, up);
            // + k ns: no two events share a time (the engine may run same-time events in any order)
            engine.hotplug(ev[0] * MS + k, cpu, up);
        }

        engine.runUntil(400 * MS);

        engine.checkInvariants();
        RunResult r = engine.result();
        assertTrue(r.exits().isEmpty(), () -> "lavd (" + mode + ") was ejected on " + shape + ": " + r.exits());
        assertTrue(engine.policyLoaded(), "lavd still loaded");
        assertTrue(r.tasks().size() >= drawn.size(), "every task of the workload is accounted for");
        CpuMask.Builder expected = CpuMask.builder();
        online.stream().forEach(expected::set);
        assertEquals(expected.build(), lavd.onlineCpus(), "lavd's online CPUs are the machine's");
    }

    /**
     * The same under random combinations of scx_lavd's options (reference policies.md §1.13): fixed or dynamic
     * migration threshold, per-CPU DSQs, pinned slices off, no core compaction, no preemption, no slice boost, no
     * wake-sync, no frequency scaling, and random slice bounds.
     */
    @Property(tries = 40, seed = "20261126")
    void lavdWithRandomOptionsKeepsTheInvariants(@ForAll("shapes") RandomMachines.Shape shape,
            @ForAll("taskSets") List<RandomTaskSets.Drawn> drawn, @ForAll Mode mode, @ForAll long seed,
            @ForAll("options") LavdOptions options) {
        Topology topology = shape.build();
        Engine engine = new Engine(topology, LavdOnEngineTest.config(seed));
        engine.addWorkload(RandomTaskSets.workload(drawn, topology.nrCpuIds()));
        engine.afterEachStep(engine::checkInvariants);
        LavdPolicy lavd = new LavdPolicy(options.withPowerMode(mode.fixed));
        assertEquals(0, engine.load(lavd), "lavd loads");

        engine.runUntil(400 * MS);

        engine.checkInvariants();
        RunResult r = engine.result();
        assertTrue(r.exits().isEmpty(), () -> "lavd " + options + " was ejected on " + shape + ": " + r.exits());
        assertTrue(r.totalRuntimeNs() > 0, "something ran");
    }

    @Provide
    Arbitrary<LavdOptions> options() {
        // flag bits: no-core-compaction, no-preemption, no-wake-sync, no-slice-boost, no-freq-scaling, per-cpu-dsq,
        // fix-starvation
        return net.jqwik.api.Combinators.combine(net.jqwik.api.Arbitraries.integers().between(0, 127),
                        net.jqwik.api.Arbitraries.longs().between(100, 2_000),
                        net.jqwik.api.Arbitraries.longs().between(0, 20_000),
                        net.jqwik.api.Arbitraries.of(0L, 5_000L), net.jqwik.api.Arbitraries.of(0, 20),
                        net.jqwik.api.Arbitraries.of(0, 6, 10))
                .as((f, minUs, extraUs, pinnedUs, migDelta, shift) -> new LavdOptions(null, (f & 1) != 0,
                        (minUs + extraUs) * 1_000, minUs * 1_000, shift, pinnedUs * 1_000, migDelta, 25, 10,
                        (f & 2) != 0, (f & 4) != 0, (f & 8) != 0, (f & 16) != 0, (f & 32) != 0, (f & 64) != 0, 16_384,
                        0x5ca1ab1eL));
    }

    @Provide
    Arbitrary<List<int[]>> hotplugPlans() {
        return net.jqwik.api.Combinators.combine(net.jqwik.api.Arbitraries.integers().between(1, 380),
                        net.jqwik.api.Arbitraries.integers().between(0, 63),
                        net.jqwik.api.Arbitraries.integers().between(0, 1))
                .as((t, cpu, up) -> new int[] {t, cpu, up})
                .list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<RandomMachines.Shape> shapes() {
        return RandomMachines.shapes();
    }

    @Provide
    Arbitrary<List<RandomTaskSets.Drawn>> taskSets() {
        return RandomTaskSets.taskSets();
    }
}
