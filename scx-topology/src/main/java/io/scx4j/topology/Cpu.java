package io.scx4j.topology;

import java.util.Objects;

/**
 * One logical CPU (a hardware thread), as the scheduler sees it.
 *
 * <p>The {@code coreId}, {@code llcId}, {@code nodeId} and {@code packageId} are the dense
 * indices of the CPU's {@link Core}, {@link Llc}, {@link NumaNode} and {@link CpuPackage} in a
 * {@link Topology}; see {@link Topology} for how they relate to sysfs ids. The record itself does
 * not check its values: {@link Topology.Builder#build()} does, and reports a {@link
 * TopologyException} naming the CPU and field.
 *
 * @param id the CPU id, as in {@code /sys/devices/system/cpu/cpuN}; {@code 0 <= id < 4096}
 * @param coreId index of the SMT core (the CPUs sharing {@code topology/core_cpus_list})
 * @param llcId index of the last-level cache domain
 * @param nodeId index of the NUMA node
 * @param packageId index of the physical package (socket)
 * @param capacity compute capacity in {@code 1..1024}, 1024 for the fastest CPU, as the kernel's
 *     {@code arch_scale_cpu_capacity()} and {@code cpuN/cpu_capacity}
 * @param minFreqKhz {@code cpufreq/cpuinfo_min_freq} in kHz, 0 if unknown
 * @param maxFreqKhz {@code cpufreq/cpuinfo_max_freq} in kHz, 0 if unknown
 * @param kind performance, efficiency or uniform
 * @param online whether the CPU is online ({@code cpuN/online}, {@code cpu/online})
 */
public record Cpu(
        int id,
        int coreId,
        int llcId,
        int nodeId,
        int packageId,
        int capacity,
        long minFreqKhz,
        long maxFreqKhz,
        CpuKind kind,
        boolean online) {

    /** The capacity of the fastest CPU in the system ({@code SCHED_CAPACITY_SCALE}). */
    public static final int MAX_CAPACITY = 1024;

    /** Checks only that {@code kind} is present; ranges are checked by the topology builder. */
    public Cpu {
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * Returns a uniform, online CPU with capacity 1024 and unknown frequencies.
     *
     * @param id CPU id
     * @param coreId core index
     * @param llcId LLC index
     * @param nodeId NUMA node index
     * @param packageId package index
     * @return the CPU
     */
    public static Cpu of(int id, int coreId, int llcId, int nodeId, int packageId) {
        return new Cpu(id, coreId, llcId, nodeId, packageId, MAX_CAPACITY, 0, 0, CpuKind.UNIFORM, true);
    }

    /** Returns this CPU with {@code online} replaced. */
    public Cpu withOnline(boolean online) {
        return new Cpu(id, coreId, llcId, nodeId, packageId, capacity, minFreqKhz, maxFreqKhz, kind, online);
    }
}
