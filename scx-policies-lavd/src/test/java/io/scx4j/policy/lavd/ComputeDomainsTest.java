package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.topology.Cpu;
import io.scx4j.topology.CpuKind;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import org.junit.jupiter.api.Test;

/** Compute domains from topologies (cpu_order.rs; policies.md §1.9, §1.11) and the DSQ id layout (lavd.bpf.h). */
class ComputeDomainsTest {

    @Test
    void anIntelHybridHasABigAndALittleDomainThatAreEachOthersAlternative() {
        ComputeDomains d = new ComputeDomains(TopologyPresets.get("intel-hybrid-8p8e"));
        // capacities 1024 and 600: 1024 >= 1.3 * 600 = 780, so there are little cores; 600 * 13 <= 1024 * 10
        assertTrue(d.haveLittleCore);
        assertEquals(2, d.nrDomains);
        assertEquals(CpuMask.range(0, 16), d.domainCpus[0]);
        assertEquals(CpuMask.range(16, 24), d.domainCpus[1]);
        assertTrue(d.domainBig[0]);
        assertFalse(d.domainBig[1]);
        assertEquals(1, d.altDomain[0]);
        assertEquals(0, d.altDomain[1]);
        assertTrue(d.turbo[0] && !d.turbo[16], "turbo = the maximum capacity when capacities differ");
        // DSQ ids: type 1 (compute domain) in bits 13..12 -> 4096 + id; per-core DSQs are type 0, keyed by the
        // core's first SMT sibling
        assertEquals(4096, ComputeDomains.dsqId(0));
        assertEquals(4097, ComputeDomains.dsqId(1));
        assertEquals(0, d.cpuDsqId(1));
        assertEquals(20, d.cpuDsqId(20));
    }

    @Test
    void aUniformMachineIsOneBigDomainPerLlc() {
        ComputeDomains d = new ComputeDomains(TopologyPresets.get("flat-4"));
        assertFalse(d.haveLittleCore);
        assertEquals(1, d.nrDomains);
        assertTrue(d.big[3]);
        assertEquals(0, d.altDomain[0]);
        assertArrayEquals(new int[0], d.neighbors[0]);
    }

    /** One CPU per LLC: {@code llcs} LLCs on {@code nodes} nodes, big CPUs then (if {@code little}) little ones. */
    private static Topology oneCpuPerLlc(int[] nodeOfLlc, boolean[] littleLlc) {
        Topology.Builder b = Topology.builder().name("test").source("ComputeDomainsTest");
        for (int llc = 0; llc < nodeOfLlc.length; llc++) {
            boolean little = littleLlc[llc];
            b.cpu(new Cpu(llc, llc, llc, nodeOfLlc[llc], nodeOfLlc[llc], little ? 400 : 1024, 800_000, 4_000_000,
                    little ? CpuKind.EFFICIENCY : CpuKind.PERFORMANCE, true));
        }
        return b.build();
    }

    @Test
    void eightDomainsAtOneDistanceAreWalkedInCircularOrderAroundEachDomainsOwnId() {
        ComputeDomains d = new ComputeDomains(oneCpuPerLlc(new int[8], new boolean[8]));
        // cpu_order.rs circular_sort's own example: from 0 the walk is 1, 7, 2, 6, 3, 5, 4; from 1: 0, 2, 3, 7, 4, 6, 5;
        // from 7: 0, 6, 1, 5, 2, 4, 3 (one level: every other LLC on the same node, distance 2)
        assertArrayEquals(new int[] {1, 7, 2, 6, 3, 5, 4}, d.neighbors[0]);
        assertArrayEquals(new int[] {0, 2, 3, 7, 4, 6, 5}, d.neighbors[1]);
        assertArrayEquals(new int[] {0, 6, 1, 5, 2, 4, 3}, d.neighbors[7]);
        assertArrayEquals(new int[] {7}, d.neighborLevelEnds[0]);
    }

    @Test
    void neighboursAreGroupedByCoreTypeThenNodeThenLlcAndTheAlternativeIsTheNearestOtherType() {
        // node 0: big LLC 0, little LLC 1; node 1: big LLC 2, little LLC 3 (domains 0..3 in that order)
        ComputeDomains d = new ComputeDomains(
                oneCpuPerLlc(new int[] {0, 0, 1, 1}, new boolean[] {false, true, false, true}));
        // from 0: big on node 1 = 10; little on node 0 = 100 + 2 (other LLC); little on node 1 = 110
        assertArrayEquals(new int[] {2, 1, 3}, d.neighbors[0]);
        assertArrayEquals(new int[] {1, 2, 3}, d.neighborLevelEnds[0]);
        // no little domain shares domain 0's node and LLC, so its alternative is the nearest little one
        assertEquals(1, d.altDomain[0]);
        assertEquals(0, d.altDomain[1]);
        assertEquals(3, d.altDomain[2]);
        // from 2: big on node 0 = 10, little on node 1 = 102, little on node 0 = 110
        assertArrayEquals(new int[] {0, 3, 1}, d.neighbors[2]);
    }
}
