package io.scx4j.core.internal;

import io.scx4j.core.MachineModel;
import io.scx4j.topology.Topology;

/**
 * Cache warmth of tasks ({@link MachineModel.Cache}). A task switched in on a CPU other than the one it last ran on
 * must refill its working set from a farther level of the memory hierarchy: an SMT sibling shares L1/L2, a core of the
 * same LLC refills from L3, another LLC from local DRAM, another node from remote DRAM. The time lost is
 * {@code workingSet / MiB × nsPerMiB(distance)}; it is spread over a warm-up phase at the cold speed factor, so the
 * phase lasts {@code loss / (1 - coldFactor)}. Domains are those {@code Kernel.migrate} counts migrations by.
 */
final class CacheWarmth {
    private static final long MIB = 1L << 20;

    private final MachineModel.Cache model;
    private final CpuDistance distance;
    /** Speed during warm-up in 1/1024. */
    final int coldQ;

    CacheWarmth(MachineModel.Cache model, Topology topology) {
        this.model = model;
        distance = new CpuDistance(topology);
        this.coldQ = (int) Math.round(model.coldSpeedFactor() * 1024);
    }

    /** Time lost refilling {@code workingSetBytes} after a move from {@code from} to {@code to}; 0 for no move. */
    long lossNs(long workingSetBytes, int from, int to) {
        if (from == to || from < 0) {
            return 0;
        }
        long perMiB = switch (distance.between(from, to)) {
            case CpuDistance.SAME_CORE -> model.sameCoreNsPerMiB();
            case CpuDistance.SAME_LLC -> model.sameLlcNsPerMiB();
            case CpuDistance.SAME_NODE -> model.otherLlcNsPerMiB();
            default -> model.otherNodeNsPerMiB();
        };
        return perMiB == 0 || workingSetBytes <= Long.MAX_VALUE / perMiB
                ? workingSetBytes * perMiB / MIB
                : (long) ((double) workingSetBytes * perMiB / MIB);
    }

    /** Length of the warm-up phase that loses {@code lossNs}: {@code loss × 1024 / (1024 - coldQ)}. */
    long phaseNs(long lossNs) {
        return lossNs * 1024 / (1024 - coldQ);
    }

    /** {@code p} starts running on {@code cpu}: begin its warm-up if it last ran elsewhere. */
    void switchIn(TaskStruct p, int cpu) {
        if (!model.enabled()) {
            return;
        }
        int last = p.lastRanCpu;
        p.lastRanCpu = cpu;
        if (last >= 0 && last != cpu) {
            long ws = p.spec.workingSetBytes() != 0 ? p.spec.workingSetBytes() : model.defaultWorkingSetBytes();
            p.coldNs = phaseNs(lossNs(ws, last, cpu));
        }
    }
}
