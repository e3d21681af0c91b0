package io.scx4j.topology;

import java.util.Objects;

/**
 * A last-level cache domain: the CPUs sharing the highest-level unified (or data) cache, read from
 * {@code cpuN/cache/indexM/shared_cpu_list} (see {@code
 * Documentation/ABI/testing/sysfs-devices-system-cpu}, "cache/index*").
 *
 * @param id dense index, assigned in the order of each LLC's lowest CPU
 * @param level the cache level: normally 3, or 2 where L2 is the last level (many arm64 parts)
 * @param cpus the CPUs sharing the cache
 */
public record Llc(int id, int level, CpuMask cpus) {
    /** Requires a mask. */
    public Llc {
        Objects.requireNonNull(cpus, "cpus");
    }
}
