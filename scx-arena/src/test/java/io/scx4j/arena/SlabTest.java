package io.scx4j.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SlabTest {
    static final RecordLayout REC = RecordLayout.builder("rec").i64("a").i32("b").build();
    static final LongField A = REC.longField("a");

    @Test
    void allocatedRecordsAreZeroedDistinctAndReadable() {
        Slab slab = Slab.create(REC, 4);
        long h1 = slab.allocate();
        long h2 = slab.allocate();
        assertNotEquals(slab.offset(h1), slab.offset(h2));
        assertEquals(0, A.get(slab.segment(), slab.offset(h1)));
        A.set(slab.segment(), slab.offset(h1), 11);
        assertEquals(11, A.get(slab.segment(), slab.offset(h1)));
        assertEquals(2, slab.liveCount());
    }

    @Test
    void aStaleHandleIsDetectedOnDereferenceEvenAfterTheRecordIsReused() {
        Slab slab = Slab.create(16, 1);
        long old = slab.allocate();
        slab.free(old);
        long reused = slab.allocate();
        assertEquals(Slab.index(old), Slab.index(reused), "LIFO free list reuses the record");
        StaleHandleException e = assertThrows(StaleHandleException.class, () -> slab.offset(old));
        assertTrue(e.getMessage().contains("stale"), e.getMessage());
        assertTrue(slab.isLive(reused));
        assertFalse(slab.isLive(old));
    }

    @Test
    void forgedHandlesAndDoubleFreesAreRefused() {
        Slab slab = Slab.create(4, 8);
        long h = slab.allocate();
        assertThrows(StaleHandleException.class, () -> slab.offset(Slab.NO_HANDLE));
        assertThrows(StaleHandleException.class, () -> slab.offset(h + 1)); // other index, not live
        assertThrows(StaleHandleException.class, () -> slab.offset(h + (2L << 32))); // future generation
        assertThrows(StaleHandleException.class, () -> slab.offset((1L << 32) | 99)); // index out of range
        slab.free(h);
        assertThrows(StaleHandleException.class, () -> slab.free(h));
    }

    @Test
    void aSingleOwnerSlabChecksHandlesTheSameWay() {
        Slab slab = Slab.create(REC, 2, Slab.Sync.SINGLE_OWNER);
        long h = slab.allocate();
        A.set(slab.segment(), slab.offset(h), 5);
        slab.free(h);
        assertThrows(StaleHandleException.class, () -> slab.offset(h));
        assertThrows(StaleHandleException.class, () -> slab.free(h));
        long again = slab.allocate();
        assertEquals(Slab.index(h), Slab.index(again));
        assertEquals(0, A.get(slab.segment(), slab.offset(again)));
        slab.allocate();
        assertEquals(Slab.NO_HANDLE, slab.tryAllocate());
    }

    @Test
    void aFullSlabSaysSoAndRecoversAfterAFree() {
        Slab slab = Slab.create(2, 8);
        long a = slab.allocate();
        slab.allocate();
        assertEquals(Slab.NO_HANDLE, slab.tryAllocate());
        assertThrows(IllegalStateException.class, slab::allocate);
        slab.free(a);
        assertNotEquals(Slab.NO_HANDLE, slab.tryAllocate());
    }

    @Test
    void aFreedRecordComesBackZeroed() {
        Slab slab = Slab.create(REC, 1);
        long h = slab.allocate();
        A.set(slab.segment(), slab.offset(h), -1);
        slab.free(h);
        long again = slab.allocate();
        assertEquals(0, A.get(slab.segment(), slab.offset(again)));
    }

    @Test
    void aWrappedSlabSharesStateWithItsCreator() {
        Slab slab = Slab.create(8, 16);
        long h = slab.allocate();
        Slab view = Slab.wrap(slab.segment());
        assertTrue(view.isLive(h));
        view.free(h);
        assertFalse(slab.isLive(h));
        assertThrows(ArenaFormatException.class,
                () -> Slab.wrap(java.lang.foreign.Arena.ofAuto().allocate(256, 8)));
    }

    @Test
    void concurrentAllocateAndFreeNeverHandTheSameRecordToTwoOwners() throws Exception {
        int threads = 4;
        int capacity = 64;
        Slab slab = Slab.create(REC, capacity);
        Set<Integer> owned = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < 50_000; i++) {
                        if (mine.size() < 8) {
                            long h = slab.tryAllocate();
                            if (h != Slab.NO_HANDLE) {
                                if (!owned.add(Slab.index(h))) {
                                    throw new AssertionError("record handed out twice: " + Slab.index(h));
                                }
                                A.set(slab.segment(), slab.offset(h), me);
                                mine.add(h);
                            }
                        } else {
                            long h = mine.removeFirst();
                            if (A.get(slab.segment(), slab.offset(h)) != me) {
                                throw new AssertionError("record written by another owner");
                            }
                            owned.remove(Slab.index(h));
                            slab.free(h);
                        }
                    }
                    for (long h : mine) {
                        owned.remove(Slab.index(h));
                        slab.free(h);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(0, slab.liveCount());
        Set<Integer> all = new HashSet<>();
        for (int i = 0; i < capacity; i++) {
            all.add(Slab.index(slab.allocate()));
        }
        assertEquals(capacity, all.size(), "the free list lost or duplicated no record");
    }
}
