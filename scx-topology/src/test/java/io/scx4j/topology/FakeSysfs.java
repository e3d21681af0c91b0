package io.scx4j.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Test support: writes the sysfs files a {@link Topology} would have on Linux under a directory,
 * so SysfsTopologyReader can be tested on machines we do not have. Every online CPU gets
 * topology/{core_cpus_list,package_cpus_list,physical_package_id,core_id}, cache index0 (L1d,
 * per core), index1 (L1i, per core), index2 (L2, per core unless the LLC is level 2) and, for a
 * level-3 LLC, index3; cpufreq files when the frequency is known; cpu_capacity when asked.
 */
final class FakeSysfs {

    private FakeSysfs() {}

    /** Writes {@code t} under {@code root}; {@code withCapacity} writes cpuN/cpu_capacity. */
    static Path write(Topology t, Path root, boolean withCapacity) {
        Path cpuDir = root.resolve("devices/system/cpu");
        file(cpuDir.resolve("possible"), t.possible().toCpuList());
        file(cpuDir.resolve("online"), t.online().toCpuList());
        file(cpuDir.resolve("present"), t.possible().toCpuList());
        for (Cpu cpu : t.cpus()) {
            Path dir = cpuDir.resolve("cpu" + cpu.id());
            if (cpu.id() != 0) {
                file(dir.resolve("online"), cpu.online() ? "1" : "0");
            }
            if (withCapacity) {
                file(dir.resolve("cpu_capacity"), Integer.toString(cpu.capacity()));
            }
            if (cpu.maxFreqKhz() > 0) {
                file(dir.resolve("cpufreq/cpuinfo_min_freq"), Long.toString(cpu.minFreqKhz()));
                file(dir.resolve("cpufreq/cpuinfo_max_freq"), Long.toString(cpu.maxFreqKhz()));
            }
            if (!cpu.online()) {
                continue;
            }
            CpuMask core = t.coreOf(cpu.id()).cpus().and(t.online());
            Path topo = dir.resolve("topology");
            file(topo.resolve("core_cpus_list"), core.toCpuList());
            file(topo.resolve("package_cpus_list"), t.packageOf(cpu.id()).cpus().and(t.online()).toCpuList());
            file(topo.resolve("physical_package_id"), Integer.toString(cpu.packageId()));
            file(topo.resolve("core_id"), Integer.toString(cpu.coreId()));
            cache(dir, 0, 1, "Data", core);
            cache(dir, 1, 1, "Instruction", core);
            CpuMask llc = t.llcOf(cpu.id()).cpus().and(t.online());
            cache(dir, 2, 2, "Unified", t.llcLevel() == 2 ? llc : core);
            if (t.llcLevel() == 3) {
                cache(dir, 3, 3, "Unified", llc);
            }
        }
        int[][] d = t.distanceMatrix();
        for (NumaNode node : t.nodes()) {
            Path dir = root.resolve("devices/system/node/node" + node.id());
            file(dir.resolve("cpulist"), node.cpus().and(t.online()).toCpuList());
            file(dir.resolve("distance"),
                    Arrays.stream(d[node.id()]).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
        }
        return root;
    }

    private static void cache(Path cpuDir, int index, int level, String type, CpuMask shared) {
        Path dir = cpuDir.resolve("cache/index" + index);
        file(dir.resolve("level"), Integer.toString(level));
        file(dir.resolve("type"), type);
        file(dir.resolve("shared_cpu_list"), shared.toCpuList());
    }

    static void file(Path file, String line) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
