package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.scx4j.topology.Cpu;
import io.scx4j.topology.CpuKind;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import org.junit.jupiter.api.Test;

/** The CPU preference orders of cpu_order.rs {@code build_topo_order} (policies.md §1.10), on hand-sorted topologies. */
class CpuOrdersTest {

    static int[] powersave(Topology t) {
        return CpuOrders.powersave(t, new ComputeDomains(t));
    }

    static int[] performance(Topology t) {
        return CpuOrders.performance(t, new ComputeDomains(t));
    }

    @Test
    void onTheIntelHybridPowersaveTakesTheECoresFirstAndPerformanceEveryPCoresFirstThread() {
        Topology t = TopologyPresets.get("intel-hybrid-8p8e");
        // one LLC; E cores (capacity 600) before P cores, both threads of a P core together
        assertArrayEquals(new int[] {16, 17, 18, 19, 20, 21, 22, 23, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
            15}, powersave(t));
        // first threads (P cores' primaries and the E cores, capacity descending), then the P cores' second threads
        assertArrayEquals(new int[] {0, 2, 4, 6, 8, 10, 12, 14, 16, 17, 18, 19, 20, 21, 22, 23, 1, 3, 5, 7, 9, 11, 13,
            15}, performance(t));
    }

    /**
     * Two LLCs, each with one SMT P core and two E cores: LLC 0 = P core {0, 1} + E 2, 3; LLC 1 = P core {4, 5} + E
     * 6, 7.
     */
    static Topology twoLlcHybrid() {
        Topology.Builder b = Topology.builder().name("2llc-hybrid");
        b.cpu(new Cpu(0, 0, 0, 0, 0, 1024, 800_000, 5_000_000, CpuKind.PERFORMANCE, true));
        b.cpu(new Cpu(1, 0, 0, 0, 0, 1024, 800_000, 5_000_000, CpuKind.PERFORMANCE, true));
        b.cpu(new Cpu(2, 1, 0, 0, 0, 600, 800_000, 3_800_000, CpuKind.EFFICIENCY, true));
        b.cpu(new Cpu(3, 2, 0, 0, 0, 600, 800_000, 3_800_000, CpuKind.EFFICIENCY, true));
        b.cpu(new Cpu(4, 3, 1, 0, 0, 1024, 800_000, 5_000_000, CpuKind.PERFORMANCE, true));
        b.cpu(new Cpu(5, 3, 1, 0, 0, 1024, 800_000, 5_000_000, CpuKind.PERFORMANCE, true));
        b.cpu(new Cpu(6, 4, 1, 0, 0, 600, 800_000, 3_800_000, CpuKind.EFFICIENCY, true));
        b.cpu(new Cpu(7, 5, 1, 0, 0, 600, 800_000, 3_800_000, CpuKind.EFFICIENCY, true));
        return b.build();
    }

    @Test
    void withTwoLlcsPowersaveFillsTheFirstLlcLittleThenBigBeforeTheSecond() {
        // keys node, LLC, capacity ascending, core: LLC 0's E cores, LLC 0's P core, then LLC 1 likewise
        assertArrayEquals(new int[] {2, 3, 0, 1, 6, 7, 4, 5}, powersave(twoLlcHybrid()));
    }

    @Test
    void withTwoLlcsPerformanceTakesFirstThreadsLlcByLlcBeforeAnySecondThread() {
        // keys thread index, node, LLC, capacity descending: first threads of LLC 0 (P 0, E 2, 3), of LLC 1 (P 4,
        // E 6, 7), then the second threads 1 and 5
        assertArrayEquals(new int[] {0, 2, 3, 4, 6, 7, 1, 5}, performance(twoLlcHybrid()));
    }

    @Test
    void withoutLittleCoresPowersavePrefersTheBetterBinnedCpu() {
        // capacities 1000 and 1024 differ by less than 1.3x: no little cores, so powersave sorts capacity descending
        Topology.Builder b = Topology.builder().name("binned");
        b.cpu(new Cpu(0, 0, 0, 0, 0, 1000, 800_000, 4_000_000, CpuKind.UNIFORM, true));
        b.cpu(new Cpu(1, 1, 0, 0, 0, 1024, 800_000, 4_100_000, CpuKind.UNIFORM, true));
        b.cpu(new Cpu(2, 2, 0, 0, 0, 1000, 800_000, 4_000_000, CpuKind.UNIFORM, true));
        Topology t = b.build();
        assertArrayEquals(new int[] {1, 0, 2}, powersave(t));
        assertArrayEquals(new int[] {1, 0, 2}, performance(t));
    }

    @Test
    void onAnSmtDesktopPowersavePacksBothThreadsOfACoreAndPerformanceSpreadsOverCores() {
        // smt-desktop-8c16t: cpu i and i + 8 are siblings
        Topology t = TopologyPresets.get("smt-desktop-8c16t");
        assertArrayEquals(new int[] {0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15}, powersave(t));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, performance(t));
    }
}
