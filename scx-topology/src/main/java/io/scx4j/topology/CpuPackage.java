package io.scx4j.topology;

import java.util.Objects;

/**
 * A physical package (socket): the CPUs of one {@code topology/package_cpus_list}.
 *
 * @param id dense index, assigned in the order of each package's lowest CPU; on most machines it
 *     equals {@code topology/physical_package_id}
 * @param cpus the package's CPUs
 */
public record CpuPackage(int id, CpuMask cpus) {
    /** Requires a mask. */
    public CpuPackage {
        Objects.requireNonNull(cpus, "cpus");
    }
}
