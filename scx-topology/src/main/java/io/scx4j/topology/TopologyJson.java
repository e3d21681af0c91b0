package io.scx4j.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.scx4j.topology.internal.JsonModel.CpuDoc;
import io.scx4j.topology.internal.JsonModel.TopologyDoc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Reads and writes a {@link Topology} as JSON.
 *
 * <p>Schema (fields marked * are required; unknown fields are an error):
 *
 * <pre>{@code
 * {
 *   "name": "my-box",                 * string
 *   "llcLevel": 3,                      cache level of the LLCs, default 3
 *   "cpus": [                         * one object per possible CPU
 *     { "id": 0,                      * CPU id, 0..4095
 *       "core": 0, "llc": 0,          * group ids: CPUs with equal ids share the core / LLC /
 *       "node": 0, "package": 0,      *   node / package; node ids must be 0..n-1
 *       "capacity": 1024,               1..1024, default 1024
 *       "minFreqKhz": 800000,           default 0 (unknown)
 *       "maxFreqKhz": 4700000,          default 0 (unknown)
 *       "kind": "UNIFORM",              PERFORMANCE | EFFICIENCY | UNIFORM, default UNIFORM
 *       "online": true }                default true
 *   ],
 *   "distances": [[10, 21], [21, 10]]   node distance matrix, default 10 local / 20 remote
 * }
 * }</pre>
 *
 * <p>The result is validated by {@link Topology.Builder#build()}. Malformed JSON, an unknown field
 * or a value of the wrong type gives a {@link TopologyException} whose message names the source,
 * the line:column and the field path (e.g. {@code cpus[3].capacity}). {@link #write} writes every
 * field, so {@code read(write(t)) equals t}.
 */
public final class TopologyJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private TopologyJson() {}

    /**
     * Reads a topology from a JSON file.
     *
     * @throws TopologyException if the file cannot be read or is not a valid topology
     */
    public static Topology read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new TopologyException(file.toString(), OptionalInt.empty(), "cannot read (" + e + ")",
                    "a readable JSON topology file", null, e);
        }
    }

    /**
     * Reads a topology from a JSON stream (not closed).
     *
     * @param sourceName names the stream in error messages, e.g. a file name or {@code "json"}
     * @throws TopologyException if the stream is not a valid topology
     */
    public static Topology read(InputStream in, String sourceName) {
        TopologyDoc doc;
        try {
            doc = MAPPER.readValue(in, TopologyDoc.class);
        } catch (JsonProcessingException e) {
            throw located(sourceName, e);
        } catch (IOException e) {
            throw new TopologyException(sourceName, OptionalInt.empty(), "cannot read (" + e + ")",
                    "a readable JSON topology", null, e);
        }
        if (doc == null || doc.name() == null || doc.cpus() == null) {
            throw new TopologyException(sourceName, doc == null ? "empty document" : "null name or cpus",
                    "a JSON object with a name string and a cpus array");
        }
        Topology.Builder b = Topology.builder().source(sourceName).name(doc.name());
        if (doc.llcLevel() != null) {
            b.llcLevel(doc.llcLevel());
        }
        b.distances(doc.distances());
        for (CpuDoc c : doc.cpus()) {
            if (c == null) {
                throw new TopologyException(sourceName, "null in cpus", "an object per CPU");
            }
            b.cpu(new Cpu(c.id(), c.core(), c.llc(), c.node(), c.pkg(),
                    Objects.requireNonNullElse(c.capacity(), Cpu.MAX_CAPACITY),
                    Objects.requireNonNullElse(c.minFreqKhz(), 0L),
                    Objects.requireNonNullElse(c.maxFreqKhz(), 0L),
                    Objects.requireNonNullElse(c.kind(), CpuKind.UNIFORM),
                    Objects.requireNonNullElse(c.online(), true)));
        }
        return b.build();
    }

    private static TopologyException located(String source, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String at = loc == null ? "" : " at line " + loc.getLineNr() + ":" + loc.getColumnNr();
        String path = e instanceof JsonMappingException m ? path(m.getPath()) : "";
        String field = path.isEmpty() ? "" : " in field " + path;
        String problem;
        String expected;
        String found = null;
        switch (e) {
            case UnrecognizedPropertyException u -> {
                problem = "unknown field '" + u.getPropertyName() + "'" + at + (path.isEmpty() ? "" : " (" + path + ")");
                expected = "one of " + u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                        .collect(Collectors.joining(", "));
            }
            case InvalidFormatException f -> {
                problem = "wrong value" + at + field;
                expected = describe(f.getTargetType());
                found = String.valueOf(f.getValue());
            }
            case MismatchedInputException m when m.getMessage().startsWith("Missing required creator property") -> {
                problem = "missing field" + at + field;
                expected = "a value for every required field (name, cpus; cpu id, core, llc, node, package)";
            }
            case MismatchedInputException m when m.getMessage().startsWith("Cannot map `null`") -> {
                problem = "null" + at + field;
                expected = "an integer";
            }
            case MismatchedInputException m -> {
                problem = "wrong type" + at + field;
                expected = describe(m.getTargetType());
            }
            default -> {
                problem = "malformed JSON" + at + " (" + e.getOriginalMessage() + ")";
                expected = "a JSON topology document";
            }
        }
        return new TopologyException(source, OptionalInt.empty(), problem, expected, found, e);
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a value of the documented type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == CpuKind.class) {
            return "one of " + Arrays.toString(CpuKind.values());
        }
        if (type.isArray() || List.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /**
     * Writes {@code topology} as JSON to {@code file}, replacing it.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(Topology topology, Path file) {
        try {
            Files.writeString(file, toJson(topology));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write topology to " + file, e);
        }
    }

    /** Returns {@code topology} as a JSON document with every field, ending in a newline. */
    public static String toJson(Topology topology) {
        List<CpuDoc> cpus = topology.cpus().stream()
                .map(c -> new CpuDoc(c.id(), c.coreId(), c.llcId(), c.nodeId(), c.packageId(), c.capacity(),
                        c.minFreqKhz(), c.maxFreqKhz(), c.kind(), c.online()))
                .toList();
        TopologyDoc doc = new TopologyDoc(topology.name(), topology.llcLevel(), cpus, topology.distanceMatrix());
        try {
            return MAPPER.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise topology " + topology.name(), e);
        }
    }

}
