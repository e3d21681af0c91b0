package io.scx4j.topology;

/**
 * What kind of core a CPU belongs to on a heterogeneous ("hybrid", "big.LITTLE") machine.
 *
 * <p>Linux exposes the difference as a per-CPU capacity ({@code cpuN/cpu_capacity}, see {@code
 * Documentation/ABI/testing/sysfs-devices-system-cpu}) on arm64 and recent x86, and otherwise
 * only through differing maximum frequencies ({@code cpuN/cpufreq/cpuinfo_max_freq}). {@link
 * SysfsTopologyReader} documents how a kind is derived from those.
 */
public enum CpuKind {
    /** A high-performance ("big", Intel P) core: the highest capacity on an asymmetric machine. */
    PERFORMANCE,
    /** An efficiency ("LITTLE", Intel E) core: lower capacity than the performance cores. */
    EFFICIENCY,
    /** A CPU on a machine whose CPUs are all alike. */
    UNIFORM
}
