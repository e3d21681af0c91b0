package io.scx4j.arena;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Carves aligned blocks out of a segment by moving a pointer forward; nothing is ever freed.
 *
 * <p>The Java counterpart of scx's {@code scx_static_alloc} ({@code lib/sdt_alloc.bpf.c}): use it
 * for objects that live as long as the scheduler (queues, tables, bitmaps, locks). It returns
 * <em>offsets</em> into the segment (or slices of it), never Java objects holding the data, so
 * the same layout can be read by another process that maps the same file.
 *
 * <p>Thread-safe: the bump pointer is advanced with a compare-and-set. The pointer itself lives
 * on the Java heap; the layout of what was allocated is the caller's contract (for files, see
 * {@link ArenaFile}, whose header records where each region starts).
 */
public final class BumpAllocator {
    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(BumpAllocator.class, "next", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MemorySegment segment;
    @SuppressWarnings("unused") // accessed through NEXT
    private volatile long next;

    /** A bump allocator over all of {@code segment}, starting at offset 0. */
    public BumpAllocator(MemorySegment segment) {
        this(segment, 0);
    }

    /** A bump allocator over {@code segment}, starting at {@code start}. */
    public BumpAllocator(MemorySegment segment, long start) {
        if (start < 0 || start > segment.byteSize()) {
            throw new IllegalArgumentException("start " + start + " outside segment of "
                    + segment.byteSize() + " bytes");
        }
        this.segment = segment;
        this.next = start;
    }

    /**
     * Reserves {@code bytes} bytes whose absolute address is a multiple of {@code alignment}.
     *
     * @return the offset of the block in the segment
     * @throws IllegalStateException if the segment has no room left (nothing is reserved then)
     */
    public long allocate(long bytes, long alignment) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative size " + bytes);
        }
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two, got " + alignment);
        }
        long base = segment.address();
        while (true) {
            long current = (long) NEXT.getVolatile(this);
            long start = Mem.align(base + current, alignment) - base;
            long end = start + bytes;
            if (end > segment.byteSize()) {
                throw new IllegalStateException("arena region full: " + bytes + " bytes (align "
                        + alignment + ") requested, " + (segment.byteSize() - current) + " left");
            }
            if (NEXT.compareAndSet(this, current, end)) {
                return start;
            }
        }
    }

    /** {@link #allocate(long, long)} and returns the block as a slice of the segment. */
    public MemorySegment allocateSegment(long bytes, long alignment) {
        return segment.asSlice(allocate(bytes, alignment), bytes);
    }

    /** Offset of the first byte not yet handed out. */
    public long used() {
        return (long) NEXT.getVolatile(this);
    }

    /** Bytes not yet handed out (before alignment padding). */
    public long remaining() {
        return segment.byteSize() - used();
    }

    /** The segment blocks are carved from. */
    public MemorySegment segment() {
        return segment;
    }
}
