package io.scx4j.arena;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The writer side of a set of named counters in two regions (metadata and values), laid out so
 * that another process can read them live with a {@link CountersReader} and no coordination
 * beyond the layout.
 *
 * <p>The pattern is Agrona's {@code CountersManager}/{@code CountersReader} as Aeron places them
 * in {@code cnc.dat} and {@code AeronStat} reads them: a metadata record per counter (state, type,
 * label) and a value record per counter on its own pair of cache lines. Allocation writes the
 * metadata and zeroes the value first, then publishes {@code state = ALLOCATED} with a release
 * store; readers check the state with an acquire load before trusting the rest. Freeing marks the
 * record {@code RECLAIMED}; a reused record gets a new registration id, so a reader can tell a
 * recycled counter from the one it was watching. Wrap the regions in an {@link ArenaFile} (or use
 * {@link CountersFile}) to share them.
 *
 * <h2>Memory layout</h2>
 * <pre>
 * metadata region: record i at {@value #METADATA_RECORD_BYTES} × i
 *      0   4 state           0 = UNUSED, 1 = ALLOCATED, -1 = RECLAIMED (release store, written last)
 *      4   4 typeId          caller-defined kind of counter
 *      8   8 registrationId  unique per allocation (generation tag), ≥ 1
 *     16   4 labelLength     bytes of UTF-8 label, ≤ {@value #MAX_LABEL_BYTES}
 *     20 236 label           UTF-8
 * values region: record i at {@value #VALUE_RECORD_BYTES} × i (two cache lines, no false sharing)
 *      0   8 value           updated atomically or by its single writer with release stores
 *      8   8 registrationId  copy of the metadata's, written before the state
 *     16 112 (padding)
 * </pre>
 *
 * <p>Allocation and freeing are serialised within this process ({@code synchronized}); one
 * process owns allocation, as in Agrona. Updating a counter's value is safe from any thread of
 * any process through {@link Counter}'s atomic methods.
 */
public final class Counters {
    /** Bytes of metadata per counter. */
    public static final int METADATA_RECORD_BYTES = 256;
    /** Bytes of value record per counter. */
    public static final int VALUE_RECORD_BYTES = 128;
    /** Longest label in UTF-8 bytes. */
    public static final int MAX_LABEL_BYTES = METADATA_RECORD_BYTES - 20;
    /** Record state: never allocated. */
    public static final int UNUSED = 0;
    /** Record state: live counter. */
    public static final int ALLOCATED = 1;
    /** Record state: freed, may be reused. */
    public static final int RECLAIMED = -1;

    static final long STATE = 0;
    static final long TYPE_ID = 4;
    static final long REGISTRATION_ID = 8;
    static final long LABEL_LENGTH = 16;
    static final long LABEL = 20;
    static final long VALUE = 0;
    static final long VALUE_REGISTRATION_ID = 8;

    private final MemorySegment metadata;
    private final MemorySegment values;
    private final int maxCounters;
    private long nextRegistrationId;

    private Counters(MemorySegment metadata, MemorySegment values) {
        this.metadata = metadata;
        this.values = values;
        this.maxCounters = maxCounters(metadata, values);
        long max = 0;
        for (int i = 0; i < maxCounters; i++) {
            max = Math.max(max, (long) Mem.LONG.get(metadata, (long) i * METADATA_RECORD_BYTES + REGISTRATION_ID));
        }
        this.nextRegistrationId = max + 1;
    }

    static int maxCounters(MemorySegment metadata, MemorySegment values) {
        Mem.requireAligned(metadata, 0, 8, "counters metadata");
        Mem.requireAligned(values, 0, 128, "counters values");
        return (int) Math.min(Integer.MAX_VALUE, Math.min(metadata.byteSize() / METADATA_RECORD_BYTES,
                values.byteSize() / VALUE_RECORD_BYTES));
    }

    /** Metadata bytes for {@code maxCounters} counters. */
    public static long metadataBytes(int maxCounters) {
        return (long) maxCounters * METADATA_RECORD_BYTES;
    }

    /** Value bytes for {@code maxCounters} counters. */
    public static long valuesBytes(int maxCounters) {
        return (long) maxCounters * VALUE_RECORD_BYTES;
    }

    /**
     * The writer over a metadata region (8-byte aligned) and a values region (128-byte aligned),
     * zeroed or holding counters from an earlier writer.
     */
    public static Counters wrap(MemorySegment metadata, MemorySegment values) {
        return new Counters(metadata, values);
    }

    /**
     * Allocates a counter with value 0.
     *
     * @throws IllegalArgumentException if the label is longer than {@value #MAX_LABEL_BYTES} UTF-8 bytes
     * @throws IllegalStateException if every record is allocated
     */
    public synchronized Counter allocate(int typeId, String label) {
        byte[] bytes = Objects.requireNonNull(label, "label").getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_LABEL_BYTES) {
            throw new IllegalArgumentException("label longer than " + MAX_LABEL_BYTES + " bytes: " + label);
        }
        int id = findFree();
        long meta = (long) id * METADATA_RECORD_BYTES;
        long value = (long) id * VALUE_RECORD_BYTES;
        long registrationId = nextRegistrationId++;
        Mem.INT.set(metadata, meta + TYPE_ID, typeId);
        Mem.LONG.set(metadata, meta + REGISTRATION_ID, registrationId);
        Mem.INT.set(metadata, meta + LABEL_LENGTH, bytes.length);
        MemorySegment.copy(bytes, 0, metadata, java.lang.foreign.ValueLayout.JAVA_BYTE, meta + LABEL, bytes.length);
        Mem.LONG.setRelease(values, value + VALUE, 0L);
        Mem.LONG.setRelease(values, value + VALUE_REGISTRATION_ID, registrationId);
        Mem.INT.setRelease(metadata, meta + STATE, ALLOCATED);
        return new Counter(this, id, registrationId, label);
    }

    private int findFree() {
        int reclaimed = -1;
        for (int i = 0; i < maxCounters; i++) {
            int state = (int) Mem.INT.getAcquire(metadata, (long) i * METADATA_RECORD_BYTES + STATE);
            if (state == UNUSED) {
                return i;
            }
            if (state == RECLAIMED && reclaimed < 0) {
                reclaimed = i;
            }
        }
        if (reclaimed < 0) {
            throw new IllegalStateException("all " + maxCounters + " counters are allocated");
        }
        return reclaimed;
    }

    /** Frees counter {@code id}: readers stop listing it; its record may be reused. */
    public synchronized void free(int id) {
        long meta = (long) Objects.checkIndex(id, maxCounters) * METADATA_RECORD_BYTES;
        if ((int) Mem.INT.getAcquire(metadata, meta + STATE) != ALLOCATED) {
            throw new IllegalStateException("counter " + id + " is not allocated");
        }
        Mem.INT.setRelease(metadata, meta + STATE, RECLAIMED);
    }

    /** Number of counter records. */
    public int maxCounters() {
        return maxCounters;
    }

    /** A reader over the same regions. */
    public CountersReader reader() {
        return new CountersReader(metadata, values);
    }

    MemorySegment values() {
        return values;
    }
}
