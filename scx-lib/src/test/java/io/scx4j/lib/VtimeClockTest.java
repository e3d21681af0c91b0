package io.scx4j.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.Scx;
import io.scx4j.testfixtures.FakeTask;
import org.junit.jupiter.api.Test;

class VtimeClockTest {
    private static final long SLICE = Scx.SLICE_DFL; // 20 ms

    @Test
    void timeBeforeIsTheSignOfTheDifference() {
        assertTrue(VtimeClock.timeBefore(1, 2));
        assertFalse(VtimeClock.timeBefore(2, 1));
        assertFalse(VtimeClock.timeBefore(5, 5));
        assertTrue(VtimeClock.timeAfter(2, 1));
        assertFalse(VtimeClock.timeAfter(5, 5));
    }

    @Test
    void timeBeforeStaysRightAcrossTheWrapOfTheUnsigned64BitCounter() {
        long justBeforeWrap = -10L; // u64 2^64 - 10
        long justAfterWrap = 5L;    // u64 5, i.e. 15 ns later
        assertTrue(VtimeClock.timeBefore(justBeforeWrap, justAfterWrap));
        assertTrue(VtimeClock.timeAfter(justAfterWrap, justBeforeWrap));
        // the same across the signed boundary of a Java long
        assertTrue(VtimeClock.timeBefore(Long.MAX_VALUE, Long.MIN_VALUE));
    }

    @Test
    void theClockFollowsTheLargestRunningVtimeAndNeverGoesBack() {
        VtimeClock clock = new VtimeClock();
        assertEquals(100, clock.advanceTo(100));
        assertEquals(100, clock.advanceTo(40));
        assertEquals(250, clock.advanceTo(250));
        assertEquals(250, clock.now());
    }

    @Test
    void theClockAdvancesAcrossTheWrap() {
        VtimeClock clock = new VtimeClock(-10L);
        assertEquals(5L, clock.advanceTo(5L));
    }

    @Test
    void aTaskWakingAfterALongSleepGetsVtimeAtMostOneSliceBehindVtimeNow() {
        VtimeClock clock = new VtimeClock(1_000_000_000L); // vtime_now = 1 s
        // slept through 900 ms of others' running: only 20 ms of credit is kept
        assertEquals(1_000_000_000L - 20_000_000L, clock.clamp(100_000_000L, SLICE));
    }

    @Test
    void aTaskLessThanOneSliceBehindKeepsItsVtime() {
        VtimeClock clock = new VtimeClock(1_000_000_000L);
        assertEquals(990_000_000L, clock.clamp(990_000_000L, SLICE));
        assertEquals(1_500_000_000L, clock.clamp(1_500_000_000L, SLICE));
    }

    @Test
    void clampingRightAfterStartUsesTheWrappedFloorLikeTheKernel() {
        // vtime_now = 0: vtime_now - slice wraps to a huge u64, and vtime 0 is not before it (wrap-safe compare)
        VtimeClock clock = new VtimeClock();
        assertEquals(0, clock.clamp(0, SLICE));
    }

    @Test
    void theChargeIsTheUsedTimeScaledByOneHundredOverTheWeight() {
        assertEquals(10_000_000L, VtimeClock.charge(10_000_000L, 100)); // nice 0: real time
        assertEquals(5_000_000L, VtimeClock.charge(10_000_000L, 200));  // twice the weight: half the charge
        assertEquals(1_000_000_000L, VtimeClock.charge(10_000_000L, 1)); // weight 1: 100x
        assertEquals(3_333_333L, VtimeClock.charge(10_000_000L, 300));  // integer division, like the u64 C code
    }

    @Test
    void aWeightOutsideTheKernelsRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> VtimeClock.charge(1, 0));
        assertThrows(IllegalArgumentException.class, () -> VtimeClock.charge(1, 10_001));
    }

    @Test
    void theUsedSliceIsWhatWasGivenMinusWhatIsLeftAndNeverNegative() {
        assertEquals(15_000_000L, VtimeClock.usedSlice(SLICE, 5_000_000L));
        assertEquals(SLICE, VtimeClock.usedSlice(SLICE, 0)); // yield or preemption zeroes the slice
        assertEquals(0, VtimeClock.usedSlice(5_000_000L, SLICE)); // refilled by the kernel with more than given
        assertEquals(0, VtimeClock.usedSlice(SLICE, Scx.SLICE_INF)); // infinite slice: unsigned, larger than any
    }

    @Test
    void chargingAtStoppingAddsTheWeightedUsedSliceToTheTasksVtime() {
        FakeTask p = new FakeTask(1).weight(50).vtime(7_000L).slice(12_000_000L);
        // used 20 ms - 12 ms = 8 ms; at weight 50 that is 8 ms * 100 / 50 = 16 ms
        assertEquals(7_000L + 16_000_000L, VtimeClock.chargeStopping(p, SLICE));
        assertEquals(7_000L + 16_000_000L, p.dsqVtime());
    }
}
