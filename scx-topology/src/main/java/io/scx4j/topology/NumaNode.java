package io.scx4j.topology;

import java.util.Objects;

/**
 * A NUMA node that has CPUs ({@code /sys/devices/system/node/nodeN/cpulist}, see {@code
 * Documentation/ABI/stable/sysfs-devices-node}).
 *
 * @param id dense index: the rank of the sysfs node number among the nodes that have CPUs
 *     (memory-only nodes are left out), so it equals the sysfs number on the usual machine
 * @param cpus the node's CPUs
 */
public record NumaNode(int id, CpuMask cpus) {
    /** Requires a mask. */
    public NumaNode {
        Objects.requireNonNull(cpus, "cpus");
    }
}
