package io.scx4j.topology.internal;

import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The NUMA nodes of {@code devices/system/node} that have CPUs, with their distances ({@code
 * Documentation/ABI/stable/sysfs-devices-node}). Not API.
 *
 * @param cpus per dense node index, its {@code cpulist}
 * @param distances dense-index distance matrix
 */
public record SysfsNodes(List<CpuMask> cpus, int[][] distances) {

    /**
     * Reads {@code nodeDir/node*}: {@code cpulist} is mandatory, {@code distance} optional (all
     * absent gives 10 local / 20 remote). Each {@code distance} file lists the distance to every
     * node directory in ascending order. Nodes without CPUs are dropped and the others numbered
     * densely. With no node directory at all, one node holds {@code allCpus}.
     */
    public static SysfsNodes read(Path nodeDir, CpuMask allCpus) {
        SysfsFiles files = SysfsFiles.global();
        List<Integer> ids = files.numberedDirs(nodeDir, "node");
        if (ids.isEmpty()) {
            return new SysfsNodes(List.of(allCpus), new int[][] {{Topology.LOCAL_DISTANCE}});
        }
        List<CpuMask> masks = new ArrayList<>();
        List<int[]> rows = new ArrayList<>();
        boolean allDistances = true;
        for (int id : ids) {
            Path dir = nodeDir.resolve("node" + id);
            masks.add(files.cpulist(dir.resolve("cpulist")));
            Path distFile = dir.resolve("distance");
            if (files.optional(distFile).isPresent()) {
                int[] row = files.integers(distFile);
                if (row.length != ids.size()) {
                    throw files.error(distFile, "has " + row.length + " entries",
                            ids.size() + " distances, one per node directory", null, null);
                }
                rows.add(row);
            } else {
                allDistances = false;
            }
        }
        List<Integer> withCpus = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!masks.get(i).isEmpty()) {
                withCpus.add(i);
            }
        }
        int n = withCpus.size();
        int[][] dist = new int[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                dist[a][b] = allDistances ? rows.get(withCpus.get(a))[withCpus.get(b)]
                        : a == b ? Topology.LOCAL_DISTANCE : Topology.REMOTE_DISTANCE;
            }
        }
        return new SysfsNodes(withCpus.stream().map(masks::get).toList(), dist);
    }

    /** Returns the dense index of the node listing {@code cpu}, or -1. */
    public int nodeOf(int cpu) {
        for (int i = 0; i < cpus.size(); i++) {
            if (cpus.get(i).contains(cpu)) {
                return i;
            }
        }
        return -1;
    }
}
