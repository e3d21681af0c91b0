package io.scx4j.arena;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * A block of off-heap memory that arena structures live in: either native memory of this process
 * or a memory-mapped file that other processes can map too.
 *
 * <p>A region owns a shared {@link Arena}: its segment can be used from any thread, and
 * {@link #close()} frees (or unmaps) it. Closing a shared arena costs a handshake with every
 * thread (tens of microseconds, see netty-incubator-buffer-api PR #3), so map once and keep the
 * region for the life of the process.
 *
 * <p>File regions are mapped {@code MAP_SHARED} ({@link FileChannel#map(FileChannel.MapMode, long,
 * long, Arena)}): a store by one process is seen by every other process that maps the same file,
 * with the ordering the access mode gives (see {@code docs/visibility.md}). The mapping is
 * page-aligned, so any offset that is a multiple of 8 is suitable for atomic {@code long} access.
 *
 * <p>This is the Java counterpart of a BPF arena ({@code BPF_MAP_TYPE_ARENA},
 * {@code kernel/bpf/arena.c}): a flat region addressed by offsets, never by Java references.
 */
public final class Region implements AutoCloseable {
    /** Alignment of native regions: a page, like a mapped file. */
    public static final long NATIVE_ALIGNMENT = 4096;

    private final Arena arena;
    private final MemorySegment segment;
    private final Path path;

    private Region(Arena arena, MemorySegment segment, Path path) {
        this.arena = arena;
        this.segment = segment;
        this.path = path;
    }

    /** Allocates {@code bytes} of zeroed, page-aligned native memory. */
    public static Region allocateNative(long bytes) {
        requirePositive(bytes);
        Arena arena = Arena.ofShared();
        return new Region(arena, arena.allocate(bytes, NATIVE_ALIGNMENT), null);
    }

    /**
     * Creates (or truncates) {@code path}, sizes it to {@code bytes} of zeros and maps it
     * read-write.
     */
    public static Region createFile(Path path, long bytes) {
        Objects.requireNonNull(path, "path");
        requirePositive(bytes);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.allocate(1), bytes - 1); // sparse file of zeros
            return map(channel, path, bytes, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create arena file " + path, e);
        }
    }

    /**
     * Maps an existing file whole, read-write or read-only. A read-only mapping allows every
     * read mode (plain, opaque, acquire, volatile) but no store or atomic update.
     */
    public static Region mapFile(Path path, boolean writable) {
        return mapFile(path, -1, writable);
    }

    /** Maps the first {@code bytes} of an existing file ({@code -1}: the whole file). */
    public static Region mapFile(Path path, long bytes, boolean writable) {
        Objects.requireNonNull(path, "path");
        StandardOpenOption[] options = writable
                ? new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE}
                : new StandardOpenOption[] {StandardOpenOption.READ};
        try (FileChannel channel = FileChannel.open(path, options)) {
            long size = channel.size();
            long length = bytes < 0 ? size : bytes;
            if (length == 0 || length > size) {
                throw new ArenaFormatException("arena file " + path + " has " + size
                        + " bytes, cannot map " + length);
            }
            return map(channel, path, length, writable);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map arena file " + path, e);
        }
    }

    private static Region map(FileChannel channel, Path path, long bytes, boolean writable)
            throws IOException {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment segment = channel.map(writable ? FileChannel.MapMode.READ_WRITE
                    : FileChannel.MapMode.READ_ONLY, 0, bytes, arena);
            return new Region(arena, segment, path);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static void requirePositive(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("region size must be positive, got " + bytes);
        }
    }

    /** The whole region. */
    public MemorySegment segment() {
        return segment;
    }

    /** Region length in bytes. */
    public long byteSize() {
        return segment.byteSize();
    }

    /** The mapped file, if this region is one. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** Writes dirty pages of a mapped file back to storage (no-op for native memory). */
    public void force() {
        if (path != null && !segment.isReadOnly()) {
            segment.force();
        }
    }

    /** A bump allocator over this whole region, starting at offset 0. */
    public BumpAllocator bumpAllocator() {
        return new BumpAllocator(segment);
    }

    /** Frees or unmaps the memory; every segment derived from it becomes inaccessible. */
    @Override
    public void close() {
        arena.close();
    }

    @Override
    public String toString() {
        return "Region[" + (path == null ? "native" : path) + ", " + segment.byteSize() + " bytes]";
    }
}
