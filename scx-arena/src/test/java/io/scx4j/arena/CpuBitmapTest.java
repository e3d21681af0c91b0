package io.scx4j.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CpuBitmapTest {
    @Test
    void setClearTestAndWeight() {
        CpuBitmap m = CpuBitmap.create(130);
        m.set(0);
        m.set(64);
        m.set(129);
        assertTrue(m.test(64));
        assertEquals(3, m.weight());
        assertEquals("0,64,129", m.toString());
        assertTrue(m.testAndClear(64));
        assertFalse(m.testAndClear(64));
        assertFalse(m.testAndSet(5));
        assertTrue(m.testAndSet(5));
        m.clear(5);
        assertEquals(2, m.weight());
        assertThrows(IndexOutOfBoundsException.class, () -> m.set(130));
        m.setAll();
        assertEquals(130, m.weight());
        assertEquals("0-129", m.toString());
        m.clearAll();
        assertTrue(m.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> CpuBitmap.create(4097));
        assertEquals(64, CpuBitmap.create(4096).wordCount());
    }

    @Test
    void pickAnyClaimsFromTheStartPointAndWrapsAround() {
        CpuBitmap idle = CpuBitmap.create(200);
        idle.set(3);
        idle.set(150);
        assertEquals(150, idle.pickAny(100));
        assertFalse(idle.test(150), "picked CPU is claimed");
        assertEquals(3, idle.pickAny(100), "wraps around to the low CPUs");
        assertEquals(-1, idle.pickAny(100));
        idle.set(70);
        assertEquals(70, idle.pickAny(70));
        idle.set(69);
        idle.set(71);
        assertEquals(71, idle.pickAny(70));
        assertEquals(69, idle.pickAny(70));
        assertTrue(idle.release(69));
        assertFalse(idle.release(69), "double release is reported");
        assertTrue(idle.claim(69));
    }

    @Test
    void wholeMaskOperations() {
        CpuBitmap a = CpuBitmap.create(128);
        CpuBitmap b = CpuBitmap.create(128);
        a.set(1);
        a.set(100);
        b.set(100);
        assertTrue(a.intersects(b));
        assertTrue(b.isSubsetOf(a));
        assertFalse(a.isSubsetOf(b));
        a.andNot(b);
        assertEquals("1", a.toString());
        a.or(b);
        assertEquals("1,100", a.toString());
        a.and(b);
        assertEquals("100", a.toString());
        b.copyFrom(CpuBitmap.create(128));
        assertTrue(b.isEmpty());
        assertEquals(100, a.nextSetBit(0));
        assertEquals(-1, a.nextSetBit(101));
        assertThrows(IllegalArgumentException.class, () -> a.and(CpuBitmap.create(64)));
    }

    @Test
    void concurrentPickersNeverClaimTheSameCpuTwice() throws Exception {
        int nrCpus = 256;
        CpuBitmap idle = CpuBitmap.create(nrCpus);
        idle.setAll();
        AtomicIntegerArray held = new AtomicIntegerArray(nrCpus);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int from = t * 64;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 200_000; i++) {
                        int cpu = idle.pickAny(from);
                        if (cpu < 0) {
                            continue;
                        }
                        if (!held.compareAndSet(cpu, 0, 1)) {
                            throw new AssertionError("cpu " + cpu + " claimed twice");
                        }
                        held.set(cpu, 0);
                        if (!idle.release(cpu)) {
                            throw new AssertionError("cpu " + cpu + " was released by someone else");
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(nrCpus, idle.weight());
    }
}
