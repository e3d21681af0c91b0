package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.topology.CpuMask;
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
}
