package io.scx4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WeightsTest {
    /** The examples of reference §4.6 (kernel {@code set_task_scx_weight}). */
    @ParameterizedTest
    @CsvSource({"-20,8668", "-10,932", "-5,305", "0,100", "5,33", "10,11", "15,4", "19,1"})
    void niceMapsToTheKernelsScxWeight(int nice, int weight) {
        assertEquals(weight, Weights.scxWeightOfNice(nice));
    }

    @Test
    void schedIdleTasksGetWeightOne() {
        assertEquals(1, Weights.scxWeight(SchedPolicy.IDLE, 0));
    }

    @Test
    void niceOutsideTheKernelsRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Weights.prioWeight(20));
        assertThrows(IllegalArgumentException.class, () -> Weights.prioWeight(-21));
    }

    @Test
    void partialSwitchingKeepsNormalTasksOutOfExt() {
        assertEquals(true, SchedPolicy.NORMAL.switchesToExt(false));
        assertEquals(false, SchedPolicy.NORMAL.switchesToExt(true));
        assertEquals(true, SchedPolicy.EXT.switchesToExt(true));
        assertEquals(false, SchedPolicy.FIFO.switchesToExt(false));
    }
}
