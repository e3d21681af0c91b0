package io.scx4j.arena;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One record of a {@link RecordLayout} per dense id: per-task contexts indexed by task id, or
 * per-CPU contexts indexed by CPU id.
 *
 * <p>Lookup is one bounds check and one multiply: {@code offset(id) = id × stride}. Per-CPU tables
 * pad every record to a multiple of {@value #CPU_STRIDE_ALIGNMENT} bytes (two cache lines, as
 * Agrona pads its counters and as scx_cake gives each CPU its own arena line), so CPUs writing
 * their own record never share a line with a neighbour (no false sharing, and no adjacent-line
 * prefetch pairing). Per-task tables pack records at an 8-byte stride.
 *
 * <h2>Memory layout</h2>
 * <pre>
 * record id at id × stride, for id in [0, capacity)
 *   per-task: stride = layout.byteSize() rounded up to 8
 *   per-CPU:  stride = layout.byteSize() rounded up to 128; the table starts 128-byte aligned
 * </pre>
 * The table has no header: its shape (layout, capacity, stride) is the code's contract, as for a
 * BPF array map.
 *
 * <p>The scx counterpart of the per-task table is {@code scx_task_alloc}/{@code scx_task_data}
 * ({@code lib/sdt_task.bpf.c}); the engine's task ids are dense, so a direct index replaces the
 * task-storage lookup. For sparse keys, allocate records from a {@link Slab} instead.
 */
public final class ContextTable {
    /** Per-CPU records are padded to a multiple of this many bytes. */
    public static final long CPU_STRIDE_ALIGNMENT = 128;

    private final RecordLayout layout;
    private final MemorySegment segment;
    private final int capacity;
    private final long stride;

    private ContextTable(RecordLayout layout, MemorySegment segment, int capacity, long stride) {
        this.layout = layout;
        this.segment = segment;
        this.capacity = capacity;
        this.stride = stride;
    }

    /** Bytes a per-task table needs. */
    public static long perTaskBytes(RecordLayout layout, int capacity) {
        return (long) capacity * Mem.align(layout.byteSize(), 8);
    }

    /** Bytes a per-CPU table needs. */
    public static long perCpuBytes(RecordLayout layout, int nrCpus) {
        return (long) nrCpus * Mem.align(layout.byteSize(), CPU_STRIDE_ALIGNMENT);
    }

    /** A zeroed per-task table in its own native memory. */
    public static ContextTable perTask(RecordLayout layout, int maxTasks) {
        return perTask(layout, maxTasks, allocate(perTaskBytes(layout, maxTasks)));
    }

    /** A per-task table over {@code segment} (8-byte aligned, contents kept). */
    public static ContextTable perTask(RecordLayout layout, int maxTasks, MemorySegment segment) {
        return wrap(layout, maxTasks, Mem.align(layout.byteSize(), 8), segment, 8);
    }

    /** A zeroed per-CPU table in its own native memory, one padded record per CPU. */
    public static ContextTable perCpu(RecordLayout layout, int nrCpus) {
        return perCpu(layout, nrCpus, allocate(perCpuBytes(layout, nrCpus)));
    }

    /** A per-CPU table over {@code segment} (128-byte aligned, contents kept). */
    public static ContextTable perCpu(RecordLayout layout, int nrCpus, MemorySegment segment) {
        return wrap(layout, nrCpus, Mem.align(layout.byteSize(), CPU_STRIDE_ALIGNMENT), segment,
                CPU_STRIDE_ALIGNMENT);
    }

    private static ContextTable wrap(RecordLayout layout, int capacity, long stride,
                                     MemorySegment segment, long alignment) {
        Objects.requireNonNull(layout, "layout");
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, got " + capacity);
        }
        Mem.requireAligned(segment, 0, alignment, "context table");
        Mem.requireSize(segment, capacity * stride, "context table");
        return new ContextTable(layout, segment, capacity, stride);
    }

    private static MemorySegment allocate(long bytes) {
        return Arena.ofAuto().allocate(bytes, CPU_STRIDE_ALIGNMENT);
    }

    /**
     * Offset of record {@code id} in {@link #segment()}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= id < capacity}
     */
    public long offset(int id) {
        return Objects.checkIndex(id, capacity) * stride;
    }

    /** Plain read of a {@code long} field of record {@code id}. */
    public long get(int id, LongField field) {
        return field.get(segment, offset(id));
    }

    /** Plain write of a {@code long} field of record {@code id}. */
    public void set(int id, LongField field, long value) {
        field.set(segment, offset(id), value);
    }

    /** Plain read of an {@code int} field of record {@code id}. */
    public int get(int id, IntField field) {
        return field.get(segment, offset(id));
    }

    /** Plain write of an {@code int} field of record {@code id}. */
    public void set(int id, IntField field, int value) {
        field.set(segment, offset(id), value);
    }

    /** Plain read of a {@code double} field of record {@code id}. */
    public double get(int id, DoubleField field) {
        return field.get(segment, offset(id));
    }

    /** Plain write of a {@code double} field of record {@code id}. */
    public void set(int id, DoubleField field, double value) {
        field.set(segment, offset(id), value);
    }

    /** Zeroes record {@code id} (plain stores). */
    public void clear(int id) {
        Mem.zeroWords(segment, offset(id), stride);
    }

    /** The record of {@code id} as its own slice (allocates a segment object; not for hot paths). */
    public MemorySegment record(int id) {
        return segment.asSlice(offset(id), layout.byteSize());
    }

    /** The segment holding the records. */
    public MemorySegment segment() {
        return segment;
    }

    /** The record type. */
    public RecordLayout layout() {
        return layout;
    }

    /** Number of records. */
    public int capacity() {
        return capacity;
    }

    /** Bytes between consecutive records. */
    public long stride() {
        return stride;
    }
}
