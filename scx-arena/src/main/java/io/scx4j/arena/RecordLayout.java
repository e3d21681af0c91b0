package io.scx4j.arena;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A record type declared once ("per-task record: long vtime, int flags, …") and accessed through
 * typed fields, without hand-written offsets.
 *
 * <pre>{@code
 * static final RecordLayout TASK = RecordLayout.builder("task_ctx")
 *         .i64("vtime").i32("flags").i32("weight").f64("load").build();
 * static final LongField VTIME = TASK.longField("vtime");
 * static final IntField FLAGS = TASK.intField("flags");
 *
 * long off = table.offset(taskId);            // or slab.offset(handle)
 * VTIME.set(table.segment(), off, now);
 * FLAGS.getAndBitwiseOr(table.segment(), off, 0x4);
 * }</pre>
 *
 * <p>Fields are laid out in declaration order, each at its natural alignment (like a C struct),
 * and the record size is rounded up to a multiple of 8, so every field of every record in an
 * 8-aligned table is naturally aligned and supports every access mode. {@link #layout()} is the
 * equivalent {@link StructLayout}, with explicit padding; {@link #describe()} prints the table of
 * offsets for documentation and debugging.
 */
public final class RecordLayout {
    private final String name;
    private final StructLayout layout;
    private final Map<String, Field> fields;

    /** One declared field: name, carrier kind and byte offset in the record. */
    public record Field(String name, Kind kind, long offset, long byteSize) {}

    /** Field carriers. */
    public enum Kind {
        /** {@code long}, 8 bytes. */
        I64,
        /** {@code int}, 4 bytes. */
        I32,
        /** {@code double}, 8 bytes. */
        F64,
        /** raw bytes, byte-aligned. */
        BYTES
    }

    private RecordLayout(String name, StructLayout layout, Map<String, Field> fields) {
        this.name = name;
        this.layout = layout;
        this.fields = fields;
    }

    /** Starts declaring a record type. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Record type name. */
    public String name() {
        return name;
    }

    /** The equivalent struct layout, padding included. */
    public StructLayout layout() {
        return layout;
    }

    /** Record size in bytes (a multiple of 8). */
    public long byteSize() {
        return layout.byteSize();
    }

    /** The declared fields in layout order. */
    public List<Field> fields() {
        return List.copyOf(fields.values());
    }

    /** Accessor of the {@code long} field {@code name}. */
    public LongField longField(String name) {
        return new LongField(name, field(name, Kind.I64).offset());
    }

    /** Accessor of the {@code int} field {@code name}. */
    public IntField intField(String name) {
        return new IntField(name, field(name, Kind.I32).offset());
    }

    /** Accessor of the {@code double} field {@code name}. */
    public DoubleField doubleField(String name) {
        return new DoubleField(name, field(name, Kind.F64).offset());
    }

    /** Byte offset of any field in the record. */
    public long offsetOf(String name) {
        Field f = fields.get(name);
        if (f == null) {
            throw new IllegalArgumentException(this.name + " has no field " + name);
        }
        return f.offset();
    }

    private Field field(String name, Kind kind) {
        Field f = fields.get(name);
        if (f == null || f.kind() != kind) {
            throw new IllegalArgumentException(this.name + " has no " + kind + " field " + name
                    + (f == null ? "" : " (it is " + f.kind() + ")"));
        }
        return f;
    }

    /** A table of offsets, one field per line, e.g. for Javadoc. */
    public String describe() {
        StringBuilder sb = new StringBuilder(name).append(" (").append(byteSize()).append(" bytes)\n");
        for (Field f : fields.values()) {
            sb.append(String.format("  %4d %3d %-5s %s%n", f.offset(), f.byteSize(), f.kind(), f.name()));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "RecordLayout[" + name + ", " + byteSize() + " bytes, " + fields.keySet() + "]";
    }

    /** Declares fields in order; see {@link RecordLayout}. */
    public static final class Builder {
        private final String name;
        private final List<MemoryLayout> members = new ArrayList<>();
        private final Map<String, Field> fields = new LinkedHashMap<>();
        private long offset;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Adds a {@code long} field. */
        public Builder i64(String field) {
            return add(field, Kind.I64, ValueLayout.JAVA_LONG);
        }

        /** Adds an {@code int} field. */
        public Builder i32(String field) {
            return add(field, Kind.I32, ValueLayout.JAVA_INT);
        }

        /** Adds a {@code double} field. */
        public Builder f64(String field) {
            return add(field, Kind.F64, ValueLayout.JAVA_DOUBLE);
        }

        /** Adds {@code length} raw bytes (e.g. a fixed-size name). */
        public Builder bytes(String field, int length) {
            if (length <= 0) {
                throw new IllegalArgumentException("length must be > 0");
            }
            return add(field, Kind.BYTES, MemoryLayout.sequenceLayout(length, ValueLayout.JAVA_BYTE));
        }

        private Builder add(String field, Kind kind, MemoryLayout element) {
            Objects.requireNonNull(field, "field");
            if (fields.containsKey(field)) {
                throw new IllegalArgumentException("duplicate field " + field + " in " + name);
            }
            long aligned = Mem.align(offset, element.byteAlignment());
            if (aligned > offset) {
                members.add(MemoryLayout.paddingLayout(aligned - offset));
            }
            members.add(element.withName(field));
            fields.put(field, new Field(field, kind, aligned, element.byteSize()));
            offset = aligned + element.byteSize();
            return this;
        }

        /** Finishes the record, padding it to a multiple of 8 bytes. */
        public RecordLayout build() {
            if (fields.isEmpty()) {
                throw new IllegalStateException("record " + name + " has no fields");
            }
            long size = Mem.align(Math.max(offset, 8), 8);
            List<MemoryLayout> all = new ArrayList<>(members);
            if (size > offset) {
                all.add(MemoryLayout.paddingLayout(size - offset));
            }
            StructLayout struct = MemoryLayout.structLayout(all.toArray(MemoryLayout[]::new))
                    .withByteAlignment(8).withName(name);
            return new RecordLayout(name, struct, new LinkedHashMap<>(fields));
        }
    }
}
