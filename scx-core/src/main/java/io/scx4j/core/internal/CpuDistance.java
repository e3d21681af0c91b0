package io.scx4j.core.internal;

import io.scx4j.topology.Cpu;
import io.scx4j.topology.Topology;

/**
 * The smallest topology domain two CPUs share, the distance the machine model prices moves and IPIs by: the same core
 * (SMT siblings), the same last-level cache, the same NUMA node, or none. The same domains {@code Kernel.migrate}
 * counts migrations by. Precomputed per CPU (impossible CPUs share nothing), so a lookup allocates nothing.
 */
final class CpuDistance {
    static final int SAME_CORE = 0;
    static final int SAME_LLC = 1;
    static final int SAME_NODE = 2;
    static final int OTHER_NODE = 3;

    private final int[] coreOf;
    private final int[] llcOf;
    private final int[] nodeOf;

    CpuDistance(Topology topology) {
        int n = topology.nrCpuIds();
        coreOf = new int[n];
        llcOf = new int[n];
        nodeOf = new int[n];
        for (int c = 0; c < n; c++) {
            if (topology.possible().contains(c)) {
                Cpu cpu = topology.cpu(c);
                coreOf[c] = cpu.coreId();
                llcOf[c] = cpu.llcId();
                nodeOf[c] = cpu.nodeId();
            } else {
                coreOf[c] = -1 - c;
                llcOf[c] = -1 - c;
                nodeOf[c] = -1 - c;
            }
        }
    }

    /** {@link #SAME_CORE}, {@link #SAME_LLC}, {@link #SAME_NODE} or {@link #OTHER_NODE}. */
    int between(int from, int to) {
        if (coreOf[from] == coreOf[to]) {
            return SAME_CORE;
        } else if (llcOf[from] == llcOf[to]) {
            return SAME_LLC;
        } else if (nodeOf[from] == nodeOf[to]) {
            return SAME_NODE;
        }
        return OTHER_NODE;
    }

    /** How many CPU ids the topology has. */
    int nrCpuIds() {
        return coreOf.length;
    }
}
