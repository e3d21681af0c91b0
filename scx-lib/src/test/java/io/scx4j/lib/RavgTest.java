package io.scx4j.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Ravg} on values worked out by hand from {@code ravg_accumulate}/{@code ravg_read} (sched-ext/scx
 * {@code lib/ravg.bpf.c}), with scx_lavd's duty cycle: 1024 while running, 0 otherwise, 128 ms half-life.
 * Fixed point: {@code 1 << 20} is 1.0, so a read of {@code k << 20} is {@code k}.
 */
class RavgTest {
    private static final long H = 128_000_000L; // LAVD_RAVG_HALFLIFE_NS
    private static final long MS = 1_000_000L;

    private final Ravg r = new Ravg();

    private long readUnits(long now) {
        return r.read(now, H) >>> Ravg.FRAC_BITS;
    }

    @Test
    void anEmptyAverageReadsZeroAtAnyTime() {
        assertEquals(0, r.read(0, H));
        assertEquals(0, r.read(5 * H + 3, H));
    }

    @Test
    void aDutyCycleOf1024HeldForExactlyOneHalfLifeFromNothingReadsHalfOfIt() {
        r.accumulate(1024, 10 * H, H);
        // at 11H the period [10H, 11H) has ended: old = 1024 × (2^20 >> 1) = 2^29, which is 512.0
        assertEquals(1L << 29, r.read(11 * H, H));
        assertEquals(512, readUnits(11 * H));
    }

    @Test
    void halfwayThroughTheFirstHalfLifeTheBlendGivesAQuarter() {
        r.accumulate(1024, 0, H);
        // at 64 ms: cur = 1024 × 2^19 (half a period at 1024), old = 0; read = old × (1 − ½·½) + cur / 2 = 2^28
        assertEquals(1L << 28, r.read(64 * MS, H));
        assertEquals(256, readUnits(64 * MS));
    }

    @Test
    void afterTheTaskStopsTheAverageSlidesLinearlyTowardItsNextHalving() {
        r.accumulate(1024, 0, H);
        r.accumulate(0, H, H); // ran [0, 128 ms), sleeps from then on: old = 2^29 (512)
        assertEquals(512, readUnits(H));
        // 64 ms later: 2^29 × (1 − ½·½) = 3 × 2^27, 384; the period ends at 256 (2H)
        assertEquals(3L << 27, r.read(H + 64 * MS, H));
        assertEquals(256, readUnits(2 * H));
    }

    @Test
    void aFullDutyCycleDecaysByHalfEveryHalfLifeAfterTheTaskStops() {
        r.accumulate(1024, 0, H);
        r.accumulate(0, 20 * H, H);
        // 20 periods at 1024: the oldest adds 1024 × (2^20 >> 20) = 1024, the 19 others 1024 × ravg_full_sum[18]
        // = 1024 × 1048574; old = 1024 × 1048575 = 2^30 − 1024, just under 1024.0
        assertEquals((1L << 30) - 1024, r.old());
        assertEquals(0, r.cur());
        assertEquals(1023, readUnits(20 * H));
        assertEquals(511, readUnits(21 * H)); // (2^30 − 1024) >> 1 = 2^29 − 512
        assertEquals(255, readUnits(22 * H));
        assertEquals(127, readUnits(23 * H));
        assertEquals(0, readUnits(30 * H)); // (2^30 − 1024) >> 10 = 2^20 − 1, under 1.0
    }

    @Test
    void aRunThatStraddlesAPeriodBoundaryWeighsEachPartByItsAge() {
        r.accumulate(1024, 32 * MS, H); // runs from 32 ms
        r.accumulate(0, 160 * MS, H);   // to 160 ms: 96 ms in period 0, 32 ms in period 1
        // period 0's 0.75 is folded as of 128 ms, halved once: old = 1024 × 393216; period 1 so far: cur = 1024 × 2^18
        assertEquals(1024L * 393_216, r.old());
        assertEquals(1024L << 18, r.cur());
        // at 256 ms both are one more period back: 1024 × (0.75 / 4 + 0.25 / 2) = 192 + 128 = 320
        assertEquals(320L << 20, r.read(2 * H, H));
    }

    @Test
    void aValueHeldForManyHalfLivesReadsItselfLessTheFixedPointRemainder() {
        r.accumulate(1000, 0, H);
        // 100 periods: the oldest decays to 0, the rest weigh ravg_full_sum[19] = 2^20 − 1: 1000 × (2^20 − 1)
        assertEquals(1000L * 1_048_575, r.read(100 * H, H));
        assertEquals(999, readUnits(100 * H));
    }

    @Test
    void readingLeavesTheStateAsItWas() {
        r.accumulate(1024, 32 * MS, H);
        r.accumulate(0, 160 * MS, H);
        long val = r.val();
        long valAt = r.valAt();
        long old = r.old();
        long cur = r.cur();
        r.read(10 * H + 5, H);
        assertEquals(val, r.val());
        assertEquals(valAt, r.valAt());
        assertEquals(old, r.old());
        assertEquals(cur, r.cur());
    }

    @Test
    void aTimeBeforeTheLastUpdateCountsAsTheLastUpdate() {
        r.accumulate(1024, 0, H);
        r.accumulate(0, H, H);
        assertEquals(512, readUnits(H / 2), "read as of 128 ms");
        r.accumulate(1024, H / 2, H); // set at 128 ms, not 64 ms
        assertEquals(H, r.valAt());
        assertEquals(1024, r.val());
        assertEquals(1L << 29, r.old());
        assertEquals(0, r.cur());
    }

    @Test
    void valuesAreClampedTo44Bits() {
        r.accumulate(1L << 50, 0, H);
        assertEquals((1L << 44) - 1, r.val());
        r.accumulate(-1L, H, H); // 2^64 − 1 as upstream's u64
        assertEquals((1L << 44) - 1, r.val());
    }

    @Test
    void theLargestValueUsesAll64BitsAndTheMidPeriodBlendDoesNotOverflow() {
        long max = (1L << 44) - 1;
        r.accumulate(max, 0, H);
        r.accumulate(max, 100 * H, H);
        // old = (2^44 − 1)(2^20 − 1) = 2^64 − 2^44 − 2^20 + 1: negative as a signed long
        long old = -(1L << 44) - (1L << 20) + 1;
        assertEquals(old, r.old());
        assertEquals((1L << 44) - (1L << 24) - 1, readUnits(100 * H));
        // at 100.5 H: floor(old × 3/4) + max × 2^18 = 2^64 − 3·2^42 − 2^20 (old × 3/4 needs 66 bits on the way)
        long expected = -3L * (1L << 42) - (1L << 20);
        assertEquals(expected, r.read(100 * H + 64 * MS, H));
        assertEquals((1L << 44) - 3L * (1L << 22) - 1, readUnits(100 * H + 64 * MS));
    }

    @Test
    void loadAndClearSetTheFourFieldsAsKeptInAnArenaRecord() {
        r.load(1024, H, 1L << 29, 5);
        assertEquals(1024, r.val());
        assertEquals(H, r.valAt());
        assertEquals(1L << 29, r.old());
        assertEquals(5, r.cur());
        r.clear();
        assertEquals(0, r.val() | r.valAt() | r.old() | r.cur());
    }

    @Test
    void aHalfLifeOutsideUpstreamsU32RangeIsRejectedWithTheValueNamed() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> r.accumulate(1, 0, 0));
        assertTrue(zero.getMessage().contains("halfLife") && zero.getMessage().contains("got 0"), zero.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> r.read(0, 1L << 32));
        assertTrue(big.getMessage().contains("4294967296"), big.getMessage());
    }
}
