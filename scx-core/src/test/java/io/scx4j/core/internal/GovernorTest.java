package io.scx4j.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scx4j.core.EngineConfig;
import io.scx4j.core.MachineModel;
import io.scx4j.topology.TopologyPresets;
import org.junit.jupiter.api.Test;

/** The schedutil model's arithmetic, on one CPU, with hand-derived numbers. */
class GovernorTest {
    static final long MS = 1_000_000L;

    final Kernel k = new Kernel(TopologyPresets.get("flat-1"), EngineConfig.defaults());
    final Governor g = k.machine.governor;
    final CpuRq rq = k.cpus[0];

    @Test
    void utilizationDecaysByHalfEvery32ms() {
        assertEquals(1.0, g.decay(0));
        assertEquals(0.5, g.decay(32 * MS));
        assertEquals(0.25, g.decay(64 * MS));
        assertEquals(Math.pow(0.5, 1 / 32.0), g.decay(1 * MS), 1e-15);
        // half a period: linear within the period, as PELT accounts partial periods
        assertEquals(1 - 0.5 * (1 - Math.pow(0.5, 1 / 32.0)), g.decay(MS / 2), 1e-15);
    }

    @Test
    void aCpuRunningAFairTaskAtFullSpeedForOneHalfLifeReachesHalfUtilization() {
        rq.util = 0;
        rq.utilAt = 0;
        rq.utilFair = true;
        rq.perfCur = 1024;
        k.now = 32 * MS;
        g.updateUtil(rq);
        assertEquals(512.0, rq.util);
        // schedutil asks for util + 25 %: 640
        assertEquals(640, g.wantedPerf(rq));
    }

    @Test
    void utilizationIsFrequencyInvariant() {
        rq.util = 0;
        rq.utilAt = 0;
        rq.utilFair = true;
        rq.perfCur = 512;
        k.now = 32 * MS;
        g.updateUtil(rq);
        // running at half frequency counts half: converging to 512, half way there after one half life
        assertEquals(256.0, rq.util);
        assertEquals(320, g.wantedPerf(rq));
    }

    @Test
    void anIdleCpusUtilizationDecaysAndItsRequestFloorsAtTheMinimumFrequency() {
        rq.util = 800;
        rq.utilAt = 0;
        rq.utilFair = false;
        k.now = 64 * MS;
        g.updateUtil(rq);
        assertEquals(200.0, rq.util);
        // 250 would be asked, but 0.8 GHz / 3 GHz × 1024 = 273 is the floor
        assertEquals(273, g.wantedPerf(rq));
    }

    @Test
    void thePerformanceGovernorAlwaysWantsTheMaximum() {
        Kernel perf = new Kernel(TopologyPresets.get("flat-1"), EngineConfig.defaults().withMachine(
                MachineModel.defaults().withDvfs(MachineModel.Dvfs.defaults()
                        .withGovernor(MachineModel.Governor.PERFORMANCE))));
        assertEquals(1024, perf.machine.governor.wantedPerf(perf.cpus[0]));
    }
}
