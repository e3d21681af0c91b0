package io.scx4j.policy.lavd;

import io.scx4j.topology.Cpu;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import java.util.Arrays;

/**
 * LAVD's compute domains (cpdoms) and per-CPU static facts, built once from the topology at {@code ops.init}: what
 * scx_lavd's user space computes in {@code src/cpu_order.rs} and hands to BPF as read-only arrays
 * ({@code cpu_capacity[]}, {@code cpu_big[]}, {@code cpu_turbo[]}, {@code cpdom_ctxs[]}).
 *
 * <p>A compute domain is the set of CPUs sharing a NUMA node, a last-level cache and a core type (big or little).
 * Each domain has its own vtime-ordered DSQ ({@link #dsqId}), an <em>alternative</em> domain of the other core type
 * (where a task goes when its preferred type is busy: the one in the same node and LLC, else the nearest), and its
 * neighbours grouped by distance ({@code ComputeDomainId::dist} in {@code cpu_order.rs}: another core type +100,
 * another NUMA node +10, else another LLC +2), nearest level first, each level in circular order around the domain's
 * own id ({@code circular_sort}: for ids 0..7 at one distance, domain 0 walks 1, 7, 2, 6, 3, 5, 4), so that stealing
 * prefers near domains and different domains start their walk at different places (reference policies.md §1.9).
 * Upstream refuses a topology with more than {@code LAVD_CPDOM_MAX_DIST} = 3 distance levels; here every level is
 * kept.
 *
 * <p>Big vs little: the machine has little cores when the largest capacity is at least 1.3 times the smallest;
 * then a CPU is big if its capacity is above {@code max / 1.3} (§1.11). Turbo CPUs are those at the maximum
 * capacity when capacities differ.
 */
final class ComputeDomains {
    /** {@code LAVD_DSQ_TYPE_SHFT}: bits 13..12 of a LAVD DSQ id hold its type. */
    static final int DSQ_TYPE_SHIFT = 12;
    /** {@code LAVD_DSQ_TYPE_CPDOM}. */
    static final long DSQ_TYPE_CPDOM = 1;
    /** {@code LAVD_DSQ_TYPE_CPU}: per-CPU (per-core) DSQs, type 0. */
    static final long DSQ_TYPE_CPU = 0;
    /** {@code LAVD_CPDOM_MAX_NR}. */
    static final int MAX_DOMAINS = 128;

    final int nrCpus;
    final int[] capacity;
    final boolean[] big;
    final boolean[] turbo;
    final int[] cpdomOfCpu;
    final int[] primaryCpu;
    final boolean haveLittleCore;
    final int maxCapacity;
    final int totalCapacity;

    final int nrDomains;
    final CpuMask[] domainCpus;
    final boolean[] domainBig;
    final int[] domainNode;
    final int[] altDomain;
    /** Neighbours of each domain, nearest distance level first, each level in circular order. */
    final int[][] neighbors;
    /** Per domain, the end (exclusive) in {@link #neighbors} of each distance level ({@code nr_neighbors[]}). */
    final int[][] neighborLevelEnds;

    ComputeDomains(Topology topo) {
        nrCpus = topo.nrCpuIds();
        capacity = new int[nrCpus];
        big = new boolean[nrCpus];
        turbo = new boolean[nrCpus];
        cpdomOfCpu = new int[nrCpus];
        primaryCpu = new int[nrCpus];
        int max = 1;
        int min = Cpu.MAX_CAPACITY;
        int total = 0;
        for (Cpu c : topo.cpus()) {
            capacity[c.id()] = c.capacity();
            max = Math.max(max, c.capacity());
            min = Math.min(min, c.capacity());
            total += c.capacity();
            primaryCpu[c.id()] = topo.smtSiblings(c.id()).first();
        }
        maxCapacity = max;
        totalCapacity = total;
        haveLittleCore = max * 10L >= min * 13L;
        for (Cpu c : topo.cpus()) {
            big[c.id()] = !haveLittleCore || c.capacity() * 13L > max * 10L;
            turbo[c.id()] = max != min && c.capacity() == max;
        }

        // group CPUs by (node, LLC, core type) in CPU id order; plain loops (this runs inside ops.init, whose
        // wall-clock budget a first use of streams or lambdas could eat on a loaded machine)
        int[] keyOfDomain = new int[nrCpus];
        int[] sizeOfDomain = new int[nrCpus];
        int n = 0;
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            Cpu c = topo.cpu(cpu);
            int key = (c.nodeId() << 20) | (c.llcId() << 1) | (big[cpu] ? 1 : 0);
            int d = 0;
            while (d < n && keyOfDomain[d] != key) {
                d++;
            }
            if (d == n) {
                keyOfDomain[n++] = key;
            }
            cpdomOfCpu[cpu] = d;
            sizeOfDomain[d]++;
        }
        nrDomains = n;
        if (nrDomains > MAX_DOMAINS) {
            throw new IllegalArgumentException("topology '" + topo.name() + "' has " + nrDomains
                    + " compute domains; LAVD supports at most " + MAX_DOMAINS + " (LAVD_CPDOM_MAX_NR)");
        }
        domainCpus = new CpuMask[nrDomains];
        domainBig = new boolean[nrDomains];
        domainNode = new int[nrDomains];
        for (int d = 0; d < nrDomains; d++) {
            int[] ids = new int[sizeOfDomain[d]];
            int k = 0;
            for (int cpu = 0; cpu < nrCpus; cpu++) {
                if (cpdomOfCpu[cpu] == d) {
                    ids[k++] = cpu;
                }
            }
            domainCpus[d] = CpuMask.of(ids);
            domainBig[d] = big[ids[0]];
            domainNode[d] = topo.cpu(ids[0]).nodeId();
        }
        int[] domainLlc = new int[nrDomains];
        for (int d = 0; d < nrDomains; d++) {
            domainLlc[d] = topo.cpu(domainCpus[d].first()).llcId();
        }
        altDomain = new int[nrDomains];
        neighbors = new int[nrDomains][];
        neighborLevelEnds = new int[nrDomains][];
        for (int i = 0; i < nrDomains; i++) {
            int[] dist = new int[nrDomains];
            int[] levels = new int[nrDomains];
            int nrLevels = 0;
            for (int j = 0; j < nrDomains; j++) {
                dist[j] = distance(i, j, domainNode, domainLlc);
                if (j != i && Arrays.binarySearch(levels, 0, nrLevels, dist[j]) < 0) {
                    levels[nrLevels++] = dist[j];
                    Arrays.sort(levels, 0, nrLevels);
                }
            }
            int[] order = new int[nrDomains - 1];
            int[] ends = new int[nrLevels];
            int k = 0;
            for (int l = 0; l < nrLevels; l++) {
                k = circularOrder(i, levels[l], dist, order, k);
                ends[l] = k;
            }
            neighbors[i] = order;
            neighborLevelEnds[i] = ends;
            altDomain[i] = i;
            for (int j : order) {                 // the same node and LLC if there is one (distance 100), else nearest
                if (domainBig[j] != domainBig[i]) {
                    altDomain[i] = j;
                    break;
                }
            }
        }
    }

    /** {@code ComputeDomainId::dist}: core type over NUMA node over LLC. */
    private int distance(int a, int b, int[] node, int[] llc) {
        int d = domainBig[a] != domainBig[b] ? 100 : 0;
        if (node[a] != node[b]) {
            d += 10;
        } else if (llc[a] != llc[b]) {
            d += 2;                              // llc_rdx and llc_kernel_id both differ
        }
        return d;
    }

    /**
     * {@code circular_sort}: appends to {@code order} from {@code k} the domains at distance {@code level} from
     * {@code self}, ordered by their circular distance from {@code self} in the id-sorted ring of that level (self
     * included), ties to the lower position; returns the new end.
     */
    private int circularOrder(int self, int level, int[] dist, int[] order, int k) {
        int[] ring = new int[nrDomains];
        int n = 0;
        for (int j = 0; j < nrDomains; j++) {
            if (j == self || dist[j] == level) {
                ring[n++] = j;
            }
        }
        int s = Arrays.binarySearch(ring, 0, n, self);
        for (int step = 1; step <= n / 2; step++) {
            int after = (s + step) % n;
            int before = (s + n - step) % n;
            order[k++] = ring[Math.min(after, before)];
            if (after != before) {
                order[k++] = ring[Math.max(after, before)];
            }
        }
        return k;
    }

    /** {@code cpdom_to_dsq}: the DSQ id of domain {@code d}. */
    static long dsqId(int d) {
        return d | (DSQ_TYPE_CPDOM << DSQ_TYPE_SHIFT);
    }

    /** {@code cpu_to_dsq}: the per-CPU DSQ id of {@code cpu}'s core (type 0, keyed by the primary SMT sibling). */
    long cpuDsqId(int cpu) {
        return primaryCpu[cpu] | (DSQ_TYPE_CPU << DSQ_TYPE_SHIFT);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ComputeDomains[");
        for (int i = 0; i < nrDomains; i++) {
            sb.append(i).append(domainBig[i] ? ":big" : ":little").append(domainCpus[i]).append(" alt=")
                    .append(altDomain[i]).append(" nbr=").append(Arrays.toString(neighbors[i])).append("; ");
        }
        return sb.append(']').toString();
    }
}
