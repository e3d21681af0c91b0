package io.scx4j.arena;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A fixed-size record allocator with generation-tagged handles, lock-free, in one segment.
 *
 * <p>The Java counterpart of scx's {@code scx_alloc}/{@code sdt_alloc} ({@code lib/sdt_alloc.bpf.c},
 * {@code union sdt_id { s32 idx; s32 genn; }}): every record carries a generation that is bumped
 * when the record is allocated and again when it is freed, and a handle carries the generation it
 * was issued with. A stale handle (its record was freed, maybe reused) or a forged one (never
 * issued) is therefore detected on every dereference and raises {@link StaleHandleException};
 * it never yields someone else's record. The free list is a lock-free stack whose top word
 * carries an ABA tag (the {@code scx_stk} pattern, made lock-free).
 *
 * <h2>Handles</h2>
 * A handle is a {@code long}: {@code generation << 32 | index}. Generations of live records are
 * odd, of free records even; so {@code 0} ({@link #NO_HANDLE}) and any handle with an even
 * generation are never valid. A record can be reused 2<sup>31</sup> times before its generation
 * wraps around.
 *
 * <h2>Memory layout</h2>
 * <pre>
 * header (128 bytes)
 *      0  4 capacity       number of records
 *      4  4 stride         bytes per slot (8 + payload, rounded up to 8)
 *      8  8 payloadBytes   bytes of payload per record
 *     16  8 magic          "SCXSLAB1"
 *     64  8 freeTop        (abaTag:32 | index+1:32), 0 index part = empty; alone on its line pair
 * slot i at 128 + i × stride
 *      0  4 generation     odd = live, even = free (release store on change)
 *      4  4 nextFree       index+1 of the next free slot, 0 = none (meaningful while free)
 *      8  …  payload       8-byte aligned, zeroed on free
 * </pre>
 *
 * <h2>Thread safety</h2>
 * In {@link Sync#LOCK_FREE} mode (the default), {@link #allocate()} and {@link #free(long)} are
 * safe from any number of threads (and processes, if the segment is a shared mapping): the free
 * list is popped and pushed by compare-and-set and a free claims the generation by
 * compare-and-set, so a racing double free is caught too. In {@link Sync#SINGLE_OWNER} mode the
 * same layout is updated with plain loads and stores (no locked instruction), for a slab that one
 * thread owns, such as the engine's; other threads may still read records it has published. Validation on dereference is exact as long as
 * the freeing and the dereferencing thread are ordered (the usual single-owner discipline). A
 * reader racing with a free can re-check with {@link #isLive(long)} after reading, seqlock-style.
 */
public final class Slab {
    /** How allocation and freeing synchronise. */
    public enum Sync {
        /** Any number of threads or processes allocate and free concurrently (CAS). */
        LOCK_FREE,
        /** One thread allocates and frees (plain accesses); fastest. */
        SINGLE_OWNER
    }

    /** Never a valid handle. */
    public static final long NO_HANDLE = 0;
    /** Header bytes before slot 0. */
    public static final int HEADER_BYTES = 128;

    private static final long CAPACITY_OFFSET = 0;
    private static final long STRIDE_OFFSET = 4;
    private static final long PAYLOAD_OFFSET = 8;
    private static final long MAGIC_OFFSET = 16;
    private static final long FREE_TOP_OFFSET = 64;
    private static final long MAGIC = 0x3142414c53584353L; // "SCXSLAB1"
    private static final long SLOT_HEADER = 8;

    private final MemorySegment segment;
    private final int capacity;
    private final long stride;
    private final long payloadBytes;
    private final boolean lockFree;

    private Slab(MemorySegment segment, int capacity, long stride, long payloadBytes, Sync sync) {
        this.segment = segment;
        this.capacity = capacity;
        this.stride = stride;
        this.payloadBytes = payloadBytes;
        this.lockFree = sync == Sync.LOCK_FREE;
    }

    /** Bytes a slab of {@code capacity} records of {@code payloadBytes} each needs. */
    public static long requiredBytes(int capacity, long payloadBytes) {
        return HEADER_BYTES + (long) capacity * stride(payloadBytes);
    }

    private static long stride(long payloadBytes) {
        return SLOT_HEADER + Mem.align(payloadBytes, 8);
    }

    /** A lock-free slab in its own native memory (freed when the slab is unreachable). */
    public static Slab create(int capacity, long payloadBytes) {
        return create(capacity, payloadBytes, Sync.LOCK_FREE);
    }

    /** A slab in its own native memory, synchronised as {@code sync} says. */
    public static Slab create(int capacity, long payloadBytes, Sync sync) {
        checkArgs(capacity, payloadBytes);
        MemorySegment s = Arena.ofAuto().allocate(requiredBytes(capacity, payloadBytes), 128);
        return format(s, capacity, payloadBytes, sync);
    }

    /** A lock-free slab of records with {@code layout}'s size. */
    public static Slab create(RecordLayout layout, int capacity) {
        return create(capacity, layout.byteSize(), Sync.LOCK_FREE);
    }

    /** A slab of records with {@code layout}'s size, synchronised as {@code sync} says. */
    public static Slab create(RecordLayout layout, int capacity, Sync sync) {
        return create(capacity, layout.byteSize(), sync);
    }

    /** {@link #format(MemorySegment, int, long, Sync)} in lock-free mode. */
    public static Slab format(MemorySegment segment, int capacity, long payloadBytes) {
        return format(segment, capacity, payloadBytes, Sync.LOCK_FREE);
    }

    /**
     * Initialises a slab in {@code segment} (8-byte aligned, at least
     * {@link #requiredBytes(int, long)} bytes), overwriting what was there: every record free,
     * every generation 0.
     */
    public static Slab format(MemorySegment segment, int capacity, long payloadBytes, Sync sync) {
        checkArgs(capacity, payloadBytes);
        Mem.requireAligned(segment, 0, 8, "slab");
        Mem.requireSize(segment, requiredBytes(capacity, payloadBytes), "slab");
        long stride = stride(payloadBytes);
        segment.asSlice(0, requiredBytes(capacity, payloadBytes)).fill((byte) 0);
        for (int i = 0; i < capacity; i++) {
            long slot = HEADER_BYTES + i * stride;
            Mem.INT.set(segment, slot + 4, i + 1 < capacity ? i + 2 : 0);
        }
        Mem.INT.set(segment, CAPACITY_OFFSET, capacity);
        Mem.INT.set(segment, STRIDE_OFFSET, (int) stride);
        Mem.LONG.set(segment, PAYLOAD_OFFSET, payloadBytes);
        Mem.LONG.set(segment, MAGIC_OFFSET, MAGIC);
        Mem.LONG.setRelease(segment, FREE_TOP_OFFSET, 1L); // tag 0, index 0 + 1
        return new Slab(segment, capacity, stride, payloadBytes, sync);
    }

    /** Attaches to a lock-free slab formatted earlier (by this or another process). */
    public static Slab wrap(MemorySegment segment) {
        return wrap(segment, Sync.LOCK_FREE);
    }

    /** Attaches to a slab formatted earlier, synchronised as {@code sync} says. */
    public static Slab wrap(MemorySegment segment, Sync sync) {
        Mem.requireAligned(segment, 0, 8, "slab");
        Mem.requireSize(segment, HEADER_BYTES, "slab");
        if ((long) Mem.LONG.getAcquire(segment, MAGIC_OFFSET) != MAGIC) {
            throw new ArenaFormatException("segment does not hold a formatted slab");
        }
        int capacity = (int) Mem.INT.get(segment, CAPACITY_OFFSET);
        long payload = (long) Mem.LONG.get(segment, PAYLOAD_OFFSET);
        Mem.requireSize(segment, requiredBytes(capacity, payload), "slab");
        return new Slab(segment, capacity, stride(payload), payload, sync);
    }

    private static void checkArgs(int capacity, long payloadBytes) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, got " + capacity);
        }
        if (payloadBytes < 0 || payloadBytes > Integer.MAX_VALUE - SLOT_HEADER) {
            throw new IllegalArgumentException("bad payload size " + payloadBytes);
        }
    }

    /**
     * Allocates a record (its payload is all zeros).
     *
     * @return its handle, or {@link #NO_HANDLE} if every record is live
     */
    public long tryAllocate() {
        MemorySegment s = segment;
        if (!lockFree) {
            long top = (long) Mem.LONG.get(s, FREE_TOP_OFFSET);
            int indexPlusOne = (int) top;
            if (indexPlusOne == 0) {
                return NO_HANDLE;
            }
            long slot = HEADER_BYTES + (indexPlusOne - 1) * stride;
            int next = (int) Mem.INT.get(s, slot + 4);
            Mem.LONG.set(s, FREE_TOP_OFFSET, (top & 0xffffffff00000000L) | (next & 0xffffffffL));
            int generation = (int) Mem.INT.get(s, slot) + 1;
            Mem.INT.setRelease(s, slot, generation);
            return ((generation & 0xffffffffL) << 32) | (indexPlusOne - 1);
        }
        while (true) {
            long top = (long) Mem.LONG.getAcquire(s, FREE_TOP_OFFSET);
            int indexPlusOne = (int) top;
            if (indexPlusOne == 0) {
                return NO_HANDLE;
            }
            long slot = HEADER_BYTES + (indexPlusOne - 1) * stride;
            int next = (int) Mem.INT.getAcquire(s, slot + 4);
            long newTop = (((top >>> 32) + 1) << 32) | (next & 0xffffffffL);
            if (Mem.LONG.compareAndSet(s, FREE_TOP_OFFSET, top, newTop)) {
                int generation = (int) Mem.INT.get(s, slot) + 1; // even -> odd: live
                Mem.INT.setRelease(s, slot, generation);
                return ((generation & 0xffffffffL) << 32) | (indexPlusOne - 1);
            }
        }
    }

    /**
     * Allocates a record (its payload is all zeros).
     *
     * @throws IllegalStateException if every record is live
     */
    public long allocate() {
        long handle = tryAllocate();
        if (handle == NO_HANDLE) {
            throw new IllegalStateException("slab full: all " + capacity + " records are live");
        }
        return handle;
    }

    /**
     * Frees the record: bumps its generation (so every copy of the handle goes stale), zeroes its
     * payload and pushes it on the free list.
     *
     * @throws StaleHandleException on a double free or a stale or forged handle
     */
    public void free(long handle) {
        MemorySegment s = segment;
        long slot = slotOf(handle);
        int generation = (int) (handle >>> 32);
        int indexPlusOne = (int) handle + 1;
        if (!lockFree) {
            if ((int) Mem.INT.get(s, slot) != generation) {
                throw stale(handle, slot);
            }
            Mem.INT.setRelease(s, slot, generation + 1);
            Mem.zeroWords(s, slot + SLOT_HEADER, stride - SLOT_HEADER);
            long top = (long) Mem.LONG.get(s, FREE_TOP_OFFSET);
            Mem.INT.set(s, slot + 4, (int) top);
            Mem.LONG.set(s, FREE_TOP_OFFSET, (top & 0xffffffff00000000L) | (indexPlusOne & 0xffffffffL));
            return;
        }
        if (!Mem.INT.compareAndSet(s, slot, generation, generation + 1)) {
            throw stale(handle, slot);
        }
        Mem.zeroWords(s, slot + SLOT_HEADER, stride - SLOT_HEADER);
        while (true) {
            long top = (long) Mem.LONG.getAcquire(s, FREE_TOP_OFFSET);
            Mem.INT.setRelease(s, slot + 4, (int) top);
            long newTop = (((top >>> 32) + 1) << 32) | (indexPlusOne & 0xffffffffL);
            if (Mem.LONG.compareAndSet(s, FREE_TOP_OFFSET, top, newTop)) {
                return;
            }
        }
    }

    /**
     * The offset in {@link #segment()} of the handle's payload, after checking the handle.
     *
     * @throws StaleHandleException if the handle is stale or forged
     */
    public long offset(long handle) {
        long slot = slotOf(handle);
        if ((int) Mem.INT.getAcquire(segment, slot) != (int) (handle >>> 32)) {
            throw stale(handle, slot);
        }
        return slot + SLOT_HEADER;
    }

    /** Whether {@code handle} names a live record right now. */
    public boolean isLive(long handle) {
        int index = (int) handle;
        int generation = (int) (handle >>> 32);
        if (index < 0 || index >= capacity || (generation & 1) == 0) {
            return false;
        }
        return (int) Mem.INT.getAcquire(segment, HEADER_BYTES + index * stride) == generation;
    }

    private long slotOf(long handle) {
        int index = (int) handle;
        int generation = (int) (handle >>> 32);
        if (index < 0 || index >= capacity || (generation & 1) == 0) {
            throw new StaleHandleException("forged slab handle 0x" + Long.toHexString(handle)
                    + ": index " + index + " of " + capacity + ", generation "
                    + Integer.toUnsignedString(generation) + " (live generations are odd)");
        }
        return HEADER_BYTES + index * stride;
    }

    private StaleHandleException stale(long handle, long slot) {
        int current = (int) Mem.INT.getAcquire(segment, slot);
        return new StaleHandleException("stale slab handle 0x" + Long.toHexString(handle)
                + ": record " + (int) handle + " has generation " + Integer.toUnsignedString(current)
                + ((current & 1) == 0 ? " (free)" : " (reallocated)") + ", handle has "
                + Integer.toUnsignedString((int) (handle >>> 32)));
    }

    /** Record index of a handle (not validated). */
    public static int index(long handle) {
        return (int) handle;
    }

    /** Generation of a handle (not validated). */
    public static int generation(long handle) {
        return (int) (handle >>> 32);
    }

    /** Live records, counted by a scan of every slot (O(capacity); for tests and stats). */
    public int liveCount() {
        int live = 0;
        for (int i = 0; i < capacity; i++) {
            live += (int) Mem.INT.getAcquire(segment, HEADER_BYTES + i * stride) & 1;
        }
        return live;
    }

    /** The segment holding the slab; payload offsets from {@link #offset(long)} are into it. */
    public MemorySegment segment() {
        return segment;
    }

    /** Number of records. */
    public int capacity() {
        return capacity;
    }

    /** Payload bytes per record. */
    public long payloadBytes() {
        return payloadBytes;
    }
}
