package io.scx4j.topology;

import io.scx4j.topology.internal.CapacityHeuristic;
import io.scx4j.topology.internal.CapacityHeuristic.Classified;
import io.scx4j.topology.internal.SysfsCpu;
import io.scx4j.topology.internal.SysfsFiles;
import io.scx4j.topology.internal.SysfsNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads a machine's topology from Linux sysfs.
 *
 * <p>Files read, under a directory that mirrors {@code /sys} (ABI: {@code
 * Documentation/ABI/stable/sysfs-devices-system-cpu}, {@code
 * Documentation/ABI/testing/sysfs-devices-system-cpu}, {@code
 * Documentation/ABI/stable/sysfs-devices-node}, {@code Documentation/admin-guide/cputopology.rst}):
 *
 * <ul>
 *   <li>{@code devices/system/cpu/possible} (mandatory) gives the CPUs; {@code cpu/online} the
 *       online ones (if absent: each {@code cpuN/online}, a CPU without that file, like cpu0,
 *       being online);
 *   <li>per online CPU, {@code cpuN/topology/core_cpus_list} (or {@code thread_siblings_list}):
 *       the SMT core; {@code topology/package_cpus_list} (or {@code core_siblings_list}): the
 *       package. Core and package identity is the sibling list itself, so the package-relative
 *       {@code core_id} and {@code physical_package_id} are not needed;
 *   <li>{@code cpuN/cache/index*}/{@code {level,type,shared_cpu_list}}: the LLC is the
 *       highest-level {@code Unified} or {@code Data} cache. With no cache information, the LLC
 *       is {@code topology/cluster_cpus_list} if present, else the package. The topology's LLC
 *       level is the highest level seen (3 if none);
 *   <li>{@code cpuN/cpu_capacity} (absent: 1024) and {@code cpuN/cpufreq/cpuinfo_{min,max}_freq}
 *       (absent: 0, unknown);
 *   <li>{@code devices/system/node/nodeN/cpulist} and {@code distance}; with no node directory,
 *       one node 0 holds every CPU. Nodes without CPUs are dropped; the rest are numbered densely
 *       in sysfs order.
 * </ul>
 *
 * <p>CPU kind and capacity: if {@code cpu_capacity} values differ, CPUs with the highest are
 * {@link CpuKind#PERFORMANCE}, the others {@link CpuKind#EFFICIENCY}, capacities as read.
 * Otherwise, if maximum frequencies differ by more than 10% (an Intel hybrid part on a kernel
 * without {@code cpu_capacity}), CPUs within 10% of the highest maximum frequency are {@code
 * PERFORMANCE} with capacity 1024 and the others {@code EFFICIENCY} with capacity {@code 1024 x
 * maxFreq / highest maxFreq}. This is a heuristic: per-clock performance differs between core
 * types, so the scaled capacity understates an E core's real gap; the 10% band keeps Intel
 * "favoured cores" (Turbo Boost Max 3.0, a few 100 MHz above the rest) uniform. Otherwise every
 * CPU is {@link CpuKind#UNIFORM}.
 *
 * <p>Offline CPUs: sysfs removes an offline CPU's {@code topology} and {@code cache} directories,
 * and a possible-but-absent CPU has no directory at all. Such a CPU stays in {@link
 * Topology#possible()} but not {@link Topology#online()}; it gets a core of its own, the node
 * whose {@code cpulist} names it (else the lowest online CPU's node), and the LLC and package of
 * the lowest online CPU of that node. Its capacity and frequencies are read if present.
 *
 * <p>Every missing mandatory file or unparsable value is a {@link TopologyException} naming the
 * file and what was expected.
 */
public final class SysfsTopologyReader {

    private SysfsTopologyReader() {}

    /**
     * Reads the running machine's topology from {@code /sys}.
     *
     * @throws TopologyException if sysfs is absent or incomplete
     */
    public static Topology readLive() {
        return read(Path.of("/sys"));
    }

    /**
     * Reads the topology from {@code sysRoot}, a directory that mirrors {@code /sys} (it contains
     * {@code devices/system/cpu} and, optionally, {@code devices/system/node}).
     *
     * @throws TopologyException naming the file and what was expected, if a mandatory file is
     *     missing or malformed, or the result is not a valid topology
     */
    public static Topology read(Path sysRoot) {
        Path cpuDir = sysRoot.resolve("devices/system/cpu");
        SysfsFiles files = SysfsFiles.global();
        Path possibleFile = cpuDir.resolve("possible");
        CpuMask possible = files.cpulist(possibleFile);
        if (possible.isEmpty()) {
            throw files.error(possibleFile, "no possible CPU", "at least one CPU, such as 0-3", "", null);
        }
        CpuMask online = readOnline(cpuDir, possible, files).and(possible);
        if (online.isEmpty()) {
            throw files.error(cpuDir.resolve("online"), "no online CPU: possible " + possible + ", online ''",
                    "at least one online CPU", null, null);
        }
        List<SysfsCpu> raw = new ArrayList<>();
        possible.forEach(id -> raw.add(SysfsCpu.read(cpuDir, id, online.contains(id))));
        SysfsNodes nodes = SysfsNodes.read(sysRoot.resolve("devices/system/node"), possible);
        List<Classified> classes = CapacityHeuristic.classify(raw);

        Map<CpuMask, Integer> cores = new LinkedHashMap<>();
        Map<CpuMask, Integer> llcs = new LinkedHashMap<>();
        Map<CpuMask, Integer> pkgs = new LinkedHashMap<>();
        int llcLevel = raw.stream().mapToInt(c -> c.llcLevel().orElse(0)).max().orElse(0);
        Topology.Builder b = Topology.builder()
                .name("sysfs " + sysRoot)
                .source(sysRoot.toString())
                .llcLevel(llcLevel > 0 ? llcLevel : 3)
                .distances(nodes.distances());
        int firstOnline = online.first();
        for (int i = 0; i < raw.size(); i++) {
            SysfsCpu c = raw.get(i);
            int node = nodes.nodeOf(c.id());
            if (node < 0) {
                if (c.online()) {
                    throw new TopologyException(sysRoot.resolve("devices/system/node").toString(),
                            OptionalInt.of(c.id()), "online CPU in no nodeN/cpulist",
                            "every online CPU in one node's cpulist", null, null);
                }
                node = nodes.nodeOf(firstOnline);
            }
            SysfsCpu anchor = c.online() ? c : anchorFor(raw, nodes, node, firstOnline);
            Optional<CpuMask> ownCore = c.core();
            int core = key(cores, ownCore.orElse(CpuMask.of(c.id())));
            int llc = key(llcs, anchor.llc().orElseThrow());
            int pkg = key(pkgs, anchor.pkg().orElseThrow());
            Classified k = classes.get(i);
            b.cpu(new Cpu(c.id(), core, llc, node, pkg, k.capacity(), c.minFreqKhz().orElse(0),
                    c.maxFreqKhz().orElse(0), k.kind(), c.online()));
        }
        return b.build();
    }

    private static CpuMask readOnline(Path cpuDir, CpuMask possible, SysfsFiles files) {
        Optional<CpuMask> list = files.optionalCpulist(cpuDir.resolve("online"));
        if (list.isPresent()) {
            return list.get();
        }
        CpuMask.Builder b = CpuMask.builder();
        possible.forEach(cpu -> {
            Path f = cpuDir.resolve("cpu" + cpu + "/online");
            if (files.optional(f).isEmpty() ? Files.isDirectory(f.getParent()) : SysfsFiles.forCpu(cpu).integer(f) == 1) {
                b.set(cpu);
            }
        });
        return b.build();
    }

    /** The lowest online CPU of {@code node}, else the lowest online CPU. */
    private static SysfsCpu anchorFor(List<SysfsCpu> raw, SysfsNodes nodes, int node, int firstOnline) {
        SysfsCpu fallback = null;
        for (SysfsCpu c : raw) {
            if (c.online() && nodes.nodeOf(c.id()) == node) {
                return c;
            }
            if (c.id() == firstOnline) {
                fallback = c;
            }
        }
        return fallback;
    }

    private static int key(Map<CpuMask, Integer> keys, CpuMask mask) {
        return keys.computeIfAbsent(mask, m -> keys.size());
    }
}
