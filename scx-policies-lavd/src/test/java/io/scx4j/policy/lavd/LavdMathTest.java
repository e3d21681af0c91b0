package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * LAVD's integer math on hand-computed vectors: each expected number is derived in the comment above it from the
 * formulas of scx_lavd (lat_cri.bpf.c, main.bpf.c, sys_stat.bpf.c, util.bpf.c, common.bpf.h at sched-ext/scx
 * 7a58a3a1a857). These pin the port's fidelity: a change in rounding, a constant or a shift shows up here.
 */
class LavdMathTest {
    static final long US = 1_000;
    static final long MS = 1_000_000;

    // ------------------------------------------------------------ util / common.bpf.h

    @Test
    void log2u64IsTheBitLengthAndOneForZero() {
        assertEquals(1, Ewma.log2u64(0));            // log2_u32(0) = 0, + 1
        assertEquals(1, Ewma.log2u64(1));            // floor(log2 1) + 1
        assertEquals(2, Ewma.log2u64(2));
        assertEquals(7, Ewma.log2u64(101));          // 64 <= 101 < 128
        assertEquals(41, Ewma.log2u64(1L << 40));    // high word path: log2_u32(2^8) + 32 + 1
    }

    @Test
    void calcAvgKeepsSevenEighthsAndFallsBackToHalvesForTinyValues() {
        assertEquals(900, Ewma.avg(800, 1600));      // 800 - 800>>3 + 1600>>3 = 800 - 100 + 200
        assertEquals(7, Ewma.avg(3, 10));            // 3 < 8: 3 - 3>>1 + 10>>1 = 3 - 1 + 5
        assertEquals(0, Ewma.avg(1, 0));             // the special case lets 1 decay to 0
        assertEquals(400, Ewma.asymAvg(100, 500));   // rising: avg(500, 100, 2) = 500 - 125 + 25
        assertEquals(100 - 12 + 6, Ewma.asymAvg(100, 50)); // falling: 100 - 100>>3 + 50>>3
        assertEquals(50, Ewma.avgFreq(0, 10 * MS));  // sample 1e9/1e7 = 100; old 0 < 8: 0 + 100>>1
    }

    // ------------------------------------------------------------ lat_cri.bpf.c: calc_lat_cri

    @Test
    void aTimerWokenShortSleeperScores1225() {
        // wait_freq 100/s (10 ms period), wake_freq 0, avg_runtime_invr 1 ms, nice 0, woken by a timer (hardirq).
        long waitFt = LatCri.waitFactor(100);                   // 100 + 1 = 101
        long wakeFt = LatCri.wakeFactor(0);                     // 0 + 1 = 1
        int logWwf = LatCri.logWaitWake(waitFt, wakeFt);        // bitlen(101) = 7
        long runtimeFt = LatCri.reverseRuntimeFactor(MS);       // (1e9 - 1e6) / 5e5 + 1 = 1998 + 1 = 1999
        int ctx = LatCri.CTX_WAKEUP | LatCri.CTX_WOKEN_BY_HARDIRQ;
        long weightFt = LatCri.weightFactor(100, ctx);          // boost 1 + 128 + 1024 = 1153; 100 * 1153 + 1 = 115301
        assertEquals(101, waitFt);
        assertEquals(7, logWwf);
        assertEquals(1999, runtimeFt);
        assertEquals(1153, LatCri.weightBoost(ctx));
        assertEquals(115_301, weightFt);
        // 1999 * 115301 = 230,486,699: 2^27 <= it < 2^28, bitlen 28; (7 + 28)^2 = 1225
        assertEquals(1225, LatCri.latCri(logWwf, runtimeFt, weightFt));
    }

    @Test
    void aCpuHogThatNeverSleepsScores64() {
        // no waits, no wakes: bitlen(1 * 1) = 1; runtime >= 1 s: runtime_ft 1; not a wake-up: 100 * 1 + 1 = 101
        int logWwf = LatCri.logWaitWake(LatCri.waitFactor(0), LatCri.wakeFactor(0));
        long runtimeFt = LatCri.reverseRuntimeFactor(2_000 * MS);
        long weightFt = LatCri.weightFactor(100, 0);
        assertEquals(1, logWwf);
        assertEquals(1, runtimeFt);
        // bitlen(101) = 7; (1 + 7)^2 = 64
        assertEquals(64, LatCri.latCri(logWwf, runtimeFt, weightFt));
    }

    @Test
    void everyContextBoostAddsItsUpstreamAmount() {
        // hardirq wins over softirq (else-if); RT/DL waker +512; kthread +256; ksoftirqd +512; kworker +128;
        // affinitized +128; pinned +256; lock +128; wake-up +128; sync +128: 1 + 128 + 128 + 1024 + 512 + 256 + 512
        // + 128 + 128 + 256 + 128 = 3201
        int all = LatCri.CTX_WAKEUP | LatCri.CTX_SYNC_WAKEUP | LatCri.CTX_WOKEN_BY_HARDIRQ | LatCri.CTX_WOKEN_BY_SOFTIRQ
                | LatCri.CTX_WOKEN_BY_RT_DL | LatCri.CTX_KTHREAD | LatCri.CTX_KSOFTIRQD | LatCri.CTX_KWORKER
                | LatCri.CTX_AFFINITIZED | LatCri.CTX_PINNED | LatCri.CTX_LOCK_BOOST;
        assertEquals(3201, LatCri.weightBoost(all));
        assertEquals(1 + 512, LatCri.weightBoost(LatCri.CTX_WOKEN_BY_SOFTIRQ));
    }

    @Test
    void aWakeeInheritsAnEighthOfTheExcessCappedAtAQuarterOfItsOwnScore() {
        // lat_cri 64 woken by a 1225 task: giver 1225 > 128; (1225 - 128) >> 3 = 137; cap 64 >> 2 = 16 -> 80
        assertEquals(80, LatCri.inherit(64, 1225, 0));
        // lat_cri 1000, giver 1100 + 1000 = 2100 > 2000: (2100 - 2000) >> 3 = 12; cap 250 -> 1012
        assertEquals(1012, LatCri.inherit(1000, 1100, 1000));
        // giver 2000 is not more than 2 * 1000: unchanged
        assertEquals(1000, LatCri.inherit(1000, 1000, 1000));
    }

    @Test
    void perfCriIsChainPositionPlusTheBitLengthOfDemandTimesWeight() {
        // run_freq 100/s, avg 1 ms, acc 0: 100 * 1e6 = 1e8; >> 10 = 97,656; * 100 = 9,765,600;
        // 2^23 = 8,388,608 <= it < 2^24: bitlen 24; log_wwf 7 -> 31
        assertEquals(31, LatCri.perfCri(7, 100, MS, 0, 100));
    }

    // ------------------------------------------------------------ lat_cri.bpf.c: calc_when_to_run

    @Test
    void aCriticalTaskAtZeroLagGetsADeadline6122nsAhead() {
        long lagMax = Deadline.scaleByWeightInverse(Deadline.TASK_LAG_MAX_NS, 100);   // 500 ms * 100 / 100
        // ((0 + 5e8) << 10) / 5e8 = 1024; >> 1 = 512; 1024 + 512 = 1536 (150 %)
        long penalty = Deadline.greedyPenalty(0, lagMax);
        long runtime = Deadline.adjustedRuntime(0);                                    // 5 ms + min(0, 5 ms)
        assertEquals(500 * MS, lagMax);
        assertEquals(1536, penalty);
        assertEquals(5 * MS, runtime);
        // (5e6 * 1536 / 1225) = 6,269,387 (integer); >> 10 = 6122
        assertEquals(6122, Deadline.deadlineDelta(runtime, penalty, 1225));
    }

    @Test
    void aGreedyHogGetsTwiceThePenaltyAndADeadline312500nsAhead() {
        long lagMax = Deadline.scaleByWeightInverse(Deadline.TASK_LAG_MAX_NS, 100);
        long lag = Deadline.clampLag(-3 * lagMax, lagMax);                            // clamped to -lag_max
        // ((lag_max + lag_max) << 10) / lag_max = 2048; >> 1 = 1024; 1024 + 1024 = 2048 (200 %)
        long penalty = Deadline.greedyPenalty(lag, lagMax);
        long runtime = Deadline.adjustedRuntime(20 * MS);                              // 5 ms + min(20, 5) ms = 10 ms
        assertEquals(-lagMax, lag);
        assertEquals(2048, penalty);
        // 1e7 * 2048 / 64 = 320,000,000; >> 10 = 312,500
        assertEquals(312_500, Deadline.deadlineDelta(runtime, penalty, 64));
        // an under-served task (lag = +lag_max) pays no penalty: (0 << 10) / lag_max = 0 -> 1024
        assertEquals(1024, Deadline.greedyPenalty(lagMax, lagMax));
        // weight 200 halves the lag bound: 5e8 * 100 / 200
        assertEquals(250 * MS, Deadline.scaleByWeightInverse(Deadline.TASK_LAG_MAX_NS, 200));
    }

    @Test
    void theCompeteWindowIs4577nsAndShrinksWithOversubscription() {
        assertEquals(4577, Deadline.COMPETE_WINDOW_NS);                 // 300,000,000 >> 16 = 4577.6 -> 4577
        assertEquals(4577, Deadline.competeWindow(8, 16));              // not oversubscribed
        assertEquals(2288, Deadline.competeWindow(20, 10));             // 4577 * 10 / 20 = 2288
        // clock 1,000,000 - window 4577 + delta 6122 = 1,001,545
        assertEquals(1_001_545, Deadline.whenToRun(1_000_000, 4577, 6122));
    }

    @Test
    void theLogicalClockMovesAQueuedFractionTowardsTheStartedDeadlineAndNeverBack() {
        assertEquals(2000, Deadline.advanceClock(1000, 5000, 4));       // 1000 + 4000 / 4
        assertEquals(5000, Deadline.advanceClock(1000, 5000, 0));       // max(nr_queued, 1) = 1
        assertEquals(5000, Deadline.advanceClock(5000, 1000, 4));       // never backwards
    }

    // ------------------------------------------------------------ calc_sys_time_slice / calc_time_slice

    @Test
    void theSystemSliceServesEveryQueuedTaskWithinTenMs() {
        long min = TimeSlice.SLICE_MIN_NS_DFL;
        long max = TimeSlice.SLICE_MAX_NS_DFL;
        assertEquals(5 * MS, TimeSlice.sysSliceSample(24, 48, min, max));   // 10 ms * 24 / 48 = 5 ms
        assertEquals(800 * US, TimeSlice.sysSliceSample(8, 100, min, max)); // 10 ms * 8 / 100 = 800 us
        assertEquals(500 * US, TimeSlice.sysSliceSample(8, 1000, min, max)); // 80 us, clamped up to 500 us
        assertEquals(5 * MS, TimeSlice.sysSliceSample(8, 0, min, max));     // nothing queued: slice_max
    }

    @Test
    void longBurstsAreBoostedFullyAtLightLoadAndOnlyForCriticalTasksUnderLoad() {
        long min = TimeSlice.SLICE_MIN_NS_DFL;
        // light load: avg_runtime 20 ms >= sys slice 5 ms -> 20 ms + 500 us
        var kind = TimeSlice.kind(0, 0, true, 20 * MS, 5 * MS, true, 100, 200);
        assertEquals(TimeSlice.Kind.BOOSTED, kind);
        assertEquals(20_500 * US, TimeSlice.taskSlice(kind, 0, 5 * MS, min, 20 * MS, 100, 200));
        // heavy load, lat_cri 1225 > avg 600, sys slice 1 ms: 1e6 * 1225 / 601 = 2,038,269; 1 ms + that = 3.04 ms,
        // clamped to min(avg_runtime 20 ms, 2 * 1 ms) = 2 ms
        kind = TimeSlice.kind(0, 0, true, 20 * MS, MS, false, 1225, 600);
        assertEquals(TimeSlice.Kind.BOOSTED_LAT_CRI, kind);
        assertEquals(2 * MS, TimeSlice.taskSlice(kind, 0, MS, min, 20 * MS, 1225, 600));
        // heavy load, not critical: the system slice
        kind = TimeSlice.kind(0, 0, true, 20 * MS, MS, false, 100, 600);
        assertEquals(TimeSlice.Kind.REGULAR, kind);
        // pinned tasks waiting: min(pinned 5 ms, sys 1 ms)
        kind = TimeSlice.kind(5 * MS, 1, true, 20 * MS, MS, true, 1225, 600);
        assertEquals(TimeSlice.Kind.PINNED, kind);
        assertEquals(MS, TimeSlice.taskSlice(kind, 5 * MS, MS, min, 20 * MS, 1225, 600));
        // can_boost_slice: util 95 % = (95 << 10) / 100 = 972 is still fine, 973 is not
        assertEquals(972, TimeSlice.BOOST_UTIL_WALL);
        assertEquals(true, TimeSlice.canBoost(972, 4, 4));
        assertEquals(false, TimeSlice.canBoost(973, 4, 4));
        assertEquals(false, TimeSlice.canBoost(100, 5, 4));
    }
}
