package io.scx4j.topology.internal;

import io.scx4j.topology.CpuMask;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What sysfs says about one CPU, before grouping. Not API.
 *
 * @param id CPU id
 * @param online whether it is online
 * @param core its {@code core_cpus_list}; empty if offline (the topology directory is gone)
 * @param pkg its {@code package_cpus_list}; empty if offline
 * @param llc the {@code shared_cpu_list} of its highest unified/data cache, else its cluster,
 *     else its package; empty if offline
 * @param llcLevel that cache's level; empty if no cache was found
 * @param capacity {@code cpu_capacity}, if present
 * @param minFreqKhz {@code cpufreq/cpuinfo_min_freq}, if present
 * @param maxFreqKhz {@code cpufreq/cpuinfo_max_freq}, if present
 */
public record SysfsCpu(
        int id,
        boolean online,
        Optional<CpuMask> core,
        Optional<CpuMask> pkg,
        Optional<CpuMask> llc,
        OptionalInt llcLevel,
        OptionalInt capacity,
        OptionalLong minFreqKhz,
        OptionalLong maxFreqKhz) {

    /**
     * Reads {@code cpuDir/cpu<id>}. For an online CPU the topology files are mandatory: {@code
     * topology/core_cpus_list} (or the older {@code thread_siblings_list}) and {@code
     * topology/package_cpus_list} (or {@code core_siblings_list}); see {@code
     * Documentation/ABI/stable/sysfs-devices-system-cpu}. For an offline CPU only capacity and
     * frequencies are read, when present.
     */
    public static SysfsCpu read(Path cpuDir, int id, boolean online) {
        Path dir = cpuDir.resolve("cpu" + id);
        SysfsFiles files = SysfsFiles.forCpu(id);
        OptionalInt capacity = files.optionalInteger(dir.resolve("cpu_capacity"));
        OptionalLong min = files.optionalLong(dir.resolve("cpufreq/cpuinfo_min_freq"));
        OptionalLong max = files.optionalLong(dir.resolve("cpufreq/cpuinfo_max_freq"));
        if (!online) {
            return new SysfsCpu(id, false, Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(),
                    capacity, min, max);
        }
        Path topo = dir.resolve("topology");
        CpuMask core = files.firstCpulist(topo.resolve("core_cpus_list"), topo.resolve("thread_siblings_list"));
        CpuMask pkg = files.firstCpulist(topo.resolve("package_cpus_list"), topo.resolve("core_siblings_list"));
        CpuMask llc = null;
        int level = -1;
        Path cacheDir = dir.resolve("cache");
        for (int index : files.numberedDirs(cacheDir, "index")) {
            Path idx = cacheDir.resolve("index" + index);
            String type = files.required(idx.resolve("type"), "Data, Instruction or Unified").strip();
            if (type.equals("Instruction")) {
                continue;
            }
            int l = files.integer(idx.resolve("level"));
            if (l > level) {
                level = l;
                llc = files.cpulist(idx.resolve("shared_cpu_list"));
            }
        }
        if (llc == null) {
            llc = files.optionalCpulist(topo.resolve("cluster_cpus_list")).orElse(pkg);
        }
        return new SysfsCpu(id, true, Optional.of(core), Optional.of(pkg), Optional.of(llc),
                level < 0 ? OptionalInt.empty() : OptionalInt.of(level), capacity, min, max);
    }
}
