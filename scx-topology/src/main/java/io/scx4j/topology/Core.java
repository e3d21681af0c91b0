package io.scx4j.topology;

import java.util.Objects;

/**
 * A physical core: the SMT siblings sharing its execution units, the CPUs of one {@code
 * topology/core_cpus_list} (formerly {@code thread_siblings_list}; see {@code
 * Documentation/ABI/stable/sysfs-devices-system-cpu} and {@code Documentation/admin-guide/cputopology.rst}).
 *
 * @param id dense index, assigned in the order of each core's lowest CPU; not the sysfs {@code
 *     core_id}, which is only unique within a package and may be sparse
 * @param packageId index of the package holding the core
 * @param cpus the core's CPUs (its SMT siblings)
 */
public record Core(int id, int packageId, CpuMask cpus) {
    /** Requires a mask. */
    public Core {
        Objects.requireNonNull(cpus, "cpus");
    }
}
