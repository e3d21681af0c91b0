package io.scx4j.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MpscRingTest {
    static long readLong(MemorySegment b, long o) {
        return b.get(ValueLayout.JAVA_LONG_UNALIGNED, o);
    }

    @Test
    void messagesComeOutInOrderWithTheirTypesAndPayloads() {
        MpscRing ring = MpscRing.create(1024);
        assertTrue(ring.writeLong(1, 10));
        MemorySegment src = Arena.ofAuto().allocate(5);
        src.setString(0, "abcd");
        assertTrue(ring.write(2, src, 0, 5));
        List<String> seen = new ArrayList<>();
        int n = ring.read((type, buffer, offset, length) ->
                seen.add(type + ":" + (type == 1 ? String.valueOf(readLong(buffer, offset)) : buffer.getString(offset))));
        assertEquals(2, n);
        assertEquals(List.of("1:10", "2:abcd"), seen);
        assertEquals(0, ring.size());
        assertEquals(0, ring.read((t, b, o, l) -> {}));
    }

    @Test
    void aFullRingRefusesAndAcceptsAgainOnceRead() {
        MpscRing ring = MpscRing.create(128); // max message 16 bytes
        int written = 0;
        while (ring.writeLong(0, written)) {
            written++;
        }
        assertEquals(128 / 16, written);
        assertEquals(3, ring.read((t, b, o, l) -> {}, 3));
        assertTrue(ring.writeLong(0, 99));
        assertThrows(IllegalArgumentException.class, () -> ring.tryClaim(0, 17));
        assertThrows(IllegalArgumentException.class, () -> ring.tryClaim(-1, 8));
    }

    @Test
    void messagesWrapAroundTheEndThroughPaddingRecords() {
        MpscRing ring = MpscRing.create(256);
        List<Long> out = new ArrayList<>();
        long next = 0;
        for (int round = 0; round < 200; round++) {
            int len = 8 + round % 24;
            long off = ring.tryClaim(3, len);
            assertTrue(off > 0);
            ring.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, off, next++);
            ring.commit(off);
            ring.read((t, b, o, l) -> out.add(readLong(b, o)));
        }
        for (int i = 0; i < out.size(); i++) {
            assertEquals(i, out.get(i));
        }
        assertEquals(200, out.size());
    }

    @Test
    void anUncommittedClaimBlocksTheConsumerUntilCommittedAbortedOrUnblocked() {
        MpscRing ring = MpscRing.create(1024);
        long claim = ring.tryClaim(5, 8);
        ring.writeLong(6, 2);
        assertEquals(0, ring.read((t, b, o, l) -> {}), "nothing is read past a claim in progress");
        ring.commit(claim);
        List<Integer> types = new ArrayList<>();
        ring.read((t, b, o, l) -> types.add(t));
        assertEquals(List.of(5, 6), types);

        long aborted = ring.tryClaim(7, 8);
        ring.writeLong(8, 3);
        ring.abort(aborted);
        types.clear();
        ring.read((t, b, o, l) -> types.add(t));
        assertEquals(List.of(8), types);

        ring.tryClaim(9, 8); // a producer dies here
        ring.writeLong(10, 4);
        assertEquals(0, ring.read((t, b, o, l) -> {}));
        assertTrue(ring.unblock());
        types.clear();
        ring.read((t, b, o, l) -> types.add(t));
        assertEquals(List.of(10), types);
        assertFalse(ring.unblock(), "nothing left to unblock");
    }

    @Test
    void aWrappedRingSharesStateAndRejectsJunk() {
        MpscRing ring = MpscRing.create(512);
        MpscRing view = MpscRing.wrap(ring.segment());
        view.writeLong(1, 1);
        assertEquals(1, ring.read((t, b, o, l) -> {}));
        assertThrows(ArenaFormatException.class, () -> MpscRing.wrap(Arena.ofAuto().allocate(1024, 8)));
        ring.consumerHeartbeat(42);
        assertEquals(42, view.consumerHeartbeat());
    }

    @Test
    void concurrentProducersLoseNothingAndKeepPerProducerOrder() throws Exception {
        int producers = 3;
        int perProducer = 100_000;
        MpscRing ring = MpscRing.create(4096);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int me = p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (long i = 0; i < perProducer; ) {
                        if (ring.writeLong(me, i)) {
                            i++;
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        long[] next = new long[producers];
        start.countDown();
        long total = 0;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (total < (long) producers * perProducer && System.nanoTime() < deadline && failure.get() == null) {
            total += ring.read((type, b, o, l) -> {
                long v = readLong(b, o);
                if (v != next[type]) {
                    throw new AssertionError("producer " + type + " expected " + next[type] + " got " + v);
                }
                next[type]++;
            });
        }
        for (Thread t : threads) {
            t.join(5_000);
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals((long) producers * perProducer, total);
    }
}
