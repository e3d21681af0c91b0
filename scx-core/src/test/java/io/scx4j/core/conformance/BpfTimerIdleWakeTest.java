package io.scx4j.core.conformance;

import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.MachineModel;
import io.scx4j.core.RunResult;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A BPF timer firing on an idle CPU takes it out of its idle state: with nothing to run afterwards the CPU pays an
 * empty wake-up (the machine model's {@code PowerMeter.idleWakeup}: exit latency at active power, then the idle
 * ladder from its top). That is the energy cost of a periodic scheduler timer on an idle machine.
 */
class BpfTimerIdleWakeTest {
    static final long MS = 1_000_000L;

    /** An idle flat-4 for 100 ms; the policy's timer fires at 1 ms, then every {@code periodNs} (0: once). */
    static RunResult idleRun(long periodNs) {
        Engine e = new Engine(TopologyPresets.get("flat-4"), EngineConfig.defaults().withSeed(3)
                .withMachine(MachineModel.defaults()));
        assertEquals(0, e.load(new SchedOps() {
            @Override public String name() { return "idle_timer"; }

            @Override
            public int init(Scx scx) {
                scx.timerInit("tick", (s, cpu, t) -> {
                    if (periodNs > 0) {
                        t.start(periodNs);
                    }
                }).start(MS);
                return 0;
            }
        }));
        RunResult r = e.run(Duration.ofMillis(100));
        assertTrue(r.exits().isEmpty(), () -> r.exits().toString());
        return r;
    }

    @Test
    void aOneMsTimerOnAnIdleMachineCostsOnlyTheArmingCpuEnergy() {
        // both runs fire at 1 ms (the first event also lets every CPU process the reschedule of the policy load);
        // the periodic one fires 99 more times, at 2..100 ms, each an empty wake-up of CPU 0 from C6 (1 ms idle is
        // more than C6's 200 us target residency): 85 us exit latency at active power, then C1, C1E, C6 again
        RunResult once = idleRun(0);
        RunResult ticking = idleRun(MS);
        double cpu0Once = once.cpus().get(0).energyJ();
        double cpu0Ticking = ticking.cpus().get(0).energyJ();
        assertTrue(cpu0Ticking > cpu0Once, cpu0Ticking + " J ticking against " + cpu0Once + " J once");
        for (int cpu = 1; cpu < 4; cpu++) {
            assertEquals(once.cpus().get(cpu).energyJ(), ticking.cpus().get(cpu).energyJ(), 1e-12,
                    "CPU " + cpu + " never took the timer interrupt");
        }
        // every CPU of the one-shot run paid exactly one wake-up at 1 ms; over an undisturbed C6 (the machine's idle
        // floor, 0.05 W) and the ladder entered at load, that is one wake-up's cost. The 99 extra firings cost about
        // 99 of those: the one at 100 ms ends the run before its exit latency is accounted, and the active power of
        // the 85 us follows the CPU's current frequency, so allow 97..99
        double oneWake = once.cpus().get(1).energyJ() - 0.05 * 0.1 - ladderFromZeroJ();
        double extra = cpu0Ticking - cpu0Once;
        assertTrue(extra > 97 * oneWake && extra <= 99 * oneWake + 1e-12, extra + " J for 99 wake-ups of " + oneWake + " J");
    }

    /** The idle ladder entered at 0 (C1 to 2 us, C1E to 200 us, then C6) over C6 for the same 200 us. */
    private static double ladderFromZeroJ() {
        return (0.5 - 0.05) * 2e-6 + (0.3 - 0.05) * 198e-6;
    }
}
