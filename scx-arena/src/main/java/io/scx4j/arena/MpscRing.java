package io.scx4j.arena;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A bounded multi-producer, single-consumer ring of variable-length messages in one segment,
 * usable across threads and across processes that map the same file.
 *
 * <p>The design follows the one Agrona's {@code ManyToOneRingBuffer} made standard: producers
 * claim space by a compare-and-set on a monotonically growing tail position, write a header whose
 * length is <em>negative</em> while the message is being written, fill the payload and commit by
 * storing the positive length with release semantics. The consumer reads lengths with acquire
 * loads, so it sees a payload only after its commit, hands messages to a handler, zeroes what it
 * consumed and publishes the new head with a release store. A message never wraps: the producer
 * that would cross the end first claims a padding record up to the end. Producers keep a cached
 * copy of the head on its own line pair and read the real head only when the cache says the ring
 * is full.
 *
 * <h2>Memory layout</h2>
 * <pre>
 * control (512 bytes), each hot word alone on a 128-byte line pair
 *      0  8 tail              next position to claim, monotonic (CAS by producers)
 *    128  8 headCache         producers' cached head (opaque)
 *    256  8 head              next position to read, monotonic (release store by the consumer)
 *    384  4 capacity          data bytes, a power of two
 *    388  4 magic             "MPSC"
 *    392  8 consumerHeartbeat epoch millis the consumer last read (release store)
 * data at 512, record at (position mod capacity), 8-byte aligned:
 *      0  4 length            header + payload bytes; negative while being written; 0 = unclaimed
 *      4  4 typeId            ≥ 0 for messages, {@value #PADDING_TYPE} for padding
 *      8  … payload
 * </pre>
 *
 * <h2>Crashes</h2>
 * A producer that dies between claim and commit leaves a negative (or, for a few instructions, a
 * zero) length: the consumer stops there and never reads a half-written message. When the
 * producer is known to be dead, {@link #unblock()} turns its claim into padding and the ring moves
 * on. A consumer that dies leaves the ring full; producers then fail to write (return false) rather
 * than spin.
 */
public final class MpscRing {
    /** Control bytes before the data area. */
    public static final int HEADER_BYTES = 512;
    /** Bytes of a record header. */
    public static final int RECORD_HEADER_BYTES = 8;
    /** Type id of padding records. */
    public static final int PADDING_TYPE = -1;

    private static final long TAIL = 0;
    private static final long HEAD_CACHE = 128;
    private static final long HEAD = 256;
    private static final long CAPACITY = 384;
    private static final long MAGIC_OFFSET = 388;
    private static final long CONSUMER_HEARTBEAT = 392;
    private static final int MAGIC = 0x4353504d; // "MPSC"

    private final MemorySegment s;
    private final int capacity;
    private final long mask;
    private final int maxMessageLength;

    private MpscRing(MemorySegment segment, int capacity) {
        this.s = segment;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.maxMessageLength = capacity / 8;
    }

    /** Bytes a ring with {@code capacity} data bytes (a power of two) needs. */
    public static long requiredBytes(int capacity) {
        checkCapacity(capacity);
        return HEADER_BYTES + (long) capacity;
    }

    private static void checkCapacity(int capacity) {
        if (capacity < 64 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two ≥ 64, got " + capacity);
        }
    }

    /** A ring in its own native memory. */
    public static MpscRing create(int capacity) {
        return format(Arena.ofAuto().allocate(requiredBytes(capacity), 128), capacity);
    }

    /** Initialises an empty ring in {@code segment} (8-byte aligned). */
    public static MpscRing format(MemorySegment segment, int capacity) {
        Mem.requireAligned(segment, 0, 8, "mpsc ring");
        Mem.requireSize(segment, requiredBytes(capacity), "mpsc ring");
        segment.asSlice(0, requiredBytes(capacity)).fill((byte) 0);
        Mem.INT.set(segment, CAPACITY, capacity);
        Mem.INT.setRelease(segment, MAGIC_OFFSET, MAGIC);
        return new MpscRing(segment, capacity);
    }

    /** Attaches to a ring formatted earlier (by this or another process). */
    public static MpscRing wrap(MemorySegment segment) {
        Mem.requireAligned(segment, 0, 8, "mpsc ring");
        Mem.requireSize(segment, HEADER_BYTES, "mpsc ring");
        if ((int) Mem.INT.getAcquire(segment, MAGIC_OFFSET) != MAGIC) {
            throw new ArenaFormatException("segment does not hold a formatted mpsc ring");
        }
        int capacity = (int) Mem.INT.get(segment, CAPACITY);
        checkCapacity(capacity);
        Mem.requireSize(segment, requiredBytes(capacity), "mpsc ring");
        return new MpscRing(segment, capacity);
    }

    /**
     * Claims room for a message of {@code length} payload bytes. Write the payload into
     * {@link #segment()} at the returned offset, then {@link #commit(long)} or {@link #abort(long)}.
     *
     * @return the payload offset in {@link #segment()}, or -1 if the ring is full
     * @throws IllegalArgumentException on a negative type or a length over {@link #maxMessageLength()}
     */
    public long tryClaim(int typeId, int length) {
        if (typeId < 0) {
            throw new IllegalArgumentException("message type must be ≥ 0, got " + typeId);
        }
        if (length < 0 || length > maxMessageLength) {
            throw new IllegalArgumentException("message length " + length + " outside 0.." + maxMessageLength);
        }
        MemorySegment s = this.s;
        int recordLength = length + RECORD_HEADER_BYTES;
        long aligned = Mem.align(recordLength, 8);
        long head = (long) Mem.LONG.getOpaque(s, HEAD_CACHE);
        long tail;
        long padding;
        do {
            tail = (long) Mem.LONG.getVolatile(s, TAIL);
            long index = tail & mask;
            long toEnd = capacity - index;
            padding = aligned > toEnd ? toEnd : 0;
            long required = aligned + padding;
            if (required > capacity - (tail - head)) {
                head = (long) Mem.LONG.getAcquire(s, HEAD);
                if (required > capacity - (tail - head)) {
                    return -1;
                }
                Mem.LONG.setOpaque(s, HEAD_CACHE, head);
            }
        } while (!Mem.LONG.compareAndSet(s, TAIL, tail, tail + aligned + padding));
        long index = tail & mask;
        if (padding != 0) {
            long p = HEADER_BYTES + index;
            Mem.INT.set(s, p + 4, PADDING_TYPE);
            Mem.INT.setRelease(s, p, (int) padding);
            index = 0;
        }
        long record = HEADER_BYTES + index;
        Mem.INT.set(s, record + 4, typeId);
        Mem.INT.setRelease(s, record, -recordLength);
        return record + RECORD_HEADER_BYTES;
    }

    /** Publishes a message claimed by {@link #tryClaim(int, int)}. */
    public void commit(long payloadOffset) {
        long record = payloadOffset - RECORD_HEADER_BYTES;
        int length = (int) Mem.INT.get(s, record);
        if (length >= 0) {
            throw new IllegalStateException("no claim in progress at " + payloadOffset);
        }
        Mem.INT.setRelease(s, record, -length);
    }

    /** Gives up a claim: it becomes padding the consumer skips. */
    public void abort(long payloadOffset) {
        long record = payloadOffset - RECORD_HEADER_BYTES;
        int length = (int) Mem.INT.get(s, record);
        if (length >= 0) {
            throw new IllegalStateException("no claim in progress at " + payloadOffset);
        }
        Mem.INT.set(s, record + 4, PADDING_TYPE);
        Mem.INT.setRelease(s, record, -length);
    }

    /**
     * Writes one message, copying {@code length} bytes of {@code src} from {@code srcOffset}.
     *
     * @return false if the ring is full
     */
    public boolean write(int typeId, MemorySegment src, long srcOffset, int length) {
        long offset = tryClaim(typeId, length);
        if (offset < 0) {
            return false;
        }
        MemorySegment.copy(src, srcOffset, s, offset, length);
        commit(offset);
        return true;
    }

    /** Writes a message whose payload is one {@code long}; no allocation. */
    public boolean writeLong(int typeId, long value) {
        long offset = tryClaim(typeId, 8);
        if (offset < 0) {
            return false;
        }
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, offset, value);
        commit(offset);
        return true;
    }

    /** Reads every committed message (up to the first one still being written). */
    public int read(MessageHandler handler) {
        return read(handler, Integer.MAX_VALUE);
    }

    /**
     * Reads up to {@code limit} committed messages in order, handing each to {@code handler}.
     * Only the single consumer may call this. If the handler throws, the messages read so far,
     * the failing one included, count as consumed.
     *
     * @return number of messages handled
     */
    public int read(MessageHandler handler, int limit) {
        MemorySegment s = this.s;
        long head = (long) Mem.LONG.get(s, HEAD);
        long consumed = 0;
        int messages = 0;
        try {
            while (messages < limit && consumed < capacity) {
                long record = HEADER_BYTES + ((head + consumed) & mask);
                int length = (int) Mem.INT.getAcquire(s, record);
                if (length <= 0) {
                    break;
                }
                consumed += Mem.align(length, 8);
                int typeId = (int) Mem.INT.get(s, record + 4);
                if (typeId == PADDING_TYPE) {
                    continue;
                }
                messages++;
                handler.onMessage(typeId, s, record + RECORD_HEADER_BYTES, length - RECORD_HEADER_BYTES);
            }
        } finally {
            if (consumed > 0) {
                zero(head, consumed);
                Mem.LONG.setRelease(s, HEAD, head + consumed);
            }
        }
        return messages;
    }

    private void zero(long position, long bytes) {
        long index = position & mask;
        long first = Math.min(bytes, capacity - index);
        Mem.zeroWords(s, HEADER_BYTES + index, first);
        if (first < bytes) {
            Mem.zeroWords(s, HEADER_BYTES, bytes - first);
        }
    }

    /**
     * Skips a claim whose producer died before committing (consumer only): a negative length at
     * the head becomes padding; a zero length with data claimed beyond it becomes padding up to
     * the next written header (or the tail). Call it only when the head has not moved for longer
     * than any live producer needs to commit.
     *
     * @return whether something was skipped
     */
    public boolean unblock() {
        MemorySegment s = this.s;
        long head = (long) Mem.LONG.get(s, HEAD);
        long tail = (long) Mem.LONG.getVolatile(s, TAIL);
        if (head == tail) {
            return false;
        }
        long record = HEADER_BYTES + (head & mask);
        int length = (int) Mem.INT.getVolatile(s, record);
        if (length < 0) {
            Mem.INT.set(s, record + 4, PADDING_TYPE);
            return Mem.INT.compareAndSet(s, record, length, -length);
        }
        if (length > 0) {
            return false;
        }
        long gap = 8;
        long limit = Math.min(tail - head, capacity - (head & mask));
        while (gap < limit && (int) Mem.INT.getVolatile(s, record + gap) == 0) {
            gap += 8;
        }
        Mem.INT.set(s, record + 4, PADDING_TYPE);
        return Mem.INT.compareAndSet(s, record, 0, (int) gap);
    }

    /** Bytes claimed and not yet consumed. */
    public long size() {
        long head = (long) Mem.LONG.getVolatile(s, HEAD);
        long tail = (long) Mem.LONG.getVolatile(s, TAIL);
        return tail - head;
    }

    /** Data bytes. */
    public int capacity() {
        return capacity;
    }

    /** Longest payload accepted: capacity / 8. */
    public int maxMessageLength() {
        return maxMessageLength;
    }

    /** Records the consumer's liveness (epoch millis, release store). */
    public void consumerHeartbeat(long epochMillis) {
        Mem.LONG.setRelease(s, CONSUMER_HEARTBEAT, epochMillis);
    }

    /** The consumer's last heartbeat (epoch millis), 0 if never. */
    public long consumerHeartbeat() {
        return (long) Mem.LONG.getAcquire(s, CONSUMER_HEARTBEAT);
    }

    /** The segment holding the ring; payload offsets are into it. */
    public MemorySegment segment() {
        return s;
    }
}
