package io.scx4j.arena;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The writer process of {@link TwoProcessTest}: run in a child JVM as
 * {@code ArenaChild <file> <messages | forever>}. It lays out an arena file (counters, an MPSC
 * ring, a lock), publishes it, and writes numbered, self-checking messages and counter updates.
 * With {@code forever} it holds the lock and writes until killed.
 */
public final class ArenaChild {
    static final int LAYOUT_VERSION = 42;
    static final int MAX_COUNTERS = 8;
    static final int RING_CAPACITY = 64 * 1024;

    private ArenaChild() {}

    static long[] regionLengths() {
        return new long[] {Counters.metadataBytes(MAX_COUNTERS), Counters.valuesBytes(MAX_COUNTERS),
                MpscRing.requiredBytes(RING_CAPACITY), ArenaLock.BYTES};
    }

    /** Payload byte {@code i} of message {@code seq} (after its 8-byte sequence number). */
    static byte payloadByte(long seq, int i) {
        return (byte) (seq * 31 + i);
    }

    /** Payload length of message {@code seq}. */
    static int payloadLength(long seq) {
        return 8 + (int) (seq % 57);
    }

    public static void main(String[] args) {
        Path path = Path.of(args[0]);
        boolean forever = args[1].equals("forever");
        long messages = forever ? Long.MAX_VALUE : Long.parseLong(args[1]);
        try (ArenaFile file = ArenaFile.create(path, LAYOUT_VERSION, regionLengths())) {
            Counters counters = Counters.wrap(file.region(0), file.region(1));
            Counter sent = counters.allocate(1, "messages_sent");
            Counter spins = counters.allocate(2, "ring_full_spins");
            MpscRing ring = MpscRing.format(file.region(2), RING_CAPACITY);
            ArenaLock lock = ArenaLock.wrap(file.region(3));
            if (forever) {
                lock.lock(Duration.ofSeconds(1)); // held until the process dies
            }
            file.publish();
            MemorySegment data = ring.segment();
            for (long seq = 0; seq < messages; ) {
                int length = payloadLength(seq);
                long offset = ring.tryClaim(1, length);
                if (offset < 0) {
                    spins.incrementRelease();
                    Thread.onSpinWait();
                    continue;
                }
                data.set(ValueLayout.JAVA_LONG_UNALIGNED, offset, seq);
                for (int i = 8; i < length; i++) {
                    data.set(ValueLayout.JAVA_BYTE, offset + i, payloadByte(seq, i));
                }
                ring.commit(offset);
                sent.incrementRelease();
                if ((seq & 1023) == 0) {
                    file.heartbeat();
                }
                seq++;
            }
            file.heartbeat();
        }
    }
}
