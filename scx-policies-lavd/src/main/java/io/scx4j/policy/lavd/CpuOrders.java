package io.scx4j.policy.lavd;

import io.scx4j.topology.Cpu;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;

/**
 * The two CPU preference orders of scx_lavd's user space ({@code src/cpu_order.rs}, {@code build_topo_order}),
 * without an energy model: the order core compaction activates CPUs in (policies.md §1.10), and the order idle CPUs
 * are searched in outside a task's domain. Each is a lexicographic sort of the CPUs by these keys, as upstream:
 *
 * <ul>
 *   <li><b>powersave on a big/little machine</b>: node, LLC, capacity ascending (little cores first), core, SMT cores
 *       first, thread index, id — one LLC is filled before the next, little cores before big ones within it;
 *   <li><b>powersave on a machine without little cores</b>: the same, but capacity descending (prefer the better-binned
 *       CPU);
 *   <li><b>performance</b>: thread index (every core's first thread before any second thread), node, LLC, capacity
 *       descending, non-SMT cores first, core, id.
 * </ul>
 *
 * <p>Upstream's cache-size key is left out (the topology gives every CPU of an LLC the same cache) and its performance
 * domain key is the LLC (what {@code get_pd_id} falls back to without an energy model). The thread index
 * ({@code cpu_rdx}) is the CPU's position among its SMT siblings in id order, the SMT level the number of siblings.
 */
final class CpuOrders {
    private CpuOrders() {}

    /** The powersave order ({@code build_topo_order(true)}). */
    static int[] powersave(Topology topo, ComputeDomains d) {
        return sorted(new Keys(topo, d), true);
    }

    /** The performance order ({@code build_topo_order(false)}). */
    static int[] performance(Topology topo, ComputeDomains d) {
        return sorted(new Keys(topo, d), false);
    }

    /** The sort keys of every CPU id of the topology. */
    private static final class Keys {
        final int[] node;
        final int[] llc;
        final int[] core;
        final int[] cap;
        final int[] rdx;
        final int[] smtLevel;
        final boolean bigLittle;

        Keys(Topology topo, ComputeDomains d) {
            int n = d.nrCpus;
            node = new int[n];
            llc = new int[n];
            core = new int[n];
            cap = new int[n];
            rdx = new int[n];
            smtLevel = new int[n];
            bigLittle = d.haveLittleCore;
            for (int cpu = 0; cpu < n; cpu++) {
                Cpu c = topo.cpu(cpu);
                node[cpu] = c.nodeId();
                llc[cpu] = c.llcId();
                core[cpu] = c.coreId();
                cap[cpu] = d.capacity[cpu];
                CpuMask sib = topo.smtSiblings(cpu);
                smtLevel[cpu] = sib.weight();
                int i = 0;
                for (int s = sib.first(); s >= 0 && s < cpu; s = sib.next(s + 1)) {
                    i++;
                }
                rdx[cpu] = i;
            }
        }
    }

    /** Negative if CPU {@code a} comes before CPU {@code b}. */
    private static int compare(Keys k, boolean powersave, int a, int b) {
        int c;
        if (powersave) {
            c = Integer.compare(k.node[a], k.node[b]);
            if (c == 0) {
                c = Integer.compare(k.llc[a], k.llc[b]);
            }
            if (c == 0) {
                c = k.bigLittle ? Integer.compare(k.cap[a], k.cap[b]) : Integer.compare(k.cap[b], k.cap[a]);
            }
            if (c == 0) {
                c = Integer.compare(k.core[a], k.core[b]);
            }
            if (c == 0) {
                c = Integer.compare(k.smtLevel[b], k.smtLevel[a]);
            }
            if (c == 0) {
                c = Integer.compare(k.rdx[a], k.rdx[b]);
            }
        } else {
            c = Integer.compare(k.rdx[a], k.rdx[b]);
            if (c == 0) {
                c = Integer.compare(k.node[a], k.node[b]);
            }
            if (c == 0) {
                c = Integer.compare(k.llc[a], k.llc[b]);
            }
            if (c == 0) {
                c = Integer.compare(k.cap[b], k.cap[a]);
            }
            if (c == 0) {
                c = Integer.compare(k.smtLevel[a], k.smtLevel[b]);
            }
            if (c == 0) {
                c = Integer.compare(k.core[a], k.core[b]);
            }
        }
        return c != 0 ? c : Integer.compare(a, b);
    }

    /** CPU ids in order (insertion sort, stable: a few dozen CPUs, once, in {@code ops.init}; no lambdas). */
    private static int[] sorted(Keys k, boolean powersave) {
        int[] order = new int[k.cap.length];
        for (int i = 0; i < order.length; i++) {
            int cpu = i;
            int j = i - 1;
            while (j >= 0 && compare(k, powersave, order[j], cpu) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = cpu;
        }
        return order;
    }
}
