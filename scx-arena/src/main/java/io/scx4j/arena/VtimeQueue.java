package io.scx4j.arena;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * A task queue ordered by {@code (vtime, seq)} holding {@code int} task ids, with pop-min, peek
 * and O(log n) removal of any queued task; zero allocation per operation.
 *
 * <p>The Java counterpart of scx's arena task queue, ATQ ({@code lib/atq.bpf.c}): the structure a
 * DSQ cannot offer, since taking an arbitrary task out of a DSQ is a linear scan (LPC 2025,
 * "Scheduler composability with arena-based data structures"). Where the ATQ uses an intrusive
 * red-black tree, this is an <em>indexed binary min-heap</em>: a position table maps each id to
 * its heap slot, so {@link #remove(int)} finds the entry in O(1) and restores the heap in
 * O(log n). Keys live inline in the heap entries, so a comparison touches no other memory.
 *
 * <h2>Order</h2>
 * Entries are ordered by vtime as the kernel orders a vtime DSQ ({@code time_before64}: the
 * signed difference, so vtimes may wrap as long as live ones lie within 2<sup>63</sup> of each
 * other), ties broken by a per-queue insertion sequence number, so equal vtimes pop in FIFO
 * order. In {@link Mode#FIFO} mode every entry has vtime 0 and the sequence alone gives the
 * order. As in the kernel, mixing the modes on one queue is an error.
 *
 * <h2>Memory layout</h2>
 * <pre>
 * header (64 bytes)
 *      0  4 size          queued entries
 *      4  4 maxIds        ids are in [0, maxIds)
 *      8  8 nextSeq       sequence number of the next insert
 *     16  4 mode          0 = VTIME, 1 = FIFO
 *     24  8 magic         "SCXVTQ01"
 * position table at 64: int[maxIds], slot + 1 of each id, 0 = not queued
 * heap at align8(64 + 4 × maxIds): maxIds entries of 24 bytes, slot 0 is the minimum
 *      0  8 vtime
 *      8  8 seq
 *     16  4 id
 *     20  4 (padding)
 * </pre>
 *
 * <p>Not thread-safe: one owner at a time, or guard it with an {@link ArenaLock} (scx guards an
 * ATQ with an arena spinlock the same way).
 */
public final class VtimeQueue {
    /** Ordering mode of a queue. */
    public enum Mode {
        /** Ordered by vtime, FIFO among equal vtimes ({@code scx_bpf_dsq_insert_vtime}). */
        VTIME,
        /** First in, first out ({@code scx_bpf_dsq_insert}). */
        FIFO
    }

    /** Header bytes before the position table. */
    public static final int HEADER_BYTES = 64;
    /** Bytes per heap entry. */
    public static final int ENTRY_BYTES = 24;

    private static final long SIZE = 0;
    private static final long MAX_IDS = 4;
    private static final long NEXT_SEQ = 8;
    private static final long MODE = 16;
    private static final long MAGIC_OFFSET = 24;
    private static final long MAGIC = 0x3130515456584353L; // "SCXVTQ01"

    private final MemorySegment s;
    private final int maxIds;
    private final long heap;
    private final Mode mode;

    private VtimeQueue(MemorySegment segment, int maxIds, Mode mode) {
        this.s = segment;
        this.maxIds = maxIds;
        this.heap = heapOffset(maxIds);
        this.mode = mode;
    }

    private static long heapOffset(int maxIds) {
        return Mem.align(HEADER_BYTES + 4L * maxIds, 8);
    }

    /** Bytes a queue for ids in {@code [0, maxIds)} needs. */
    public static long requiredBytes(int maxIds) {
        return heapOffset(maxIds) + (long) ENTRY_BYTES * maxIds;
    }

    /** A vtime-ordered queue for ids in {@code [0, maxIds)}, in its own native memory. */
    public static VtimeQueue create(int maxIds) {
        return create(maxIds, Mode.VTIME);
    }

    /** A queue for ids in {@code [0, maxIds)} in the given mode, in its own native memory. */
    public static VtimeQueue create(int maxIds, Mode mode) {
        checkMaxIds(maxIds);
        return format(Arena.ofAuto().allocate(requiredBytes(maxIds), 64), maxIds, mode);
    }

    /** Initialises an empty queue in {@code segment} (8-byte aligned). */
    public static VtimeQueue format(MemorySegment segment, int maxIds, Mode mode) {
        checkMaxIds(maxIds);
        Objects.requireNonNull(mode, "mode");
        Mem.requireAligned(segment, 0, 8, "vtime queue");
        Mem.requireSize(segment, requiredBytes(maxIds), "vtime queue");
        segment.asSlice(0, heapOffset(maxIds)).fill((byte) 0);
        Mem.INT.set(segment, MAX_IDS, maxIds);
        Mem.INT.set(segment, MODE, mode.ordinal());
        Mem.LONG.setRelease(segment, MAGIC_OFFSET, MAGIC);
        return new VtimeQueue(segment, maxIds, mode);
    }

    /** Attaches to a queue formatted earlier in {@code segment}. */
    public static VtimeQueue wrap(MemorySegment segment) {
        Mem.requireAligned(segment, 0, 8, "vtime queue");
        Mem.requireSize(segment, HEADER_BYTES, "vtime queue");
        if ((long) Mem.LONG.getAcquire(segment, MAGIC_OFFSET) != MAGIC) {
            throw new ArenaFormatException("segment does not hold a formatted vtime queue");
        }
        int maxIds = (int) Mem.INT.get(segment, MAX_IDS);
        Mem.requireSize(segment, requiredBytes(maxIds), "vtime queue");
        return new VtimeQueue(segment, maxIds, Mode.values()[(int) Mem.INT.get(segment, MODE)]);
    }

    private static void checkMaxIds(int maxIds) {
        if (maxIds <= 0 || maxIds > (Integer.MAX_VALUE - HEADER_BYTES) / ENTRY_BYTES) {
            throw new IllegalArgumentException("maxIds out of range: " + maxIds);
        }
    }

    /**
     * Queues {@code id} at {@code vtime} (a {@link Mode#VTIME} queue).
     *
     * @throws IllegalStateException if {@code id} is already queued (a task sits in at most one
     *     place, as the ATQ's claim enforces) or this is a FIFO queue
     * @throws IndexOutOfBoundsException unless {@code 0 <= id < maxIds}
     */
    public void insert(int id, long vtime) {
        if (mode != Mode.VTIME) {
            throw new IllegalStateException("vtime insert into a FIFO queue");
        }
        push(id, vtime);
    }

    /**
     * Queues {@code id} at the tail (a {@link Mode#FIFO} queue).
     *
     * @throws IllegalStateException if {@code id} is already queued or this is a vtime queue
     */
    public void insertFifo(int id) {
        if (mode != Mode.FIFO) {
            throw new IllegalStateException("FIFO insert into a vtime queue");
        }
        push(id, 0);
    }

    private void push(int id, long vtime) {
        Objects.checkIndex(id, maxIds);
        MemorySegment s = this.s;
        long posOffset = HEADER_BYTES + 4L * id;
        if ((int) Mem.INT.get(s, posOffset) != 0) {
            throw new IllegalStateException("id " + id + " is already queued");
        }
        int size = (int) Mem.INT.get(s, SIZE);
        long seq = (long) Mem.LONG.get(s, NEXT_SEQ);
        Mem.LONG.set(s, NEXT_SEQ, seq + 1);
        Mem.INT.set(s, SIZE, size + 1);
        siftUp(size, vtime, seq, id);
    }

    /** The id with the smallest key, or -1 if empty. */
    public int peekId() {
        return (int) Mem.INT.get(s, SIZE) == 0 ? -1 : (int) Mem.INT.get(s, heap + 16);
    }

    /**
     * The smallest vtime queued.
     *
     * @throws NoSuchElementException if empty
     */
    public long peekVtime() {
        if ((int) Mem.INT.get(s, SIZE) == 0) {
            throw new NoSuchElementException("vtime queue is empty");
        }
        return (long) Mem.LONG.get(s, heap);
    }

    /** Removes and returns the id with the smallest key, or -1 if empty. */
    public int popMin() {
        MemorySegment s = this.s;
        int size = (int) Mem.INT.get(s, SIZE);
        if (size == 0) {
            return -1;
        }
        int id = (int) Mem.INT.get(s, heap + 16);
        Mem.INT.set(s, HEADER_BYTES + 4L * id, 0);
        size--;
        Mem.INT.set(s, SIZE, size);
        if (size > 0) {
            long last = heap + (long) ENTRY_BYTES * size;
            siftDown(0, size, (long) Mem.LONG.get(s, last), (long) Mem.LONG.get(s, last + 8),
                    (int) Mem.INT.get(s, last + 16));
        }
        return id;
    }

    /**
     * Removes {@code id} wherever it is in the queue, in O(log n).
     *
     * @return whether it was queued
     */
    public boolean remove(int id) {
        if (id < 0 || id >= maxIds) {
            return false;
        }
        MemorySegment s = this.s;
        long posOffset = HEADER_BYTES + 4L * id;
        int slotPlusOne = (int) Mem.INT.get(s, posOffset);
        if (slotPlusOne == 0) {
            return false;
        }
        Mem.INT.set(s, posOffset, 0);
        int size = (int) Mem.INT.get(s, SIZE) - 1;
        Mem.INT.set(s, SIZE, size);
        int slot = slotPlusOne - 1;
        if (slot != size) {
            long last = heap + (long) ENTRY_BYTES * size;
            long vt = (long) Mem.LONG.get(s, last);
            long sq = (long) Mem.LONG.get(s, last + 8);
            int lastId = (int) Mem.INT.get(s, last + 16);
            if (slot > 0) {
                long parent = heap + (long) ENTRY_BYTES * ((slot - 1) >>> 1);
                if (less(vt, sq, (long) Mem.LONG.get(s, parent), (long) Mem.LONG.get(s, parent + 8))) {
                    siftUp(slot, vt, sq, lastId);
                    return true;
                }
            }
            siftDown(slot, size, vt, sq, lastId);
        }
        return true;
    }

    /** Whether {@code id} is queued. */
    public boolean contains(int id) {
        return id >= 0 && id < maxIds && (int) Mem.INT.get(s, HEADER_BYTES + 4L * id) != 0;
    }

    /**
     * The vtime {@code id} is queued at.
     *
     * @throws NoSuchElementException if it is not queued
     */
    public long vtimeOf(int id) {
        int slotPlusOne = contains(id) ? (int) Mem.INT.get(s, HEADER_BYTES + 4L * id) : 0;
        if (slotPlusOne == 0) {
            throw new NoSuchElementException("id " + id + " is not queued");
        }
        return (long) Mem.LONG.get(s, heap + (long) ENTRY_BYTES * (slotPlusOne - 1));
    }

    /** Number of queued ids. */
    public int size() {
        return (int) Mem.INT.get(s, SIZE);
    }

    /** Whether nothing is queued. */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** Ids are in {@code [0, maxIds)}; also the capacity. */
    public int maxIds() {
        return maxIds;
    }

    /** This queue's mode. */
    public Mode mode() {
        return mode;
    }

    /** Removes every id (O(size)). */
    public void clear() {
        int size = size();
        for (int slot = 0; slot < size; slot++) {
            int id = (int) Mem.INT.get(s, heap + (long) ENTRY_BYTES * slot + 16);
            Mem.INT.set(s, HEADER_BYTES + 4L * id, 0);
        }
        Mem.INT.set(s, SIZE, 0);
    }

    /** Calls {@code action} with every queued id, in heap (not key) order; no allocation. */
    public void forEachUnordered(IntConsumer action) {
        int size = size();
        for (int slot = 0; slot < size; slot++) {
            action.accept((int) Mem.INT.get(s, heap + (long) ENTRY_BYTES * slot + 16));
        }
    }

    /** A snapshot of the queued ids in pop order (allocates; for tests, dumps and stats). */
    public int[] toSortedArray() {
        int size = size();
        long[][] keys = new long[size][];
        for (int slot = 0; slot < size; slot++) {
            long e = heap + (long) ENTRY_BYTES * slot;
            keys[slot] = new long[] {(long) Mem.LONG.get(s, e), (long) Mem.LONG.get(s, e + 8),
                    (int) Mem.INT.get(s, e + 16)};
        }
        Arrays.sort(keys, (a, b) -> less(a[0], a[1], b[0], b[1]) ? -1 : less(b[0], b[1], a[0], a[1]) ? 1 : 0);
        int[] ids = new int[size];
        for (int i = 0; i < size; i++) {
            ids[i] = (int) keys[i][2];
        }
        return ids;
    }

    /** The segment holding the queue. */
    public MemorySegment segment() {
        return s;
    }

    private static boolean less(long vtA, long seqA, long vtB, long seqB) {
        long d = vtA - vtB; // time_before64(a, b): (s64)(a - b) < 0
        return d != 0 ? d < 0 : seqA < seqB;
    }

    private void siftUp(int slot, long vt, long sq, int id) {
        MemorySegment s = this.s;
        long heap = this.heap;
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            long p = heap + (long) ENTRY_BYTES * parent;
            long pvt = (long) Mem.LONG.get(s, p);
            long psq = (long) Mem.LONG.get(s, p + 8);
            if (!less(vt, sq, pvt, psq)) {
                break;
            }
            put(slot, pvt, psq, (int) Mem.INT.get(s, p + 16));
            slot = parent;
        }
        put(slot, vt, sq, id);
    }

    private void siftDown(int slot, int size, long vt, long sq, int id) {
        MemorySegment s = this.s;
        long heap = this.heap;
        int half = size >>> 1;
        while (slot < half) {
            int child = 2 * slot + 1;
            long c = heap + (long) ENTRY_BYTES * child;
            long cvt = (long) Mem.LONG.get(s, c);
            long csq = (long) Mem.LONG.get(s, c + 8);
            int right = child + 1;
            if (right < size) {
                long r = c + ENTRY_BYTES;
                long rvt = (long) Mem.LONG.get(s, r);
                long rsq = (long) Mem.LONG.get(s, r + 8);
                if (less(rvt, rsq, cvt, csq)) {
                    child = right;
                    c = r;
                    cvt = rvt;
                    csq = rsq;
                }
            }
            if (!less(cvt, csq, vt, sq)) {
                break;
            }
            put(slot, cvt, csq, (int) Mem.INT.get(s, c + 16));
            slot = child;
        }
        put(slot, vt, sq, id);
    }

    /** Writes entry (vtime, seq, id) at heap slot {@code slot} and records the id's position (1-based). */
    private void put(int slot, long vt, long sq, int id) {
        long e = heap + (long) ENTRY_BYTES * slot;
        Mem.LONG.set(s, e, vt);
        Mem.LONG.set(s, e + 8, sq);
        Mem.INT.set(s, e + 16, id);
        Mem.INT.set(s, HEADER_BYTES + 4L * id, slot + 1);
    }

    @Override
    public String toString() {
        return "VtimeQueue[" + mode + ", " + size() + "/" + maxIds + "]";
    }
}
