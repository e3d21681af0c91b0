package io.scx4j.topology;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.ToIntFunction;

/**
 * An immutable machine topology: its CPUs and how they group into SMT cores, last-level caches
 * (LLCs), NUMA nodes and packages, with each CPU's capacity and frequency range.
 *
 * <p>Ids. CPU ids are the kernel's ({@code cpuN}). Core, LLC and package ids are dense indices
 * {@code 0..n-1} assigned by scx4j in the order of each group's lowest CPU; whatever ids a {@link
 * Builder} is given are used only to tell groups apart. Node ids must already be dense {@code
 * 0..n-1} (they index {@link #distanceMatrix()}); {@link SysfsTopologyReader} maps sysfs node
 * numbers to their rank among the nodes that have CPUs. So {@code cores().get(c).id() == c}, and
 * likewise for the other lists.
 *
 * <p>Built by {@link #builder()}, which validates; every reader ({@link SysfsTopologyReader},
 * {@link TopologyJson}, {@link TopologyPresets}) goes through it. Two topologies are equal when
 * their name, CPUs, LLC level and distances are equal.
 */
public final class Topology {

    /** The SLIT distance of a node to itself ({@code LOCAL_DISTANCE} in the kernel). */
    public static final int LOCAL_DISTANCE = 10;

    /** The distance assumed between two nodes when none is known ({@code REMOTE_DISTANCE}). */
    public static final int REMOTE_DISTANCE = 20;

    private final String name;
    private final int llcLevel;
    private final ImmutableList<Cpu> cpus;
    private final Cpu[] byId;
    private final ImmutableList<Core> cores;
    private final ImmutableList<Llc> llcs;
    private final ImmutableList<NumaNode> nodes;
    private final ImmutableList<CpuPackage> packages;
    private final int[][] distances;
    private final CpuMask possible;
    private final CpuMask online;
    private final int maxCapacity;
    private final boolean asymmetric;
    private final boolean smtActive;

    private Topology(String name, int llcLevel, List<Cpu> cpus, int[][] distances) {
        this.name = name;
        this.llcLevel = llcLevel;
        this.cpus = ImmutableList.copyOf(cpus);
        this.distances = distances;
        this.byId = new Cpu[cpus.getLast().id() + 1];
        CpuMask.Builder possibleB = CpuMask.builder();
        CpuMask.Builder onlineB = CpuMask.builder();
        int maxCap = 0;
        int minCap = Integer.MAX_VALUE;
        for (Cpu cpu : cpus) {
            byId[cpu.id()] = cpu;
            possibleB.set(cpu.id());
            if (cpu.online()) {
                onlineB.set(cpu.id());
            }
            maxCap = Math.max(maxCap, cpu.capacity());
            minCap = Math.min(minCap, cpu.capacity());
        }
        this.possible = possibleB.build();
        this.online = onlineB.build();
        this.maxCapacity = maxCap;
        this.asymmetric = maxCap != minCap;
        List<CpuMask> coreMasks = groupMasks(cpus, Cpu::coreId);
        ImmutableList.Builder<Core> coreList = ImmutableList.builder();
        boolean smt = false;
        for (int i = 0; i < coreMasks.size(); i++) {
            CpuMask m = coreMasks.get(i);
            coreList.add(new Core(i, byId[m.first()].packageId(), m));
            smt |= m.and(online).weight() > 1;
        }
        this.cores = coreList.build();
        this.smtActive = smt;
        List<CpuMask> llcMasks = groupMasks(cpus, Cpu::llcId);
        ImmutableList.Builder<Llc> llcList = ImmutableList.builder();
        for (int i = 0; i < llcMasks.size(); i++) {
            llcList.add(new Llc(i, llcLevel, llcMasks.get(i)));
        }
        this.llcs = llcList.build();
        List<CpuMask> nodeMasks = groupMasks(cpus, Cpu::nodeId);
        ImmutableList.Builder<NumaNode> nodeList = ImmutableList.builder();
        for (int i = 0; i < nodeMasks.size(); i++) {
            nodeList.add(new NumaNode(i, nodeMasks.get(i)));
        }
        this.nodes = nodeList.build();
        List<CpuMask> pkgMasks = groupMasks(cpus, Cpu::packageId);
        ImmutableList.Builder<CpuPackage> pkgList = ImmutableList.builder();
        for (int i = 0; i < pkgMasks.size(); i++) {
            pkgList.add(new CpuPackage(i, pkgMasks.get(i)));
        }
        this.packages = pkgList.build();
    }

    /** Masks of CPUs per dense group id (ids are 0..n-1 by construction). */
    private static List<CpuMask> groupMasks(List<Cpu> cpus, ToIntFunction<Cpu> group) {
        List<CpuMask.Builder> builders = new ArrayList<>();
        for (Cpu cpu : cpus) {
            int g = group.applyAsInt(cpu);
            while (builders.size() <= g) {
                builders.add(CpuMask.builder());
            }
            builders.get(g).set(cpu.id());
        }
        return builders.stream().map(CpuMask.Builder::build).toList();
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding this topology's name, CPUs, LLC level and distances. */
    public Builder toBuilder() {
        Builder b = builder().name(name).llcLevel(llcLevel).distances(distances);
        cpus.forEach(b::cpu);
        return b;
    }

    /** Returns the topology's name: a preset name, a host name, or what the JSON file says. */
    public String name() {
        return name;
    }

    /** Returns every possible CPU, ordered by id. */
    public List<Cpu> cpus() {
        return cpus;
    }

    /**
     * Returns the CPU with id {@code id}.
     *
     * @throws IllegalArgumentException if there is no such possible CPU
     */
    public Cpu cpu(int id) {
        Cpu cpu = id >= 0 && id < byId.length ? byId[id] : null;
        if (cpu == null) {
            throw new IllegalArgumentException(
                    "no CPU " + id + " in topology '" + name + "', expected one of " + possible);
        }
        return cpu;
    }

    /** Returns the highest possible CPU id + 1, the kernel's {@code nr_cpu_ids}. */
    public int nrCpuIds() {
        return byId.length;
    }

    /** Returns the possible CPUs ({@code /sys/devices/system/cpu/possible}). */
    public CpuMask possible() {
        return possible;
    }

    /** Returns the online CPUs ({@code /sys/devices/system/cpu/online}). */
    public CpuMask online() {
        return online;
    }

    /** Returns the SMT cores; {@code cores().get(i).id() == i}. */
    public List<Core> cores() {
        return cores;
    }

    /** Returns the last-level cache domains; {@code llcs().get(i).id() == i}. */
    public List<Llc> llcs() {
        return llcs;
    }

    /** Returns the NUMA nodes that have CPUs; {@code nodes().get(i).id() == i}. */
    public List<NumaNode> nodes() {
        return nodes;
    }

    /** Returns the packages (sockets); {@code packages().get(i).id() == i}. */
    public List<CpuPackage> packages() {
        return packages;
    }

    /** Returns the cache level of the LLCs (3, or 2 where L2 is the last level). */
    public int llcLevel() {
        return llcLevel;
    }

    /**
     * Returns the core of {@code cpu}.
     *
     * @throws IllegalArgumentException if there is no such CPU
     */
    public Core coreOf(int cpu) {
        return cores.get(cpu(cpu).coreId());
    }

    /**
     * Returns the LLC of {@code cpu}.
     *
     * @throws IllegalArgumentException if there is no such CPU
     */
    public Llc llcOf(int cpu) {
        return llcs.get(cpu(cpu).llcId());
    }

    /**
     * Returns the NUMA node of {@code cpu}.
     *
     * @throws IllegalArgumentException if there is no such CPU
     */
    public NumaNode nodeOf(int cpu) {
        return nodes.get(cpu(cpu).nodeId());
    }

    /**
     * Returns the package of {@code cpu}.
     *
     * @throws IllegalArgumentException if there is no such CPU
     */
    public CpuPackage packageOf(int cpu) {
        return packages.get(cpu(cpu).packageId());
    }

    /**
     * Returns the SMT siblings of {@code cpu}, including {@code cpu} itself (the kernel's {@code
     * cpu_smt_mask()}, sysfs {@code topology/core_cpus_list}).
     *
     * @throws IllegalArgumentException if there is no such CPU
     */
    public CpuMask smtSiblings(int cpu) {
        return coreOf(cpu).cpus();
    }

    /**
     * Returns whether SMT is in use: some core has more than one online CPU (the kernel's {@code
     * sched_smt_active()}, sysfs {@code /sys/devices/system/cpu/smt/active}).
     */
    public boolean smtActive() {
        return smtActive;
    }

    /**
     * Returns the SLIT-like distance from node {@code from} to node {@code to} ({@code
     * nodeN/distance}): 10 is local; when the source gave none, 10 local and 20 remote.
     *
     * @throws IndexOutOfBoundsException if a node index is out of range
     */
    public int nodeDistance(int from, int to) {
        return distances[from][to];
    }

    /** Returns a copy of the node distance matrix, {@code nodes().size()} square. */
    public int[][] distanceMatrix() {
        int[][] copy = new int[distances.length][];
        for (int i = 0; i < distances.length; i++) {
            copy[i] = distances[i].clone();
        }
        return copy;
    }

    /** Returns the highest CPU capacity (1024 unless every CPU is slower). */
    public int maxCapacity() {
        return maxCapacity;
    }

    /** Returns whether CPU capacities differ (the kernel's {@code sched_asym_cpucap_active()}). */
    public boolean isAsymmetric() {
        return asymmetric;
    }

    /** Returns the CPUs of the given kind. */
    public CpuMask cpusOfKind(CpuKind kind) {
        CpuMask.Builder b = CpuMask.builder();
        for (Cpu cpu : cpus) {
            if (cpu.kind() == kind) {
                b.set(cpu.id());
            }
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Topology t
                && name.equals(t.name)
                && llcLevel == t.llcLevel
                && cpus.equals(t.cpus)
                && Arrays.deepEquals(distances, t.distances);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, llcLevel, cpus, Arrays.deepHashCode(distances));
    }

    /** Returns a one-line summary, e.g. {@code smt-desktop-8c16t: 16 CPUs, 8 cores, 1 LLC, ...}. */
    @Override
    public String toString() {
        return name + ": " + cpus.size() + " CPUs (online " + online + "), " + cores.size() + " cores, "
                + llcs.size() + " L" + llcLevel + " LLCs, " + nodes.size() + " nodes, "
                + packages.size() + " packages" + (asymmetric ? ", asymmetric" : "");
    }

    /**
     * Collects CPUs and builds a validated {@link Topology}. Not thread-safe; mutators return
     * {@code this}.
     *
     * <p>{@link #build()} checks, and reports each violation as a {@link TopologyException}
     * naming the {@link #source(String) source}, the CPU and what was expected:
     *
     * <ul>
     *   <li>at least one CPU, and at least one online CPU;
     *   <li>CPU ids unique and in {@code [0, 4096)}; core, LLC, node and package ids {@code >= 0};
     *   <li>capacity in {@code 1..1024}; {@code 0 <= minFreqKhz <= maxFreqKhz};
     *   <li>each core's CPUs in one package, one LLC and one node; each LLC within one package
     *       (an LLC may span NUMA nodes, as with sub-NUMA clustering);
     *   <li>node ids dense {@code 0..n-1};
     *   <li>the distance matrix, if given, {@code n x n} with positive entries and each diagonal
     *       entry the smallest of its row.
     * </ul>
     */
    public static final class Builder {
        private String name = "unnamed";
        private String source = "builder";
        private int llcLevel = 3;
        private int[][] distances;
        private final List<Cpu> cpus = new ArrayList<>();

        private Builder() {}

        /** Sets the name (default {@code "unnamed"}). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Sets where the data came from, used in {@link TopologyException}s (default {@code "builder"}). */
        public Builder source(String source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Sets the cache level of the LLCs (default 3). */
        public Builder llcLevel(int level) {
            this.llcLevel = level;
            return this;
        }

        /** Adds a CPU; the core, LLC and package ids only need to tell groups apart. */
        public Builder cpu(Cpu cpu) {
            cpus.add(Objects.requireNonNull(cpu, "cpu"));
            return this;
        }

        /** Adds an online, uniform CPU with capacity 1024 and unknown frequencies. */
        public Builder cpu(int id, int coreId, int llcId, int nodeId, int packageId) {
            return cpu(Cpu.of(id, coreId, llcId, nodeId, packageId));
        }

        /** Sets the node distance matrix (copied); null means 10 local / 20 remote. */
        public Builder distances(int[][] distances) {
            if (distances == null) {
                this.distances = null;
            } else {
                this.distances = new int[distances.length][];
                for (int i = 0; i < distances.length; i++) {
                    this.distances[i] = distances[i].clone();
                }
            }
            return this;
        }

        private TopologyException error(int cpu, String problem, String expected) {
            return new TopologyException(source, OptionalInt.of(cpu), problem, expected, null, null);
        }

        private TopologyException error(String problem, String expected) {
            return new TopologyException(source, problem, expected);
        }

        /**
         * Validates and builds the topology, renumbering core, LLC and package ids densely in
         * the order of each group's lowest CPU.
         *
         * @throws TopologyException naming the first violation found
         */
        public Topology build() {
            if (cpus.isEmpty()) {
                throw error("no CPU", "at least one possible CPU");
            }
            if (llcLevel < 1) {
                throw error("LLC level " + llcLevel + " out of range", "a cache level >= 1");
            }
            List<Cpu> sorted = new ArrayList<>(cpus);
            sorted.sort(Comparator.comparingInt(Cpu::id));
            BitSet seen = new BitSet();
            for (Cpu cpu : sorted) {
                checkCpu(cpu, seen);
            }
            if (sorted.stream().noneMatch(Cpu::online)) {
                throw error("no online CPU: all " + sorted.size() + " possible CPUs are offline",
                        "at least one online CPU");
            }
            checkGroups(sorted);
            int nrNodes = checkNodes(sorted);
            int[][] dist = checkDistances(nrNodes);
            Map<Integer, Integer> coreIds = denseIds(sorted, Cpu::coreId);
            Map<Integer, Integer> llcIds = denseIds(sorted, Cpu::llcId);
            Map<Integer, Integer> pkgIds = denseIds(sorted, Cpu::packageId);
            List<Cpu> renumbered = sorted.stream()
                    .map(c -> new Cpu(c.id(), coreIds.get(c.coreId()), llcIds.get(c.llcId()), c.nodeId(),
                            pkgIds.get(c.packageId()), c.capacity(), c.minFreqKhz(), c.maxFreqKhz(),
                            c.kind(), c.online()))
                    .toList();
            return new Topology(name, llcLevel, renumbered, dist);
        }

        private void checkCpu(Cpu cpu, BitSet seen) {
            int id = cpu.id();
            if (id < 0 || id >= CpuMask.MAX_CPUS) {
                throw error(id, "id out of range", "0.." + (CpuMask.MAX_CPUS - 1));
            }
            if (seen.get(id)) {
                throw error(id, "listed twice", "each CPU id once");
            }
            seen.set(id);
            checkId(cpu, "core", cpu.coreId());
            checkId(cpu, "llc", cpu.llcId());
            checkId(cpu, "node", cpu.nodeId());
            checkId(cpu, "package", cpu.packageId());
            if (cpu.capacity() < 1 || cpu.capacity() > Cpu.MAX_CAPACITY) {
                throw error(id, "capacity " + cpu.capacity() + " out of range", "1.." + Cpu.MAX_CAPACITY);
            }
            if (cpu.minFreqKhz() < 0 || cpu.minFreqKhz() > cpu.maxFreqKhz()) {
                throw error(id, "frequency range " + cpu.minFreqKhz() + ".." + cpu.maxFreqKhz() + " kHz invalid",
                        "0 <= minFreqKhz <= maxFreqKhz (0..0 when unknown)");
            }
        }

        private void checkId(Cpu cpu, String field, int value) {
            if (value < 0) {
                throw error(cpu.id(), field + " id " + value + " negative", "an id >= 0");
            }
        }

        private void checkGroups(List<Cpu> sorted) {
            Map<Integer, Cpu> firstOfCore = new LinkedHashMap<>();
            Map<Integer, Cpu> firstOfLlc = new LinkedHashMap<>();
            for (Cpu cpu : sorted) {
                Cpu first = firstOfCore.putIfAbsent(cpu.coreId(), cpu);
                if (first != null) {
                    same(cpu, first, "core", "package", Cpu::packageId);
                    same(cpu, first, "core", "llc", Cpu::llcId);
                    same(cpu, first, "core", "node", Cpu::nodeId);
                }
                first = firstOfLlc.putIfAbsent(cpu.llcId(), cpu);
                if (first != null) {
                    same(cpu, first, "llc", "package", Cpu::packageId);
                }
            }
        }

        private void same(Cpu cpu, Cpu first, String group, String field, ToIntFunction<Cpu> get) {
            int a = get.applyAsInt(cpu);
            int b = get.applyAsInt(first);
            if (a != b) {
                throw error(cpu.id(), field + " " + a + " differs from " + field + " " + b + " of cpu "
                                + first.id() + " in the same " + group,
                        "all CPUs of a " + group + " in one " + field);
            }
        }

        private int checkNodes(List<Cpu> sorted) {
            BitSet used = new BitSet();
            sorted.forEach(c -> used.set(c.nodeId()));
            int n = used.length();
            if (used.cardinality() != n) {
                throw error("node ids " + used + " not dense",
                        "node ids 0.." + (used.cardinality() - 1) + " each with at least one CPU");
            }
            return n;
        }

        private int[][] checkDistances(int nrNodes) {
            if (distances == null) {
                int[][] d = new int[nrNodes][nrNodes];
                for (int i = 0; i < nrNodes; i++) {
                    Arrays.fill(d[i], REMOTE_DISTANCE);
                    d[i][i] = LOCAL_DISTANCE;
                }
                return d;
            }
            String shape = nrNodes + "x" + nrNodes + " distance matrix (one row and column per node)";
            if (distances.length != nrNodes) {
                throw error("distance matrix has " + distances.length + " rows", shape);
            }
            for (int i = 0; i < nrNodes; i++) {
                int[] row = distances[i];
                if (row.length != nrNodes) {
                    throw error("distance row " + i + " has " + row.length + " entries", shape);
                }
                for (int j = 0; j < nrNodes; j++) {
                    if (row[j] < 1) {
                        throw error("distance[" + i + "][" + j + "] = " + row[j], "positive distances");
                    }
                    if (row[j] < row[i]) {
                        throw error("distance[" + i + "][" + j + "] = " + row[j] + " below local distance "
                                + row[i], "each node nearest to itself (diagonal the smallest of its row)");
                    }
                }
            }
            return distanceCopy();
        }

        private int[][] distanceCopy() {
            int[][] copy = new int[distances.length][];
            for (int i = 0; i < distances.length; i++) {
                copy[i] = distances[i].clone();
            }
            return copy;
        }

        private static Map<Integer, Integer> denseIds(List<Cpu> sorted, ToIntFunction<Cpu> key) {
            Map<Integer, Integer> ids = new LinkedHashMap<>();
            for (Cpu cpu : sorted) {
                ids.putIfAbsent(key.applyAsInt(cpu), ids.size());
            }
            return ids;
        }
    }
}
