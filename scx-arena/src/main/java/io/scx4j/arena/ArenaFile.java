package io.scx4j.arena;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A memory-mapped file made of a versioned header and up to {@value #MAX_REGIONS} regions, the
 * unit one process writes and others map to read (or write) live.
 *
 * <p>The pattern is Aeron's {@code cnc.dat} ({@code CncFileDescriptor}, read by
 * {@code AeronStat}): the writer lays the file out, fills it, and writes the layout version
 * <em>last</em>, with a release store, as its "file ready" signal. A reader maps the file, waits
 * for a non-zero version with acquire loads, and refuses a version it does not speak. No other
 * coordination is needed; the layout is the contract.
 *
 * <h2>Header layout (256 bytes, little-endian on x86/aarch64, native byte order)</h2>
 * <pre>
 * offset size field
 *      0    8 magic            "SCX4JARN" as ASCII, written first
 *      8    4 layoutVersion    the writer's layout version, &gt; 0; 0 until {@link #publish()} (release store, written last)
 *     12    4 headerFormat     {@value #HEADER_FORMAT}: the layout of this header itself
 *     16    8 writerPid        process id of the writer
 *     24    8 startTimeMillis  epoch millis when the writer created the file
 *     32    8 heartbeatMillis  epoch millis, refreshed by {@link #heartbeat()} (release store)
 *     40    4 regionCount      number of regions, ≤ {@value #MAX_REGIONS}
 *     44    4 (reserved)
 *     48    8 fileLength       total bytes of the file
 *     56    8 (reserved)
 *     64  192 region table     {@value #MAX_REGIONS} × (long offset, long length)
 *    256      region 0, each region starting at a multiple of {@value #REGION_ALIGNMENT} bytes
 * </pre>
 *
 * <p>Every 8-byte field sits at a multiple of 8 and the mapping is page-aligned, so atomic
 * access to these fields is valid in every process.
 */
public final class ArenaFile implements AutoCloseable {
    /** "SCX4JARN" read as a little-endian long. */
    public static final long MAGIC = bytesToLong("SCX4JARN");
    /** Version of the header layout above. */
    public static final int HEADER_FORMAT = 1;
    /** Header size in bytes; region 0 starts at or after it. */
    public static final int HEADER_BYTES = 256;
    /** Maximum number of regions in one file. */
    public static final int MAX_REGIONS = 12;
    /** Every region starts at a multiple of this (two cache lines). */
    public static final long REGION_ALIGNMENT = 128;

    static final long MAGIC_OFFSET = 0;
    static final long LAYOUT_VERSION_OFFSET = 8;
    static final long HEADER_FORMAT_OFFSET = 12;
    static final long WRITER_PID_OFFSET = 16;
    static final long START_TIME_OFFSET = 24;
    static final long HEARTBEAT_OFFSET = 32;
    static final long REGION_COUNT_OFFSET = 40;
    static final long FILE_LENGTH_OFFSET = 48;
    static final long REGION_TABLE_OFFSET = 64;

    private final Region region;
    private final MemorySegment[] regions;
    private final int layoutVersion;

    private ArenaFile(Region region, MemorySegment[] regions, int layoutVersion) {
        this.region = region;
        this.regions = regions;
        this.layoutVersion = layoutVersion;
    }

    /**
     * Bytes a file with these region lengths occupies (header, alignment padding, regions).
     */
    public static long fileLength(long... regionLengths) {
        long end = HEADER_BYTES;
        for (long length : regionLengths) {
            end = Mem.align(end, REGION_ALIGNMENT) + length;
        }
        return Mem.align(end, REGION_ALIGNMENT);
    }

    /**
     * Creates (or truncates) {@code path} with zeroed regions of the given lengths and an
     * <em>unpublished</em> header: fill the regions, then call {@link #publish()}.
     *
     * @param layoutVersion the version of what the regions hold; readers must expect the same
     */
    public static ArenaFile create(Path path, int layoutVersion, long... regionLengths) {
        if (layoutVersion <= 0) {
            throw new IllegalArgumentException("layout version must be > 0, got " + layoutVersion);
        }
        if (regionLengths.length == 0 || regionLengths.length > MAX_REGIONS) {
            throw new IllegalArgumentException("an arena file holds 1.." + MAX_REGIONS
                    + " regions, got " + regionLengths.length);
        }
        long length = fileLength(regionLengths);
        Region region = Region.createFile(path, length);
        MemorySegment s = region.segment();
        BumpAllocator layout = new BumpAllocator(s, HEADER_BYTES);
        MemorySegment[] regions = new MemorySegment[regionLengths.length];
        long now = System.currentTimeMillis();
        Mem.LONG.set(s, MAGIC_OFFSET, MAGIC);
        Mem.INT.set(s, HEADER_FORMAT_OFFSET, HEADER_FORMAT);
        Mem.LONG.set(s, WRITER_PID_OFFSET, Mem.pid());
        Mem.LONG.set(s, START_TIME_OFFSET, now);
        Mem.LONG.set(s, HEARTBEAT_OFFSET, now);
        Mem.INT.set(s, REGION_COUNT_OFFSET, regionLengths.length);
        Mem.LONG.set(s, FILE_LENGTH_OFFSET, length);
        for (int i = 0; i < regionLengths.length; i++) {
            if (regionLengths[i] <= 0) {
                region.close();
                throw new IllegalArgumentException("region " + i + " length must be > 0");
            }
            long offset = layout.allocate(regionLengths[i], REGION_ALIGNMENT);
            Mem.LONG.set(s, REGION_TABLE_OFFSET + 16L * i, offset);
            Mem.LONG.set(s, REGION_TABLE_OFFSET + 16L * i + 8, regionLengths[i]);
            regions[i] = s.asSlice(offset, regionLengths[i]);
        }
        return new ArenaFile(region, regions, layoutVersion);
    }

    /**
     * Maps an existing arena file read-write, waiting up to {@code waitForPublish} for its writer
     * to {@link #publish()} it.
     *
     * @throws ArenaFormatException on a wrong magic, header format or layout version, a
     *     truncated file, or if the file is not published within the wait
     */
    public static ArenaFile open(Path path, int expectedLayoutVersion, Duration waitForPublish) {
        return open(path, expectedLayoutVersion, waitForPublish, true);
    }

    /** As {@link #open(Path, int, Duration)}, read-only if {@code writable} is false. */
    public static ArenaFile open(Path path, int expectedLayoutVersion, Duration waitForPublish,
                                 boolean writable) {
        Objects.requireNonNull(path, "path");
        long deadline = System.nanoTime() + waitForPublish.toNanos();
        int version = 0;
        while (true) {
            if (Files.exists(path) && sizeOf(path) >= HEADER_BYTES) {
                try (Region header = Region.mapFile(path, HEADER_BYTES, false)) {
                    version = (int) Mem.INT.getAcquire(header.segment(), LAYOUT_VERSION_OFFSET);
                    if (version != 0) {
                        break;
                    }
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new ArenaFormatException("arena file " + path + " was not published within "
                        + waitForPublish);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ArenaFormatException("interrupted while waiting for " + path);
            }
        }
        Region region = Region.mapFile(path, writable);
        try {
            return attach(region, expectedLayoutVersion);
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    private static ArenaFile attach(Region region, int expectedLayoutVersion) {
        MemorySegment s = region.segment();
        int version = (int) Mem.INT.getAcquire(s, LAYOUT_VERSION_OFFSET);
        long magic = (long) Mem.LONG.get(s, MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new ArenaFormatException(region.path().orElseThrow() + " is not an scx4j arena file"
                    + " (magic 0x" + Long.toHexString(magic) + ")");
        }
        int format = (int) Mem.INT.get(s, HEADER_FORMAT_OFFSET);
        if (format != HEADER_FORMAT) {
            throw new ArenaFormatException("header format " + format + ", this reader speaks "
                    + HEADER_FORMAT);
        }
        if (version != expectedLayoutVersion) {
            throw new ArenaFormatException("layout version mismatch: file has " + version
                    + ", reader expects " + expectedLayoutVersion);
        }
        long fileLength = (long) Mem.LONG.get(s, FILE_LENGTH_OFFSET);
        if (fileLength > s.byteSize()) {
            throw new ArenaFormatException("file truncated: header says " + fileLength
                    + " bytes, mapped " + s.byteSize());
        }
        int count = (int) Mem.INT.get(s, REGION_COUNT_OFFSET);
        if (count <= 0 || count > MAX_REGIONS) {
            throw new ArenaFormatException("bad region count " + count);
        }
        MemorySegment[] regions = new MemorySegment[count];
        for (int i = 0; i < count; i++) {
            long offset = (long) Mem.LONG.get(s, REGION_TABLE_OFFSET + 16L * i);
            long length = (long) Mem.LONG.get(s, REGION_TABLE_OFFSET + 16L * i + 8);
            if (offset < HEADER_BYTES || length <= 0 || offset + length > fileLength) {
                throw new ArenaFormatException("region " + i + " [" + offset + ", +" + length
                        + ") lies outside the file");
            }
            regions[i] = s.asSlice(offset, length);
        }
        return new ArenaFile(region, regions, version);
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static long bytesToLong(String ascii) {
        byte[] b = ascii.getBytes(StandardCharsets.US_ASCII);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    /** Region {@code index} as a slice of the mapping. */
    public MemorySegment region(int index) {
        return regions[Objects.checkIndex(index, regions.length)];
    }

    /** Number of regions. */
    public int regionCount() {
        return regions.length;
    }

    /** The whole mapping, header included. */
    public MemorySegment segment() {
        return region.segment();
    }

    /**
     * Writes the layout version with a release store: everything this process wrote to the file
     * before becomes visible to a reader that sees the version. Call once, after filling the
     * regions.
     */
    public void publish() {
        Mem.INT.setRelease(region.segment(), LAYOUT_VERSION_OFFSET, layoutVersion);
    }

    /** Whether the header's layout version has been published. */
    public boolean isPublished() {
        return (int) Mem.INT.getAcquire(region.segment(), LAYOUT_VERSION_OFFSET) != 0;
    }

    /** The layout version this file was created or opened with. */
    public int layoutVersion() {
        return layoutVersion;
    }

    /** Refreshes the heartbeat with the current epoch millis (release store). */
    public void heartbeat() {
        Mem.LONG.setRelease(region.segment(), HEARTBEAT_OFFSET, System.currentTimeMillis());
    }

    /** Epoch millis of the writer's last {@link #heartbeat()} (or of creation). */
    public long heartbeatMillis() {
        return (long) Mem.LONG.getAcquire(region.segment(), HEARTBEAT_OFFSET);
    }

    /** Process id of the writer. */
    public long writerPid() {
        return (long) Mem.LONG.get(region.segment(), WRITER_PID_OFFSET);
    }

    /** Epoch millis when the writer created the file. */
    public long startTimeMillis() {
        return (long) Mem.LONG.get(region.segment(), START_TIME_OFFSET);
    }

    /**
     * Whether the writer looks alive: its process exists and its heartbeat is younger than
     * {@code timeout}.
     */
    public boolean isWriterAlive(Duration timeout) {
        return Mem.isAlive(writerPid())
                && System.currentTimeMillis() - heartbeatMillis() <= timeout.toMillis();
    }

    /** Unmaps the file. */
    @Override
    public void close() {
        region.close();
    }

    @Override
    public String toString() {
        return "ArenaFile[" + region.path().orElseThrow() + ", version " + layoutVersion + ", "
                + regions.length + " regions, writer pid " + writerPid() + "]";
    }
}
