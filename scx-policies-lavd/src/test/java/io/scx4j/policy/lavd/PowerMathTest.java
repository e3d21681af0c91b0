package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Core compaction, autopilot, the big/little threshold and cpuperf targets (power.bpf.c) on hand vectors. */
class PowerMathTest {

    @Test
    void requiredCapacityIsOnlineCpusTimesUtilisationPlusAQuarter() {
        assertEquals(256, PowerMath.REQ_CAPACITY_HEADROOM);              // (25 << 10) / 100
        // 24 * 512 = 12288; + (12288 * 256) >> 10 = 3072 -> 15360
        assertEquals(15_360, PowerMath.requiredCapacity(24, 512));
        // 24 * 100 = 2400; + 600 -> 3000
        assertEquals(3_000, PowerMath.requiredCapacity(24, 100));
    }

    @Test
    void activeCpusCoverTheRequiredCapacityAtHalfLoadEach() {
        int[] hybridPerformanceOrder = new int[24];
        for (int i = 0; i < 24; i++) {
            hybridPerformanceOrder[i] = i < 8 ? 1024 : i < 16 ? 600 : 1024;  // P primaries, E cores, P siblings
        }
        // each P CPU counts (1024 * 512) >> 10 = 512: 5 give 2560 < 3000, 6 give 3072 >= 3000
        assertEquals(6, PowerMath.nrActiveCpus(3_000, hybridPerformanceOrder));
        // 8 P = 4096, then E cores add 300 each: 4096 + 300 = 4396 >= 4200 at the 9th CPU
        assertEquals(9, PowerMath.nrActiveCpus(4_200, hybridPerformanceOrder));
        // 15360 is never covered (8 * 512 + 8 * 300 + 8 * 512 = 10592): every CPU
        assertEquals(24, PowerMath.nrActiveCpus(15_360, hybridPerformanceOrder));
    }

    @Test
    void autopilotSwitchesAtHalfALittleCoreAndAQuarterOfTotalCapacityWithSmt() {
        // intel-hybrid-8p8e: little core 600 -> low = 300; total 16 * 1024 + 8 * 600 = 21184, SMT:
        // high = (21184 * 256) >> 10 = 5296
        long total = 16 * 1024 + 8 * 600;
        assertEquals(PowerMode.POWERSAVE, PowerMath.autopilot(300, 600, total, true));
        assertEquals(PowerMode.BALANCED, PowerMath.autopilot(301, 600, total, true));
        assertEquals(PowerMode.BALANCED, PowerMath.autopilot(5_296, 600, total, true));
        assertEquals(PowerMode.PERFORMANCE, PowerMath.autopilot(5_297, 600, total, true));
        // without SMT the high mark is half: (21184 * 512) >> 10 = 10592
        assertEquals(PowerMode.BALANCED, PowerMath.autopilot(10_592, 600, total, false));
    }

    @Test
    void thePerfCriThresholdGivesTheLittleShareOfCapacityToTheLeastCriticalTasks() {
        assertEquals(40, PowerMath.thrPerfCri(0, 10, 20, 40));       // only little cores: nobody is perf-critical
        assertEquals(0, PowerMath.thrPerfCri(1024, 10, 20, 40));     // only big cores: everybody is
        // big share 768, little 256 < 512: 10 + (20 - 10) * 256 / 512 = 15
        assertEquals(15, PowerMath.thrPerfCri(768, 10, 20, 40));
        // big share 256, little 768: 20 + (40 - 20) * (768 - 512) / 512 = 30
        assertEquals(30, PowerMath.thrPerfCri(256, 10, 20, 40));
    }

    @Test
    void theFrequencyTargetIsTheInvariantUtilisationAndTheCapacityFrom85PercentBusy() {
        assertEquals(870, PowerMath.CPU_UTIL_MAX_FOR_CPUPERF);                        // (85 << 10) / 100
        // a P core (capacity 1024) half busy at 60 % of its top speed: invariant 0.5 × 0.6 × 1024 = 307
        assertEquals(307, PowerMath.cpuperfTarget(512, 500, 307, 300, 1024, false));   // max(307, 300)
        // an E core (capacity 600) half busy at its top speed: invariant 512 × 600/1024 = 300, not 512 (which
        // schedutil, reading capacity units, would take as 512/600 of the E core: 85 %, + 25 % headroom = its top)
        assertEquals(300, PowerMath.cpuperfTarget(512, 512, 300, 300, 600, false));
        // from 85 % busy, or with --no-freq-scaling: the CPU's capacity
        assertEquals(600, PowerMath.cpuperfTarget(870, 0, 500, 0, 600, false));
        assertEquals(869, PowerMath.cpuperfTarget(100, 869, 60, 869, 1024, false));    // 84.9 % busy: still invariant
        assertEquals(600, PowerMath.cpuperfTarget(0, 0, 0, 0, 600, true));
        // never above the capacity (upstream's min(max_util_invr, cap))
        assertEquals(600, PowerMath.cpuperfTarget(800, 800, 700, 700, 600, false));
    }
}
