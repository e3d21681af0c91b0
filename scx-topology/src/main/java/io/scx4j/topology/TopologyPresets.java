package io.scx4j.topology;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.primitives.Ints;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Ready-made topologies of typical machines, for simulation and tests.
 *
 * <table>
 *   <caption>Presets</caption>
 *   <tr><th>name</th><th>machine</th></tr>
 *   <tr><td>{@code smt-desktop-8c16t}</td><td>1 package, 1 L3, 8 cores x 2 SMT threads, uniform,
 *       0.8-4.7 GHz; cpu {@code i} and {@code i+8} are siblings</td></tr>
 *   <tr><td>{@code amd-2ccx-16c32t}</td><td>Zen-like: 1 package, 1 node, 16 cores x SMT2 in two
 *       CCXs of 8 cores, each CCX its own L3; 2.2-4.9 GHz; cpu {@code i} and {@code i+16}
 *       siblings</td></tr>
 *   <tr><td>{@code intel-hybrid-8p8e}</td><td>Alder/Raptor Lake-like: 8 P cores with SMT2
 *       (cpus 0-15, siblings adjacent as Linux enumerates hybrid parts: 0-1, 2-3, ...), capacity
 *       1024, 0.8-5.4 GHz; 8 E cores without SMT (cpus 16-23), capacity 600, 0.8-3.9 GHz; one
 *       shared L3</td></tr>
 *   <tr><td>{@code arm-biglittle-4b4l}</td><td>phone-like: 4 little cores (cpus 0-3, capacity
 *       446, 0.3-1.8 GHz) and 4 big cores (cpus 4-7, capacity 1024, 0.3-2.4 GHz), no SMT, each
 *       cluster its own L2 as last level</td></tr>
 *   <tr><td>{@code server-2s-64c128t}</td><td>2 packages = 2 NUMA nodes (distance 10/21), 32 cores
 *       x SMT2 per package, 4 L3s of 8 cores per package, 2.0-3.7 GHz; cores 0-31 are package 0,
 *       cpu {@code i} and {@code i+64} siblings</td></tr>
 *   <tr><td>{@code flat-<N>}</td><td>N uniform CPUs, 1 &lt;= N &lt;= 4096: no SMT, one LLC, one node;
 *       generated on demand</td></tr>
 * </table>
 *
 * <p>Capacities follow what Linux reports ({@code cpuN/cpu_capacity}): 446 is the capacity of a
 * Cortex-A55 next to a Cortex-A76 in common phone device trees; 600 approximates an Intel E core
 * relative to a P core at their top frequencies under {@code intel_pstate}'s hybrid scaling.
 * Frequencies are in kHz like {@code cpufreq/cpuinfo_max_freq}.
 */
public final class TopologyPresets {

    private static final String FLAT_PREFIX = "flat-";

    private record Preset(String description, Supplier<Topology> factory) {}

    private static final ImmutableSortedMap<String, Preset> PRESETS = ImmutableSortedMap.of(
            "smt-desktop-8c16t",
            new Preset("1 package, 1 L3, 8 cores x 2 SMT threads (16 CPUs), uniform, 4.7 GHz",
                    () -> smtDesktop()),
            "amd-2ccx-16c32t",
            new Preset("Zen-like: 16 cores x SMT2 (32 CPUs) in 2 CCXs of 8 cores, each with its own L3, 1 node",
                    () -> amd2Ccx()),
            "intel-hybrid-8p8e",
            new Preset("Intel hybrid: 8 P cores x SMT2 (capacity 1024, 5.4 GHz) + 8 E cores (capacity 600,"
                    + " 3.9 GHz), 24 CPUs, 1 L3", () -> intelHybrid()),
            "arm-biglittle-4b4l",
            new Preset("big.LITTLE: 4 little (capacity 446) + 4 big (capacity 1024), no SMT, one L2 per cluster",
                    () -> armBigLittle()),
            "server-2s-64c128t",
            new Preset("2 sockets / 2 NUMA nodes (distance 10/21), 32 cores x SMT2 each, 4 L3s of 8 cores per"
                    + " socket, 128 CPUs", () -> server2s()));

    private TopologyPresets() {}

    /** Returns the names of the fixed presets, sorted; {@code flat-<N>} is accepted too. */
    public static Set<String> names() {
        return PRESETS.keySet();
    }

    /**
     * Returns the preset called {@code name}.
     *
     * @throws IllegalArgumentException if there is none, listing the known names
     */
    public static Topology get(String name) {
        Preset p = PRESETS.get(name);
        if (p != null) {
            return p.factory().get();
        }
        return flat(flatSize(name));
    }

    /**
     * Returns a one-line description of the preset called {@code name}.
     *
     * @throws IllegalArgumentException if there is none, listing the known names
     */
    public static String describe(String name) {
        Preset p = PRESETS.get(name);
        if (p != null) {
            return p.description();
        }
        return flatSize(name) + " uniform CPUs, no SMT, 1 LLC, 1 node";
    }

    private static int flatSize(String name) {
        Integer n = name.startsWith(FLAT_PREFIX) ? Ints.tryParse(name.substring(FLAT_PREFIX.length())) : null;
        if (n == null || n < 1 || n > CpuMask.MAX_CPUS || !name.equals(FLAT_PREFIX + n)) {
            throw new IllegalArgumentException("unknown topology preset '" + name + "', expected one of "
                    + String.join(", ", PRESETS.keySet()) + ", or flat-<N> with N in 1.." + CpuMask.MAX_CPUS);
        }
        return n;
    }

    private static Topology.Builder builder(String name) {
        return Topology.builder().name(name).source("preset " + name);
    }

    private static Cpu cpu(int id, int core, int llc, int node, int pkg, int cap, long minMhz, long maxMhz,
            CpuKind kind) {
        return new Cpu(id, core, llc, node, pkg, cap, minMhz * 1000, maxMhz * 1000, kind, true);
    }

    /** x86 numbering: the first thread of every core, then the second (cpu i, i+cores siblings). */
    private static Topology x86Smt(String name, int cores, int coresPerLlc, int coresPerPkg,
            long minMhz, long maxMhz, int[][] distances) {
        Topology.Builder b = builder(name).distances(distances);
        for (int id = 0; id < 2 * cores; id++) {
            int core = id % cores;
            int pkg = core / coresPerPkg;
            b.cpu(cpu(id, core, core / coresPerLlc, pkg, pkg, 1024, minMhz, maxMhz, CpuKind.UNIFORM));
        }
        return b.build();
    }

    private static Topology smtDesktop() {
        return x86Smt("smt-desktop-8c16t", 8, 8, 8, 800, 4700, null);
    }

    private static Topology amd2Ccx() {
        return x86Smt("amd-2ccx-16c32t", 16, 8, 16, 2200, 4900, null);
    }

    private static Topology server2s() {
        return x86Smt("server-2s-64c128t", 64, 8, 32, 2000, 3700, new int[][] {{10, 21}, {21, 10}});
    }

    private static Topology intelHybrid() {
        Topology.Builder b = builder("intel-hybrid-8p8e");
        for (int id = 0; id < 16; id++) {
            b.cpu(cpu(id, id / 2, 0, 0, 0, 1024, 800, 5400, CpuKind.PERFORMANCE));
        }
        for (int id = 16; id < 24; id++) {
            b.cpu(cpu(id, id - 8, 0, 0, 0, 600, 800, 3900, CpuKind.EFFICIENCY));
        }
        return b.build();
    }

    private static Topology armBigLittle() {
        Topology.Builder b = builder("arm-biglittle-4b4l").llcLevel(2);
        for (int id = 0; id < 4; id++) {
            b.cpu(cpu(id, id, 0, 0, 0, 446, 300, 1800, CpuKind.EFFICIENCY));
        }
        for (int id = 4; id < 8; id++) {
            b.cpu(cpu(id, id, 1, 0, 0, 1024, 300, 2400, CpuKind.PERFORMANCE));
        }
        return b.build();
    }

    private static Topology flat(int n) {
        Topology.Builder b = builder(FLAT_PREFIX + n);
        for (int id = 0; id < n; id++) {
            b.cpu(id, id, 0, 0, 0);
        }
        return b.build();
    }
}
