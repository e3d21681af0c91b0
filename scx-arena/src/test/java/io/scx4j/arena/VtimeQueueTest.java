package io.scx4j.arena;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class VtimeQueueTest {
    @Test
    void popsInVtimeOrderWithTiesInInsertionOrder() {
        VtimeQueue q = VtimeQueue.create(10);
        q.insert(3, 300);
        q.insert(1, 100);
        q.insert(7, 100);
        q.insert(2, 200);
        assertEquals(1, q.peekId());
        assertEquals(100, q.peekVtime());
        assertArrayEquals(new int[] {1, 7, 2, 3}, q.toSortedArray());
        assertEquals(1, q.popMin());
        assertEquals(7, q.popMin());
        assertEquals(2, q.popMin());
        assertEquals(3, q.popMin());
        assertEquals(-1, q.popMin());
        assertEquals(-1, q.peekId());
        assertThrows(NoSuchElementException.class, q::peekVtime);
    }

    @Test
    void removesAnArbitraryTask() {
        VtimeQueue q = VtimeQueue.create(10);
        for (int id = 0; id < 10; id++) {
            q.insert(id, 1000 - id * 10L);
        }
        assertTrue(q.remove(4));
        assertFalse(q.remove(4));
        assertFalse(q.contains(4));
        assertTrue(q.remove(9)); // the minimum
        assertEquals(8, q.size());
        assertEquals(940, q.vtimeOf(6));
        assertArrayEquals(new int[] {8, 7, 6, 5, 3, 2, 1, 0}, q.toSortedArray());
        assertFalse(q.remove(-1));
        assertFalse(q.remove(10));
    }

    @Test
    void aTaskIsQueuedAtMostOnceAndModesDoNotMix() {
        VtimeQueue q = VtimeQueue.create(4);
        q.insert(1, 5);
        assertThrows(IllegalStateException.class, () -> q.insert(1, 6));
        assertThrows(IllegalStateException.class, () -> q.insertFifo(2));
        assertThrows(IndexOutOfBoundsException.class, () -> q.insert(4, 0));
        VtimeQueue fifo = VtimeQueue.create(4, VtimeQueue.Mode.FIFO);
        assertThrows(IllegalStateException.class, () -> fifo.insert(1, 5));
    }

    @Test
    void fifoModePopsInArrivalOrder() {
        VtimeQueue q = VtimeQueue.create(8, VtimeQueue.Mode.FIFO);
        q.insertFifo(5);
        q.insertFifo(2);
        q.insertFifo(7);
        q.remove(2);
        q.insertFifo(2);
        assertArrayEquals(new int[] {5, 7, 2}, q.toSortedArray());
    }

    @Test
    void vtimesCompareLikeTheKernelAcrossWraparound() {
        VtimeQueue q = VtimeQueue.create(4);
        q.insert(0, Long.MAX_VALUE - 5);
        q.insert(1, Long.MAX_VALUE + 5); // wrapped: 10 ns later in time_before64 terms
        assertEquals(0, q.popMin());
    }

    @Test
    void aWrappedQueueSharesStateAndClearEmptiesIt() {
        VtimeQueue q = VtimeQueue.create(16);
        q.insert(3, 1);
        VtimeQueue view = VtimeQueue.wrap(q.segment());
        assertEquals(3, view.peekId());
        view.insert(4, 0);
        assertEquals(4, q.peekId());
        q.clear();
        assertTrue(view.isEmpty());
        assertFalse(view.contains(3));
        q.insert(3, 1); // may be queued again after clear
    }
}
