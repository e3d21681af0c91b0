package io.scx4j.testfixtures;

import io.scx4j.topology.Cpu;
import io.scx4j.topology.CpuKind;
import io.scx4j.topology.Topology;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random machines for jqwik properties: 1..6 performance cores with or without SMT, 0..6 efficiency cores of a random
 * capacity (a hybrid, big/little machine when there are any), the little cores in the big cores' LLC or in their own,
 * on one or two NUMA nodes: 1..18 CPUs.
 *
 * <p>These are the shapes a sched_ext policy's topology code must get right. A scheduler that keeps per-domain queues
 * builds one per LLC, per node or per core type (scx_lavd's compute domains are NUMA node × LLC × core type,
 * reference policies.md §1.9; scx_layered keeps one DSQ per layer and LLC, §2.4), so these machines give a policy one
 * to four such domains, with and without SMT siblings ({@code scx_bpf_get_idle_smtmask}), asymmetric capacity
 * ({@code cpu_capacity} below 1024) and a remote node.
 *
 * <pre>{@code
 * @Property
 * void myPolicyNeverStalls(@ForAll("machines") RandomMachines.Shape shape) {
 *     Topology topology = shape.build();
 *     ...
 * }
 *
 * @Provide
 * Arbitrary<RandomMachines.Shape> machines() {
 *     return RandomMachines.shapes();
 * }
 * }</pre>
 */
public final class RandomMachines {
    private RandomMachines() {}

    /**
     * A machine description, kept as a record so jqwik can shrink and print it; {@link #build()} makes the topology.
     *
     * @param pCores  performance (or, without E cores, uniform) cores, 1..6
     * @param pSmt    whether each performance core has two hardware threads (siblings numbered adjacently, as Linux
     *                enumerates Intel hybrids)
     * @param eCores  efficiency cores without SMT, 0..6
     * @param eCap    capacity of an efficiency core (Linux {@code cpu_capacity}), below the big cores' 1024
     * @param eOwnLlc whether the efficiency cores have their own last-level cache (a cache domain of their own even on
     *                one node)
     * @param nodes   NUMA nodes, 1 or 2: with 2, the second half of the P cores and all E cores are on node 1
     */
    public record Shape(int pCores, boolean pSmt, int eCores, int eCap, boolean eOwnLlc, int nodes) {
        /** Checks the ranges above; a bad value is an {@link IllegalArgumentException} naming the field. */
        public Shape {
            check("pCores", pCores, 1, 64);
            check("eCores", eCores, 0, 64);
            check("eCap", eCap, 1, Cpu.MAX_CAPACITY - 1);
            check("nodes", nodes, 1, 2);
        }

        private static void check(String field, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(
                        "RandomMachines.Shape." + field + " must be in " + min + ".." + max + ", got " + value);
            }
        }

        /** The number of CPUs, P threads first (ids 0..), then E cores. */
        public int nrCpus() {
            return pCores * (pSmt ? 2 : 1) + eCores;
        }

        /**
         * The topology: P cores at capacity 1024 and 0.8..5 GHz ({@link CpuKind#UNIFORM} when there are no E cores),
         * E cores at {@code eCap} and 0.8..3.8 GHz; LLC ids {@code 2 * node} for the P cores and {@code 2 * node + 1}
         * for E cores with their own LLC; one package per node.
         */
        public Topology build() {
            Topology.Builder b = Topology.builder().name(toString()).source("RandomMachines " + this);
            boolean hybrid = eCores > 0;
            int id = 0;
            for (int core = 0; core < pCores; core++) {
                int node = nodes == 2 && core >= (pCores + 1) / 2 ? 1 : 0;
                for (int t = 0; t < (pSmt ? 2 : 1); t++) {
                    b.cpu(new Cpu(id++, core, node * 2, node, node, Cpu.MAX_CAPACITY, 800_000, 5_000_000,
                            hybrid ? CpuKind.PERFORMANCE : CpuKind.UNIFORM, true));
                }
            }
            int eNode = nodes - 1;
            int eLlc = eOwnLlc ? eNode * 2 + 1 : eNode * 2;
            for (int core = 0; core < eCores; core++) {
                b.cpu(new Cpu(id++, pCores + core, eLlc, eNode, eNode, eCap, 800_000, 3_800_000,
                        CpuKind.EFFICIENCY, true));
            }
            return b.build();
        }
    }

    /**
     * Random shapes of 1..18 CPUs (every node has a CPU). The draws, and so a fixed-seed property's samples, stay the
     * same from release to release unless this Javadoc says otherwise.
     */
    public static Arbitrary<Shape> shapes() {
        return Combinators.combine(Arbitraries.integers().between(1, 6), Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 6), Arbitraries.integers().between(300, 900),
                        Arbitraries.of(true, false), Arbitraries.integers().between(1, 2))
                .as(Shape::new)
                .filter(s -> s.nodes() == 1 || s.pCores() >= 2 || s.eCores() >= 1);
    }
}
