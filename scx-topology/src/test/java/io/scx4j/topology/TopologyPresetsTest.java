package io.scx4j.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopologyPresetsTest {

    static List<String> allPresets() {
        return List.of("smt-desktop-8c16t", "amd-2ccx-16c32t", "intel-hybrid-8p8e", "arm-biglittle-4b4l",
                "server-2s-64c128t", "flat-1", "flat-64", "flat-4096");
    }

    @Test
    void names_are_the_five_fixed_presets_sorted() {
        assertEquals(List.of("amd-2ccx-16c32t", "arm-biglittle-4b4l", "intel-hybrid-8p8e", "server-2s-64c128t",
                "smt-desktop-8c16t"), List.copyOf(TopologyPresets.names()));
    }

    @ParameterizedTest
    @CsvSource({
        // name,              cpus, cores, llcs, nodes, pkgs, perf, eff, llcLevel, smt
        "smt-desktop-8c16t,   16,   8,     1,    1,     1,    0,    0,   3,        true",
        "amd-2ccx-16c32t,     32,   16,    2,    1,     1,    0,    0,   3,        true",
        "intel-hybrid-8p8e,   24,   16,    1,    1,     1,    16,   8,   3,        true",
        "arm-biglittle-4b4l,  8,    8,     2,    1,     1,    4,    4,   2,        false",
        "server-2s-64c128t,   128,  64,    8,    2,     2,    0,    0,   3,        true",
        "flat-7,              7,    7,     1,    1,     1,    0,    0,   3,        false",
    })
    void each_preset_has_the_documented_shape(String name, int cpus, int cores, int llcs, int nodes, int pkgs,
            int perf, int eff, int llcLevel, boolean smt) {
        Topology t = TopologyPresets.get(name);
        assertEquals(name, t.name());
        assertEquals(cpus, t.cpus().size());
        assertEquals(cpus, t.online().weight());
        assertEquals(cores, t.cores().size());
        assertEquals(llcs, t.llcs().size());
        assertEquals(nodes, t.nodes().size());
        assertEquals(pkgs, t.packages().size());
        assertEquals(perf, t.cpusOfKind(CpuKind.PERFORMANCE).weight());
        assertEquals(eff, t.cpusOfKind(CpuKind.EFFICIENCY).weight());
        assertEquals(llcLevel, t.llcLevel());
        assertEquals(smt, t.smtActive());
        assertEquals(perf > 0, t.isAsymmetric());
    }

    @ParameterizedTest
    @CsvSource({"smt-desktop-8c16t, 8", "amd-2ccx-16c32t, 16", "server-2s-64c128t, 64"})
    void x86_smt_presets_number_siblings_i_and_i_plus_ncores(String name, int ncores) {
        Topology t = TopologyPresets.get(name);
        for (int cpu = 0; cpu < ncores; cpu++) {
            assertEquals(CpuMask.of(cpu, cpu + ncores), t.smtSiblings(cpu));
            assertEquals(CpuMask.of(cpu, cpu + ncores), t.smtSiblings(cpu + ncores));
        }
    }

    @Test
    void amd_ccxs_hold_eight_cores_each_with_their_threads() {
        Topology t = TopologyPresets.get("amd-2ccx-16c32t");
        assertEquals(CpuMask.parse("0-7,16-23"), t.llcOf(0).cpus());
        assertEquals(CpuMask.parse("8-15,24-31"), t.llcOf(31).cpus());
        assertEquals(4_900_000, t.cpu(0).maxFreqKhz());
    }

    @Test
    void hybrid_p_cores_have_adjacent_siblings_and_e_cores_none() {
        Topology t = TopologyPresets.get("intel-hybrid-8p8e");
        assertEquals(CpuMask.of(0, 1), t.smtSiblings(1));
        assertEquals(CpuMask.of(14, 15), t.smtSiblings(14));
        assertEquals(CpuMask.of(16), t.smtSiblings(16));
        assertEquals(CpuMask.range(0, 16), t.cpusOfKind(CpuKind.PERFORMANCE));
        assertEquals(600, t.cpu(20).capacity());
        assertEquals(5_400_000, t.cpu(0).maxFreqKhz());
        assertEquals(3_900_000, t.cpu(23).maxFreqKhz());
    }

    @Test
    void biglittle_clusters_are_separate_l2_llcs_with_linux_capacities() {
        Topology t = TopologyPresets.get("arm-biglittle-4b4l");
        assertEquals(CpuMask.range(0, 4), t.llcOf(2).cpus());
        assertEquals(CpuMask.range(4, 8), t.llcOf(5).cpus());
        assertEquals(446, t.cpu(0).capacity());
        assertEquals(1024, t.cpu(7).capacity());
        assertEquals(CpuMask.of(3), t.smtSiblings(3));
    }

    @Test
    void server_sockets_are_nodes_with_slit_distances_and_four_llcs_each() {
        Topology t = TopologyPresets.get("server-2s-64c128t");
        assertEquals(CpuMask.parse("0-31,64-95"), t.nodes().get(0).cpus());
        assertEquals(CpuMask.parse("32-63,96-127"), t.packages().get(1).cpus());
        assertEquals(CpuMask.parse("8-15,72-79"), t.llcOf(9).cpus());
        assertEquals(10, t.nodeDistance(1, 1));
        assertEquals(21, t.nodeDistance(0, 1));
        assertEquals(4, t.llcs().stream().filter(l -> l.cpus().isSubsetOf(t.packages().get(0).cpus())).count());
    }

    @ParameterizedTest
    @MethodSource("allPresets")
    void every_preset_survives_a_json_round_trip(String name) {
        Topology t = TopologyPresets.get(name);
        assertEquals(t, TopologyJson.read(new java.io.ByteArrayInputStream(
                TopologyJson.toJson(t).getBytes(java.nio.charset.StandardCharsets.UTF_8)), name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "flat-0", "flat-4097", "flat-", "flat-x", "flat-01"})
    void unknown_names_are_rejected_listing_the_known_ones(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopologyPresets.get(name));
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("smt-desktop-8c16t") && e.getMessage().contains("flat-<N>"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TopologyPresets.describe(name));
    }

    @Test
    void describe_gives_a_line_for_fixed_and_flat_presets() {
        assertTrue(TopologyPresets.describe("server-2s-64c128t").contains("128 CPUs"));
        assertEquals("3 uniform CPUs, no SMT, 1 LLC, 1 node", TopologyPresets.describe("flat-3"));
        assertFalse(TopologyPresets.describe("intel-hybrid-8p8e").isBlank());
    }
}
