package io.scx4j.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TopologyBuilderTest {

    /** 2 packages/nodes, 2 cores each with 2 SMT threads, x86 numbering: cpu i and i+4 siblings. */
    private static Topology.Builder twoSockets() {
        Topology.Builder b = Topology.builder().name("t");
        for (int cpu = 0; cpu < 8; cpu++) {
            int core = cpu % 4;
            int pkg = core / 2;
            b.cpu(cpu, core, pkg, pkg, pkg);
        }
        return b;
    }

    @Test
    void groups_cpus_into_cores_llcs_nodes_and_packages() {
        Topology t = twoSockets().build();
        assertEquals(8, t.cpus().size());
        assertEquals(8, t.nrCpuIds());
        assertEquals(4, t.cores().size());
        assertEquals(2, t.llcs().size());
        assertEquals(2, t.nodes().size());
        assertEquals(2, t.packages().size());
        assertEquals(CpuMask.of(1, 5), t.smtSiblings(5));
        assertEquals(CpuMask.parse("2-3,6-7"), t.llcOf(6).cpus());
        assertEquals(1, t.nodeOf(7).id());
        assertEquals(1, t.packageOf(3).id());
        assertEquals(1, t.coreOf(0).packageId() + 1);
        assertTrue(t.smtActive());
        assertEquals(CpuMask.range(0, 8), t.possible());
        assertEquals(CpuMask.range(0, 8), t.online());
        assertEquals(3, t.llcLevel());
        assertFalse(t.isAsymmetric());
        assertEquals(1024, t.maxCapacity());
    }

    @Test
    void group_ids_are_renumbered_densely_in_order_of_first_cpu() {
        Topology t = Topology.builder().cpu(0, 70, 9, 0, 5).cpu(1, 30, 9, 0, 5).cpu(2, 70, 9, 0, 5).build();
        assertEquals(0, t.cpu(0).coreId());
        assertEquals(1, t.cpu(1).coreId());
        assertEquals(0, t.cpu(2).coreId());
        assertEquals(0, t.cpu(1).llcId());
        assertEquals(0, t.cpu(1).packageId());
        assertEquals(CpuMask.of(0, 2), t.cores().get(0).cpus());
        for (int i = 0; i < t.cores().size(); i++) {
            assertEquals(i, t.cores().get(i).id());
        }
    }

    @Test
    void default_distances_are_10_local_and_20_remote_and_the_matrix_is_a_copy() {
        Topology t = twoSockets().build();
        assertEquals(10, t.nodeDistance(0, 0));
        assertEquals(20, t.nodeDistance(0, 1));
        int[][] d = t.distanceMatrix();
        d[0][1] = 99;
        assertEquals(20, t.nodeDistance(0, 1));
    }

    @Test
    void given_distances_are_kept_and_need_not_be_symmetric() {
        Topology t = twoSockets().distances(new int[][] {{10, 21}, {31, 10}}).build();
        assertArrayEquals(new int[] {31, 10}, t.distanceMatrix()[1]);
    }

    @Test
    void cpu_ids_may_be_sparse_and_nr_cpu_ids_is_highest_plus_one() {
        Topology t = Topology.builder().cpu(0, 0, 0, 0, 0).cpu(6, 1, 0, 0, 0).build();
        assertEquals(7, t.nrCpuIds());
        assertEquals(CpuMask.of(0, 6), t.possible());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.cpu(3));
        assertTrue(e.getMessage().contains("no CPU 3"), e.getMessage());
    }

    @Test
    void an_offline_cpu_is_possible_but_not_online_and_does_not_make_smt_active() {
        Topology t = Topology.builder()
                .cpu(0, 0, 0, 0, 0)
                .cpu(Cpu.of(1, 0, 0, 0, 0).withOnline(false))
                .build();
        assertEquals(CpuMask.of(0, 1), t.possible());
        assertEquals(CpuMask.of(0), t.online());
        assertFalse(t.smtActive());
        assertEquals(CpuMask.of(0, 1), t.smtSiblings(0));
    }

    @Test
    void differing_capacities_make_the_topology_asymmetric() {
        Topology t = Topology.builder()
                .cpu(new Cpu(0, 0, 0, 0, 0, 1024, 800_000, 5_000_000, CpuKind.PERFORMANCE, true))
                .cpu(new Cpu(1, 1, 0, 0, 0, 600, 800_000, 3_800_000, CpuKind.EFFICIENCY, true))
                .build();
        assertTrue(t.isAsymmetric());
        assertEquals(1024, t.maxCapacity());
        assertEquals(CpuMask.of(1), t.cpusOfKind(CpuKind.EFFICIENCY));
    }

    @Test
    void equal_inputs_build_equal_topologies() {
        assertEquals(twoSockets().build(), twoSockets().build());
        assertEquals(twoSockets().build().hashCode(), twoSockets().build().hashCode());
        assertEquals(twoSockets().build(), twoSockets().build().toBuilder().build());
        assertFalse(twoSockets().build().equals(twoSockets().name("u").build()));
    }

    private static TopologyException invalid(Topology.Builder b) {
        return assertThrows(TopologyException.class, b::build);
    }

    @Test
    void no_cpu_at_all_is_rejected() {
        TopologyException e = invalid(Topology.builder());
        assertEquals("builder: no CPU, expected at least one possible CPU", e.getMessage());
        assertEquals("builder", e.source());
    }

    @Test
    void no_online_cpu_is_rejected() {
        TopologyException e = invalid(Topology.builder().source("json").cpu(Cpu.of(0, 0, 0, 0, 0).withOnline(false)));
        assertTrue(e.getMessage().startsWith("json: no online CPU: "), e.getMessage());
        assertEquals("at least one online CPU", e.expected());
        assertEquals(OptionalInt.empty(), e.cpu());
    }

    @Test
    void capacity_out_of_range_names_the_cpu_and_the_range() {
        TopologyException e = invalid(Topology.builder()
                .cpu(0, 0, 0, 0, 0)
                .cpu(new Cpu(5, 1, 0, 0, 0, 2000, 0, 0, CpuKind.UNIFORM, true)));
        assertEquals("builder: cpu 5: capacity 2000 out of range, expected 1..1024", e.getMessage());
        assertEquals(OptionalInt.of(5), e.cpu());
        assertEquals("1..1024", e.expected());
    }

    @Test
    void duplicate_and_out_of_range_cpu_ids_are_rejected() {
        assertEquals(OptionalInt.of(1), invalid(Topology.builder().cpu(1, 0, 0, 0, 0).cpu(1, 1, 0, 0, 0)).cpu());
        TopologyException e = invalid(Topology.builder().cpu(4096, 0, 0, 0, 0));
        assertTrue(e.getMessage().contains("cpu 4096: id out of range, expected 0..4095"), e.getMessage());
    }

    @Test
    void negative_group_ids_are_rejected() {
        TopologyException e = invalid(Topology.builder().cpu(0, 0, -1, 0, 0));
        assertTrue(e.getMessage().contains("cpu 0: llc id -1 negative"), e.getMessage());
    }

    @Test
    void min_frequency_above_max_is_rejected() {
        TopologyException e = invalid(Topology.builder()
                .cpu(new Cpu(0, 0, 0, 0, 0, 1024, 3_000_000, 2_000_000, CpuKind.UNIFORM, true)));
        assertTrue(e.getMessage().contains("cpu 0: frequency range 3000000..2000000 kHz invalid"), e.getMessage());
    }

    @Test
    void a_core_split_across_llcs_or_nodes_is_rejected() {
        TopologyException llc = invalid(Topology.builder().cpu(0, 0, 0, 0, 0).cpu(1, 0, 1, 0, 0));
        assertEquals("builder: cpu 1: llc 1 differs from llc 0 of cpu 0 in the same core, "
                + "expected all CPUs of a core in one llc", llc.getMessage());
        TopologyException node = invalid(Topology.builder().cpu(0, 0, 0, 0, 0).cpu(1, 0, 0, 1, 0)
                .distances(new int[][] {{10, 20}, {20, 10}}));
        assertEquals("all CPUs of a core in one node", node.expected());
    }

    @Test
    void an_llc_spanning_packages_is_rejected_but_one_spanning_nodes_is_not() {
        TopologyException e = invalid(Topology.builder().cpu(0, 0, 0, 0, 0).cpu(1, 1, 0, 0, 1));
        assertEquals("all CPUs of a llc in one package", e.expected());
        Topology snc = Topology.builder().cpu(0, 0, 0, 0, 0).cpu(1, 1, 0, 1, 0).build();
        assertEquals(1, snc.llcs().size());
        assertEquals(2, snc.nodes().size());
    }

    @Test
    void sparse_node_ids_are_rejected() {
        TopologyException e = invalid(Topology.builder().cpu(0, 0, 0, 0, 0).cpu(1, 1, 0, 2, 0));
        assertTrue(e.getMessage().contains("node ids {0, 2} not dense"), e.getMessage());
    }

    @Test
    void a_distance_matrix_of_the_wrong_shape_or_with_a_far_diagonal_is_rejected() {
        TopologyException shape = invalid(twoSockets().distances(new int[][] {{10}}));
        assertEquals("2x2 distance matrix (one row and column per node)", shape.expected());
        TopologyException diag = invalid(twoSockets().distances(new int[][] {{30, 20}, {20, 10}}));
        assertTrue(diag.getMessage().contains("distance[0][1] = 20 below local distance 30"), diag.getMessage());
    }
}
