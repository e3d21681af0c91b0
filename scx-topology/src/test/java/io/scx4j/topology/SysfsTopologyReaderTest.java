package io.scx4j.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SysfsTopologyReaderTest {

    private static Path tree(String name) {
        try {
            return Path.of(SysfsTopologyReaderTest.class.getResource("/sysfs/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- the captured tree of the machine these tests were written on (see its SOURCE.md) ---

    @Test
    void the_captured_epyc_guest_has_the_counts_lscpu_reported_at_capture() {
        // lscpu: CPU(s) 2, Thread(s) per core 1, Core(s) per socket 2, Socket(s) 1, L3 1 instance, NUMA node(s) 1
        Topology t = SysfsTopologyReader.read(tree("this-machine-epyc-kvm-2c"));
        assertEquals(2, t.cpus().size());
        assertEquals(CpuMask.of(0, 1), t.online());
        assertEquals(2, t.cores().size());
        assertFalse(t.smtActive());
        assertEquals(1, t.packages().size());
        assertEquals(1, t.llcs().size());
        assertEquals(3, t.llcLevel());
        assertEquals(1, t.nodes().size());
        assertEquals(10, t.nodeDistance(0, 0));
        assertEquals(new Cpu(1, 1, 0, 0, 0, 1024, 0, 0, CpuKind.UNIFORM, true), t.cpu(1));
    }

    @Test
    void the_live_machine_agrees_with_lscpu() throws IOException, InterruptedException {
        assumeTrue(Files.isDirectory(Path.of("/sys/devices/system/cpu")), "no /sys");
        List<String[]> rows = lscpuRows();
        assumeTrue(rows != null, "lscpu not available");
        Topology t = SysfsTopologyReader.readLive();
        Set<String> cores = new HashSet<>();
        Set<String> sockets = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        Set<String> llcs = new HashSet<>();
        for (String[] r : rows) {
            cores.add(r[1]);
            sockets.add(r[2]);
            nodes.add(r[3]);
            llcs.add(r[r.length - 1]);
        }
        assertEquals(rows.size(), t.online().weight(), "online CPUs");
        assertEquals(cores.size(), (int) t.cores().stream().filter(c -> c.cpus().intersects(t.online())).count(),
                "cores");
        assertEquals(sockets.size(), t.packages().size(), "sockets");
        assertEquals(nodes.size(), t.nodes().size(), "NUMA nodes");
        assertEquals(llcs.size(), t.llcs().size(), "last-level caches");
    }

    /** Online CPUs from {@code lscpu -p}: CPU,Core,Socket,Node,,L1d,L1i,L2,L3 (last = LLC); null if no lscpu. */
    private static List<String[]> lscpuRows() throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("lscpu", "-p").redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return null;
        }
        return out.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split(",", -1)).toList();
    }

    // --- hand-made trees kept as files ---

    @Test
    void an_offline_cpu_without_topology_files_stays_possible_in_a_core_of_its_own() {
        Topology t = SysfsTopologyReader.read(tree("offline-cpu1"));
        assertEquals(CpuMask.of(0, 1), t.possible());
        assertEquals(CpuMask.of(0), t.online());
        assertFalse(t.cpu(1).online());
        assertEquals(CpuMask.of(1), t.smtSiblings(1));
        assertEquals(2, t.cores().size());
        assertEquals(t.llcOf(0), t.llcOf(1));
        assertEquals(0, t.nodeOf(1).id());
        assertEquals(2, t.nrCpuIds());
    }

    @Test
    void a_missing_core_cpus_list_names_the_file_and_what_was_expected() {
        Path root = tree("broken-missing-core-cpus-list");
        TopologyException e = assertThrows(TopologyException.class, () -> SysfsTopologyReader.read(root));
        Path file = root.resolve("devices/system/cpu/cpu1/topology/core_cpus_list");
        assertEquals(file.toString(), e.source());
        assertEquals(OptionalInt.of(1), e.cpu());
        assertEquals(file + ": cpu 1: file missing, expected a Linux cpulist such as 0-3,8 (or thread_siblings_list)",
                e.getMessage());
    }

    @Test
    void a_garbage_cpulist_names_the_file_and_quotes_what_was_found() {
        Path root = tree("broken-garbage-cpulist");
        TopologyException e = assertThrows(TopologyException.class, () -> SysfsTopologyReader.read(root));
        assertEquals(root.resolve("devices/system/cpu/cpu1/topology/core_cpus_list") + ": cpu 1: expected a Linux"
                + " cpulist such as 0-3,8, found 'abc'", e.getMessage());
        assertEquals("a Linux cpulist such as 0-3,8", e.expected());
        assertTrue(e.getCause() instanceof IllegalArgumentException);
    }

    @Test
    void an_empty_online_list_is_reported_as_no_online_cpu() {
        Path root = tree("broken-no-online-cpu");
        TopologyException e = assertThrows(TopologyException.class, () -> SysfsTopologyReader.read(root));
        assertEquals(root.resolve("devices/system/cpu/online").toString(), e.source());
        assertTrue(e.getMessage().contains(": no online CPU: "), e.getMessage());
        assertEquals("at least one online CPU", e.expected());
    }

    @Test
    void a_root_without_sysfs_names_the_possible_file(@TempDir Path empty) {
        TopologyException e = assertThrows(TopologyException.class, () -> SysfsTopologyReader.read(empty));
        assertEquals(empty.resolve("devices/system/cpu/possible") + ": file missing, expected a Linux cpulist"
                + " such as 0-3,8", e.getMessage());
    }

    // --- generated trees: sysfs as Linux would show the presets ---

    private static Topology readBack(Topology preset, Path dir, boolean withCapacity) {
        return SysfsTopologyReader.read(FakeSysfs.write(preset, dir, withCapacity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"smt-desktop-8c16t", "amd-2ccx-16c32t", "intel-hybrid-8p8e", "arm-biglittle-4b4l",
        "server-2s-64c128t", "flat-3"})
    void the_sysfs_tree_of_a_preset_reads_back_as_the_preset(String name, @TempDir Path dir) {
        Topology preset = TopologyPresets.get(name);
        Topology read = readBack(preset, dir, true);
        assertEquals(preset, read.toBuilder().name(name).build());
    }

    @Test
    void a_multi_ccx_part_has_one_llc_per_ccx(@TempDir Path dir) {
        Topology t = readBack(TopologyPresets.get("amd-2ccx-16c32t"), dir, false);
        assertEquals(2, t.llcs().size());
        assertEquals(CpuMask.parse("8-15,24-31"), t.llcOf(24).cpus());
        assertEquals(CpuMask.of(5, 21), t.smtSiblings(21));
        assertFalse(t.isAsymmetric());
    }

    @Test
    void a_two_socket_box_has_two_nodes_with_the_distance_files_values(@TempDir Path dir) {
        Topology t = readBack(TopologyPresets.get("server-2s-64c128t"), dir, false);
        assertEquals(2, t.nodes().size());
        assertEquals(2, t.packages().size());
        assertEquals(21, t.nodeDistance(1, 0));
        assertEquals(CpuMask.parse("32-63,96-127"), t.nodeOf(100).cpus());
    }

    @Test
    void a_hybrid_part_with_cpu_capacity_takes_kinds_from_capacity(@TempDir Path dir) {
        Topology t = readBack(TopologyPresets.get("intel-hybrid-8p8e"), dir, true);
        assertEquals(CpuMask.range(0, 16), t.cpusOfKind(CpuKind.PERFORMANCE));
        assertEquals(CpuMask.range(16, 24), t.cpusOfKind(CpuKind.EFFICIENCY));
        assertEquals(600, t.cpu(16).capacity());
        assertTrue(t.isAsymmetric());
    }

    @Test
    void a_hybrid_part_with_only_max_frequencies_scales_e_core_capacity_by_frequency(@TempDir Path dir) {
        Topology t = readBack(TopologyPresets.get("intel-hybrid-8p8e"), dir, false);
        assertEquals(CpuMask.range(0, 16), t.cpusOfKind(CpuKind.PERFORMANCE));
        assertEquals(CpuMask.range(16, 24), t.cpusOfKind(CpuKind.EFFICIENCY));
        assertEquals(1024, t.cpu(3).capacity());
        assertEquals(Math.round(1024 * 3.9 / 5.4), t.cpu(20).capacity());
        assertEquals(CpuMask.of(2, 3), t.smtSiblings(2));
    }

    @Test
    void favoured_cores_a_little_faster_do_not_make_a_uniform_part_hybrid(@TempDir Path dir) {
        Topology.Builder b = Topology.builder().name("itmt");
        for (int id = 0; id < 4; id++) {
            b.cpu(new Cpu(id, id, 0, 0, 0, 1024, 800_000, id < 2 ? 5_000_000 : 4_800_000, CpuKind.UNIFORM, true));
        }
        Topology t = readBack(b.build(), dir, false);
        assertEquals(4, t.cpusOfKind(CpuKind.UNIFORM).weight());
        assertFalse(t.isAsymmetric());
    }

    @Test
    void without_node_directories_all_cpus_are_in_node_0(@TempDir Path dir) throws IOException {
        Path root = FakeSysfs.write(TopologyPresets.get("flat-4"), dir, false);
        deleteTree(root.resolve("devices/system/node"));
        Topology t = SysfsTopologyReader.read(root);
        assertEquals(1, t.nodes().size());
        assertEquals(CpuMask.range(0, 4), t.nodes().get(0).cpus());
    }

    @Test
    void without_cache_information_the_cluster_is_the_llc(@TempDir Path dir) throws IOException {
        Path root = FakeSysfs.write(TopologyPresets.get("flat-4"), dir, false);
        for (int cpu = 0; cpu < 4; cpu++) {
            Path cpuDir = root.resolve("devices/system/cpu/cpu" + cpu);
            deleteTree(cpuDir.resolve("cache"));
            FakeSysfs.file(cpuDir.resolve("topology/cluster_cpus_list"), cpu < 2 ? "0-1" : "2-3");
        }
        Topology t = SysfsTopologyReader.read(root);
        assertEquals(2, t.llcs().size());
        assertEquals(CpuMask.of(2, 3), t.llcOf(3).cpus());
    }

    @Test
    void a_possible_cpu_without_a_directory_is_an_offline_cpu(@TempDir Path dir) {
        Path root = FakeSysfs.write(TopologyPresets.get("flat-2"), dir, false);
        FakeSysfs.file(root.resolve("devices/system/cpu/possible"), "0-3");
        Topology t = SysfsTopologyReader.read(root);
        assertEquals(CpuMask.range(0, 4), t.possible());
        assertEquals(CpuMask.range(0, 2), t.online());
        assertEquals(4, t.nrCpuIds());
    }

    @Test
    void a_distance_file_with_the_wrong_number_of_entries_is_named(@TempDir Path dir) {
        Topology twoNodes = Topology.builder().cpu(0, 0, 0, 0, 0).cpu(1, 1, 1, 1, 1)
                .distances(new int[][] {{10, 21}, {21, 10}}).build();
        Path root = FakeSysfs.write(twoNodes, dir, false);
        Path distance = root.resolve("devices/system/node/node1/distance");
        FakeSysfs.file(distance, "21 10 10");
        TopologyException e = assertThrows(TopologyException.class, () -> SysfsTopologyReader.read(root));
        assertEquals(distance + ": has 3 entries, expected 2 distances, one per node directory", e.getMessage());
    }

    @Test
    void a_bad_capacity_value_is_named(@TempDir Path dir) {
        Path root = FakeSysfs.write(TopologyPresets.get("flat-2"), dir, true);
        Path cap = root.resolve("devices/system/cpu/cpu1/cpu_capacity");
        FakeSysfs.file(cap, "fast");
        TopologyException e = assertThrows(TopologyException.class, () -> SysfsTopologyReader.read(root));
        assertEquals(cap + ": cpu 1: expected an integer, found 'fast'", e.getMessage());
    }

    private static void deleteTree(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
