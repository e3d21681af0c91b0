package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.TaskResult;
import io.scx4j.core.testing.RandomTaskSets;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.testfixtures.RandomMachines;
import io.scx4j.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A stricter form of "no stall under the watchdog" ({@code check_rq_for_timeouts} ejects a scheduler that leaves a
 * runnable task unrun for {@code timeout_ms}, 30 s by default): under LAVD every task of a random run/sleep set runs
 * in the second half-second of a one-second run, on random machines, with nice -20..19 and random affinity, in every
 * power mode. LAVD's virtual deadlines bound how long a task waits: a task's deadline is its runnable time on the
 * logical clock plus a delta that grows with its runtime and shrinks with its latency criticality, and the logical
 * clock advances with the deadlines of the tasks that run ({@code calc_when_to_run}, {@code advance_cur_logical_clk},
 * reference policies.md §1.4), so a waiting task's deadline is eventually the earliest. Programs that block on other
 * tasks (mutexes, suspend) are left out: such a task need not run while it waits.
 *
 * <p>Upstream's algorithm does not have this property: this test found two ways it leaves a task unrun for good (a
 * frozen logical clock, and free steals of CPU hogs), pinned in {@link LavdStarvationTest}. So it runs LAVD with the
 * scx4j {@code fix-starvation} option, and asserts that those fixes are enough. The seed is fixed so that a build is
 * reproducible; to explore, drop {@code seed} and raise {@code tries} (2 × 3000 random tries passed with the fixes;
 * without them random runs failed within a few hundred tries).
 */
class LavdNoStarvationPropertyTest {
    static final long US = 1_000L;
    static final long MS = 1_000_000L;

    /** A drawn task: runs {@code run} ns, then (if {@code sleeps}) sleeps {@code sleep} ns, for ever. */
    record Drawn(long run, long sleep, boolean sleeps, int nice, int affinityBits) {}

    @Property(tries = 40, seed = "20261126")
    void everyTaskRunsInEveryHalfSecondUnderLavd(@ForAll("shapes") RandomMachines.Shape shape,
            @ForAll("tasks") List<Drawn> drawn, @ForAll LavdInvariantPropertiesTest.Mode mode, @ForAll long seed) {
        Topology topology = shape.build();
        List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) {
            Drawn d = drawn.get(i);
            Step[] program = d.sleeps() ? new Step[] {Step.run(d.run()), Step.sleep(d.sleep())}
                    : new Step[] {Step.run(d.run())};
            specs.add(TaskSpec.of("t" + i, program).withNice(d.nice())
                    .withAffinity(RandomTaskSets.mask(d.affinityBits(), topology.nrCpuIds())));
        }
        Engine e = new Engine(topology, LavdOnEngineTest.config(seed));
        e.addWorkload(new Workload("progress", specs));
        e.load(new LavdPolicy(LavdOptions.defaults().withPowerMode(mode.fixed).withFixStarvation(true)));
        e.runUntil(500 * MS);
        RunResult half = e.result();

        e.runUntil(1_000 * MS);

        RunResult end = e.result();
        assertTrue(end.exits().isEmpty(), () -> "no exit: " + end.exits());
        for (int i = 0; i < specs.size(); i++) {
            TaskResult before = half.tasks().get(i);
            TaskResult after = end.tasks().get(i);
            Drawn d = drawn.get(i);
            assertTrue(after.runtimeNs() > before.runtimeNs(), () -> after.comm() + " (" + d + ") did not run from"
                    + " 500 to 1000 ms under lavd " + mode + " on " + shape);
        }
    }

    @Provide
    Arbitrary<RandomMachines.Shape> shapes() {
        return RandomMachines.shapes();
    }

    @Provide
    Arbitrary<List<Drawn>> tasks() {
        return Combinators.combine(Arbitraries.longs().between(50 * US, 20 * MS),
                        Arbitraries.longs().between(10 * US, 10 * MS), Arbitraries.of(true, false),
                        Arbitraries.integers().between(-20, 19), Arbitraries.integers().between(0, 0xffffff))
                .as(Drawn::new).list().ofMinSize(1).ofMaxSize(16);
    }
}
