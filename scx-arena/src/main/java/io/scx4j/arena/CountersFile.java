package io.scx4j.arena;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A counters set in its own {@link ArenaFile}: region 0 holds the metadata, region 1 the values.
 * The writer creates it; any other JVM (or a C tool following the layout) opens it by path and
 * reads live. {@link ArenaStat} prints such a file.
 */
public final class CountersFile implements AutoCloseable {
    /** Layout version of a counters file (header layout version). */
    public static final int LAYOUT_VERSION = 1;

    private final ArenaFile file;
    private final Counters counters;
    private final CountersReader reader;

    private CountersFile(ArenaFile file, boolean writer) {
        this.file = file;
        this.counters = writer ? Counters.wrap(file.region(0), file.region(1)) : null;
        this.reader = new CountersReader(file.region(0), file.region(1));
    }

    /** Creates (or truncates) {@code path} with room for {@code maxCounters} counters, published. */
    public static CountersFile create(Path path, int maxCounters) {
        if (maxCounters <= 0) {
            throw new IllegalArgumentException("maxCounters must be > 0");
        }
        ArenaFile file = ArenaFile.create(path, LAYOUT_VERSION, Counters.metadataBytes(maxCounters),
                Counters.valuesBytes(maxCounters));
        file.publish();
        return new CountersFile(file, true);
    }

    /**
     * Maps an existing counters file read-only, waiting up to {@code wait} for it to be published.
     *
     * @throws ArenaFormatException if it is not a counters file of {@link #LAYOUT_VERSION}
     */
    public static CountersFile openReader(Path path, Duration wait) {
        ArenaFile file = ArenaFile.open(path, LAYOUT_VERSION, wait, false);
        if (file.regionCount() != 2) {
            file.close();
            throw new ArenaFormatException(path + " has " + file.regionCount() + " regions, a counters file 2");
        }
        return new CountersFile(file, false);
    }

    /** The writer (only in the process that created the file). */
    public Counters counters() {
        if (counters == null) {
            throw new IllegalStateException("counters file opened for reading");
        }
        return counters;
    }

    /** A reader of the counters. */
    public CountersReader reader() {
        return reader;
    }

    /** The underlying file (header, heartbeat, writer pid). */
    public ArenaFile file() {
        return file;
    }

    /** Unmaps the file. */
    @Override
    public void close() {
        file.close();
    }
}
