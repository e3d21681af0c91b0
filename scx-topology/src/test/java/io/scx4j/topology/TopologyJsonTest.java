package io.scx4j.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyJsonTest {

    private static Topology parse(String json) {
        return TopologyJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t.json");
    }

    private static TopologyException invalid(String json) {
        return assertThrows(TopologyException.class, () -> parse(json));
    }

    @Test
    void a_minimal_document_fills_in_the_documented_defaults() {
        Topology t = parse("""
                {"name": "mini", "cpus": [
                  {"id": 0, "core": 0, "llc": 0, "node": 0, "package": 0},
                  {"id": 1, "core": 0, "llc": 0, "node": 0, "package": 0, "online": false}]}
                """);
        assertEquals("mini", t.name());
        assertEquals(3, t.llcLevel());
        assertEquals(new Cpu(0, 0, 0, 0, 0, 1024, 0, 0, CpuKind.UNIFORM, true), t.cpu(0));
        assertEquals(CpuMask.of(0), t.online());
        assertEquals(10, t.nodeDistance(0, 0));
    }

    @Test
    void write_then_read_gives_an_equal_topology(@TempDir Path dir) {
        Topology t = TopologyPresets.get("arm-biglittle-4b4l");
        Path file = dir.resolve("t.json");
        TopologyJson.write(t, file);
        assertEquals(t, TopologyJson.read(file));
    }

    @Test
    void written_json_uses_the_documented_field_names() {
        String json = TopologyJson.toJson(TopologyPresets.get("flat-1"));
        for (String field : new String[] {"\"name\"", "\"llcLevel\"", "\"cpus\"", "\"id\"", "\"core\"", "\"llc\"",
                "\"node\"", "\"package\"", "\"capacity\"", "\"minFreqKhz\"", "\"maxFreqKhz\"", "\"kind\"",
                "\"online\"", "\"distances\""}) {
            assertTrue(json.contains(field), field + " missing in " + json);
        }
    }

    @Test
    void an_unknown_field_is_named_with_its_line_and_column() {
        TopologyException e = invalid("""
                {"name": "x", "cpus": [
                  {"id": 0, "core": 0, "llc": 0, "node": 0, "package": 0, "capacty": 5}]}
                """);
        assertTrue(e.getMessage().startsWith("t.json: unknown field 'capacty' at line 2:"), e.getMessage());
        assertTrue(e.getMessage().contains("(cpus[0].capacty)"), e.getMessage());
        assertTrue(e.expected().contains("capacity"), e.expected());
        assertEquals("t.json", e.source());
    }

    @Test
    void a_wrong_type_is_named_with_its_field_path_and_expected_type() {
        TopologyException e = invalid("""
                {"name": "x", "cpus": [
                  {"id": 0, "core": 0, "llc": 0, "node": 0, "package": 0},
                  {"id": 1, "core": 0, "llc": 0, "node": 0, "package": 0, "capacity": "big"}]}
                """);
        assertTrue(e.getMessage().contains("at line 3:"), e.getMessage());
        assertTrue(e.getMessage().contains("cpus[1].capacity"), e.getMessage());
        assertEquals("an integer", e.expected());
    }

    @Test
    void an_unknown_kind_lists_the_kinds() {
        TopologyException e = invalid("""
                {"name": "x", "cpus": [{"id": 0, "core": 0, "llc": 0, "node": 0, "package": 0, "kind": "TURBO"}]}
                """);
        assertTrue(e.getMessage().contains("cpus[0].kind"), e.getMessage());
        assertTrue(e.getMessage().endsWith("found 'TURBO'"), e.getMessage());
        assertEquals("one of [PERFORMANCE, EFFICIENCY, UNIFORM]", e.expected());
    }

    @Test
    void a_missing_required_field_is_named() {
        TopologyException e = invalid("""
                {"name": "x", "cpus": [{"id": 0, "core": 0, "node": 0, "package": 0}]}
                """);
        assertTrue(e.getMessage().contains("missing field"), e.getMessage());
        assertTrue(e.getMessage().contains("'llc'") || e.getMessage().contains("cpus[0]"), e.getMessage());
    }

    @Test
    void an_explicit_null_for_a_required_number_is_named() {
        TopologyException e = invalid("""
                {"name": "x", "cpus": [{"id": 0, "core": null, "llc": 0, "node": 0, "package": 0}]}
                """);
        assertTrue(e.getMessage().contains("null at line 1:"), e.getMessage());
        assertTrue(e.getMessage().contains("cpus[0].core"), e.getMessage());
    }

    @Test
    void a_duplicate_field_is_rejected() {
        TopologyException e = invalid("""
                {"name": "x", "name": "y", "cpus": [{"id": 0, "core": 0, "llc": 0, "node": 0, "package": 0}]}
                """);
        assertTrue(e.getMessage().contains("Duplicate field 'name'"), e.getMessage());
    }

    @Test
    void malformed_json_gives_the_location() {
        TopologyException e = invalid("{\"name\": \"x\",\n \"cpus\": [ }");
        assertTrue(e.getMessage().contains("malformed JSON at line 2:"), e.getMessage());
    }

    @Test
    void validation_errors_name_the_json_source_and_cpu() {
        TopologyException e = invalid("""
                {"name": "x", "cpus": [{"id": 3, "core": 0, "llc": 0, "node": 0, "package": 0, "capacity": 2000}]}
                """);
        assertEquals("t.json: cpu 3: capacity 2000 out of range, expected 1..1024", e.getMessage());
    }

    @Test
    void a_missing_file_is_a_topology_exception_naming_it(@TempDir Path dir) {
        Path missing = dir.resolve("none.json");
        TopologyException e = assertThrows(TopologyException.class, () -> TopologyJson.read(missing));
        assertEquals(missing.toString(), e.source());
    }
}
