package io.scx4j.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuRunClockTest {
    private final CpuRunClock clock = new CpuRunClock(4);

    @Test
    void everyCpuStartsIdleAndAnIdleCpuCountsAsHavingUsedItsSlice() {
        assertEquals(4, clock.nrCpuIds());
        for (int cpu = 0; cpu < 4; cpu++) {
            assertFalse(clock.isRunning(cpu));
            assertTrue(clock.sliceExhausted(cpu, 123, 1_000));
        }
    }

    @Test
    void aTaskWithinItsSliceIsNotExhaustedAndOnePastItIs() {
        clock.start(2, 10_000);
        assertTrue(clock.isRunning(2));
        assertEquals(10_000, clock.startedAt(2));
        assertFalse(clock.sliceExhausted(2, 10_999, 1_000));
        assertTrue(clock.sliceExhausted(2, 11_000, 1_000));
        assertTrue(clock.sliceExhausted(2, 50_000, 1_000));
    }

    @Test
    void stoppingMakesTheCpuIdleAgain() {
        clock.start(1, 500);
        clock.stop(1);
        assertFalse(clock.isRunning(1));
        assertEquals(0, clock.startedAt(1));
    }

    @Test
    void aTaskStartingAtTimeZeroStillCountsAsRunning() {
        clock.start(0, 0);
        assertTrue(clock.isRunning(0));
        assertEquals(1, clock.startedAt(0));
    }

    @Test
    void theSliceCheckIsWrapSafe() {
        clock.start(3, -500L); // u64 just below the wrap
        assertFalse(clock.sliceExhausted(3, 100L, 1_000)); // 600 ns later
        assertTrue(clock.sliceExhausted(3, 500L, 1_000));  // 1000 ns later
    }

    @Test
    void aClockNeedsAtLeastOneCpu() {
        assertThrows(IllegalArgumentException.class, () -> new CpuRunClock(0));
    }
}
