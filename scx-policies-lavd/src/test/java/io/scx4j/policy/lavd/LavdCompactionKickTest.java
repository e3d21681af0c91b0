package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.core.Engine;
import io.scx4j.core.EventSink;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which CPUs a core-compaction pass kicks (policies.md §1.10; upstream {@code do_core_compaction} and
 * {@code reinit_active_cpumask_for_performance} in {@code power.bpf.c}). A kicked idle CPU goes through the pick
 * path and calls {@code ops.dispatch}, so the dispatch calls of a CPU that runs nothing show its kicks.
 */
class LavdCompactionKickTest {
    static final long US = 1_000L;
    static final long MS = 1_000_000L;

    /** The times of {@code ops.dispatch} calls, per CPU of a 4-CPU machine. */
    static final class Dispatches implements EventSink {
        final List<List<Long>> at = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());

        @Override
        public boolean wantsCalls() {
            return true;
        }

        @Override
        public void onCall(long timeNs, int cpu, String kind, String name, int pid, String args, String result) {
            if (kind.equals("op") && name.equals("dispatch")) {
                at.get(cpu).add(timeNs);
            }
        }
    }

    /**
     * flat-4 with a single task pinned to CPU 3, woken every 10 ms by an absolute timer to run 100 µs. The 10 ms
     * pass runs from LAVD's BPF timer, armed in ops.init on CPU 0 and re-armed by its callback: at 10, 20, ...,
     * 1 000 ms, on CPU 0.
     */
    static Dispatches run(PowerMode mode) {
        LavdPolicy lavd = new LavdPolicy(LavdOptions.defaults().withPowerMode(mode));
        Engine e = new Engine(TopologyPresets.get("flat-4"), LavdOnEngineTest.config(7));
        e.addTask(TaskSpec.of("ticker", new Step.Timer("tick", 10 * MS, true), Step.run(100 * US))
                .withAffinity(CpuMask.of(3)));
        Dispatches d = new Dispatches();
        e.addSink(d);
        assertEquals(0, e.load(lavd));
        RunResult r = e.run(Duration.ofSeconds(1));
        assertTrue(r.exits().isEmpty(), "no exit: " + r.exits());
        if (mode == PowerMode.POWERSAVE) {
            // 100 µs per 10 ms is ~1 % of one CPU: the required capacity is covered by the first CPU of the
            // powersave order; CPU 3 holds a pinned task, so it is in the overflow set
            assertEquals(CpuMask.of(0), lavd.activeCpus());
        }
        return d;
    }

    @Test
    void everyCompactionPassKicksTheIdleActiveCpuSoItLooksForWorkAgain() {
        Dispatches d = run(PowerMode.POWERSAVE);
        // CPU 0 is active and runs nothing: it dispatches when the policy loads (every CPU does) and then once per
        // pass, when the pass's kick reaches it. The pass runs in the statistics timer's callback on CPU 0 (the CPU
        // that armed it in ops.init), so the kick is local: no IPI, CPU 0 dispatches at 10, 20, ..., 1 000 ms (the
        // run includes events at its end). Before this port kicked only CPUs that became usable, it dispatched once.
        List<Long> expected = new ArrayList<>();
        expected.add(0L);
        for (long t = 10 * MS; t <= 1_000 * MS; t += 10 * MS) {
            expected.add(t);
        }
        assertEquals(expected, d.at.get(0));
        // CPUs 1 and 2 are neither active nor overflow: never kicked, they dispatch only at load
        assertEquals(List.of(0L), d.at.get(1));
        assertEquals(List.of(0L), d.at.get(2));
    }

    @Test
    void performanceModeKicksOnlyWhenItSetsUpItsMasksNotOnEveryPass() {
        Dispatches d = run(PowerMode.PERFORMANCE);
        // performance mode from the start: the masks are set up at ops.init, before the policy runs (a kick there
        // does nothing); the passes keep them and kick no one, so the idle CPUs 0-2 dispatch only at load
        for (int cpu = 0; cpu < 3; cpu++) {
            assertEquals(List.of(0L), d.at.get(cpu), "CPU " + cpu);
        }
    }
}
