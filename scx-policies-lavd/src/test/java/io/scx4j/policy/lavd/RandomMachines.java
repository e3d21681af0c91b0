package io.scx4j.policy.lavd;

import io.scx4j.topology.Cpu;
import io.scx4j.topology.CpuKind;
import io.scx4j.topology.Topology;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random machines for LAVD's property tests: 1..6 performance cores with or without SMT, 0..6 efficiency cores of a
 * random capacity (a hybrid, big/little machine when there are any), the little cores in the big cores' LLC or in
 * their own, on one or two NUMA nodes. LAVD builds one compute domain per node × LLC × core type
 * ({@code init_cpdoms} in {@code main.bpf.c}, reference policies.md §1.7), so these shapes give it one to four domains,
 * with and without an alternative (other core type) domain.
 */
final class RandomMachines {
    private RandomMachines() {}

    /**
     * A machine description, kept as a record so jqwik can shrink and print it.
     *
     * @param pCores  performance (or, without E cores, uniform) cores, 1..6
     * @param pSmt    whether each performance core has two hardware threads (siblings numbered adjacently, as Linux
     *                enumerates Intel hybrids)
     * @param eCores  efficiency cores without SMT, 0..6
     * @param eCap    capacity of an efficiency core (Linux {@code cpu_capacity}), below the big cores' 1024
     * @param eOwnLlc whether the efficiency cores have their own last-level cache (a compute domain of their own
     *                even on one node, as in LAVD's per-LLC domains)
     * @param nodes   NUMA nodes, 1 or 2: with 2, the second half of the P cores and all E cores are on node 1
     */
    record Shape(int pCores, boolean pSmt, int eCores, int eCap, boolean eOwnLlc, int nodes) {
        int nrCpus() {
            return pCores * (pSmt ? 2 : 1) + eCores;
        }

        Topology build() {
            Topology.Builder b = Topology.builder().name(toString()).source("RandomMachines " + this);
            boolean hybrid = eCores > 0;
            int id = 0;
            for (int core = 0; core < pCores; core++) {
                int node = nodes == 2 && core >= (pCores + 1) / 2 ? 1 : 0;
                for (int t = 0; t < (pSmt ? 2 : 1); t++) {
                    b.cpu(new Cpu(id++, core, node * 2, node, node, 1024, 800_000, 5_000_000,
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

    /** Random shapes of 1..18 CPUs. */
    static Arbitrary<Shape> shapes() {
        return Combinators.combine(Arbitraries.integers().between(1, 6), Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 6), Arbitraries.integers().between(300, 900),
                        Arbitraries.of(true, false), Arbitraries.integers().between(1, 2))
                .as(Shape::new)
                .filter(s -> s.nodes() == 1 || s.pCores() >= 2 || s.eCores() >= 1);
    }
}
