package io.scx4j.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.topology.CpuKind;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RandomMachinesTest {
    @Example
    void aHybridShapeNumbersSmtSiblingsAdjacentlyThenTheLittleCores() {
        Topology t = new RandomMachines.Shape(2, true, 3, 400, true, 1).build();
        assertEquals(7, t.nrCpuIds());
        assertEquals(CpuMask.of(0, 1), t.smtSiblings(0));
        assertEquals(CpuKind.PERFORMANCE, t.cpu(3).kind());
        assertEquals(1024, t.cpu(3).capacity());
        assertEquals(CpuKind.EFFICIENCY, t.cpu(4).kind());
        assertEquals(400, t.cpu(6).capacity());
        assertEquals(2, t.llcs().size(), "the little cores have their own LLC");
        assertTrue(t.isAsymmetric());
    }

    @Example
    void withTwoNodesTheSecondHalfOfTheBigCoresAndAllLittleCoresAreOnNode1() {
        Topology t = new RandomMachines.Shape(3, false, 2, 500, false, 2).build();
        assertEquals(CpuMask.of(0, 1), t.nodes().get(0).cpus()); // cores 0, 1: core < (3 + 1) / 2
        assertEquals(CpuMask.of(2, 3, 4), t.nodes().get(1).cpus());
        assertEquals(t.llcOf(2), t.llcOf(4), "without their own LLC the little cores share node 1's");
    }

    @Example
    void withoutLittleCoresTheMachineIsUniform() {
        Topology t = new RandomMachines.Shape(4, false, 0, 300, true, 1).build();
        assertEquals(4, t.nrCpuIds());
        assertEquals(CpuKind.UNIFORM, t.cpu(0).kind());
        assertFalse(t.isAsymmetric());
    }

    @Example
    void aShapeOutOfRangeNamesTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RandomMachines.Shape(0, true, 0, 300, true, 1));
        assertEquals("RandomMachines.Shape.pCores must be in 1..64, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RandomMachines.Shape(1, true, 1, 1024, true, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomMachines.Shape(1, true, 1, 500, true, 3));
    }

    @Property(tries = 200, seed = "20261126")
    void everyDrawnShapeBuildsAMachineOf1To18CpusWithEveryNodePopulated(@ForAll("shapes") RandomMachines.Shape s) {
        Topology t = s.build();
        assertEquals(s.nrCpus(), t.nrCpuIds());
        assertTrue(t.nrCpuIds() >= 1 && t.nrCpuIds() <= 18, () -> s + " has " + t.nrCpuIds() + " CPUs");
        assertEquals(s.nodes(), t.nodes().size());
        t.nodes().forEach(n -> assertFalse(n.cpus().isEmpty(), () -> s + ": node " + n.id() + " has no CPU"));
    }

    @Provide
    Arbitrary<RandomMachines.Shape> shapes() {
        return RandomMachines.shapes();
    }
}
