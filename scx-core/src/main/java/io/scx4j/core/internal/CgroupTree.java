package io.scx4j.core.internal;

import io.scx4j.api.CgroupInitArgs;
import io.scx4j.api.Errno;
import io.scx4j.api.ExitKind;
import io.scx4j.api.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cgroup hierarchy and the cpu controller ({@code kernel/cgroup}, {@code kernel/sched/core.c} cpu_cgroup_*,
 * {@code kernel/sched/ext.c} scx_cgroup_*; reference §1.1 and §7.5).
 *
 * <p>What sched_ext sees: at load, {@code ops.cgroup_init} for every cgroup, parents first, before any
 * {@code init_task} (a failure aborts the load); a cgroup created while loaded gets it at creation (a failure fails
 * the creation); {@code ops.cgroup_exit} for every initialised cgroup at unload, children first; a change of
 * {@code cpu.weight} or {@code cpu.max} is relayed by {@code ops.cgroup_set_weight} / {@code ops.cgroup_set_bandwidth}
 * when the value changes; moving a task calls {@code ops.cgroup_prep_move} (an error aborts the move, which is
 * cancelled with {@code ops.cgroup_cancel_move} for tasks already prepared) and then {@code ops.cgroup_move}. The
 * kernel only relays the knobs for ext tasks: enforcing weights and bandwidth is the BPF scheduler's business
 * ({@code SCX_OPS_HAS_CGROUP_WEIGHT} is only a declaration, deprecated since v6.18).
 *
 * <p>What the fair class does with them ({@code kernel/sched/fair.c}): {@code cpu.weight} scales the group's share
 * (100 = 1024 of load weight): on each CPU a task's effective weight is its own weight times, for each group above
 * it, the group's share over the load its tasks put on that CPU ({@code calc_group_shares}, one level exact; deeper
 * levels approximate the children's load by their tasks' raw weights). {@code cpu.max} quota/period throttles the
 * group's fair tasks once they used the quota in the period (checked at each accounting update, so at tick
 * granularity; an overrun is carried as debt into the next period, as {@code runtime_remaining} goes negative), and
 * the period timer refills and unthrottles ({@code sched_cfs_period_timer}). Not modelled: {@code cpu.max.burst},
 * {@code cpu.idle}, cgroup removal.
 */
final class CgroupTree {
    private final Kernel k;
    private final Map<String, CgroupNode> byPath = new LinkedHashMap<>();
    private final List<CgroupNode> nodes = new ArrayList<>();
    final CgroupNode root;
    private long epoch;

    CgroupTree(Kernel kernel) {
        this.k = kernel;
        this.root = new CgroupNode(1, "/", null, 0);
        byPath.put("/", root);
        nodes.add(root);
    }

    /** True while only the root exists: the fair class's group arithmetic is skipped entirely. */
    boolean flat() {
        return nodes.size() == 1;
    }

    /** The cgroup at {@code path}, created (with its parents) if needed. */
    CgroupNode resolve(String path) {
        String p = normalize(path);
        CgroupNode n = byPath.get(p);
        if (n != null) {
            return n;
        }
        int slash = p.lastIndexOf('/');
        CgroupNode parent = resolve(slash == 0 ? "/" : p.substring(0, slash));
        n = new CgroupNode(nodes.size() + 1, p, parent, nodes.size());
        byPath.put(p, n);
        nodes.add(n);
        if (k.policyActive()) {
            // may run outside the event loop (a workload added between runs): bind the helpers as a callback needs
            CgroupNode created = n;
            int ret = ScopedValue.where(io.scx4j.api.Scx.CURRENT, k.helpers).call(() -> init(created));
            if (ret != 0) {
                byPath.remove(p);
                nodes.remove(nodes.size() - 1);
                throw new IllegalStateException("cgroup " + p + ": ops.cgroup_init() failed (" + ret
                        + "), the cgroup is not created");
            }
        }
        return n;
    }

    private static String normalize(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("cgroup path must start with '/', got '" + path + "'");
        }
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.contains("//")) {
            throw new IllegalArgumentException("cgroup path '" + path + "' has an empty component");
        }
        return p;
    }

    /** Sets {@code cpu.weight} and {@code cpu.max} of {@code path} (created if needed), relaying changes. */
    void configure(String path, int weight, long quotaUs, long periodUs) {
        if (weight < 1 || weight > 10_000) {
            throw new IllegalArgumentException("cgroup " + path + ": cpu.weight " + weight + " out of range 1..10000");
        }
        if (quotaUs != io.scx4j.api.Cgroup.QUOTA_INF && quotaUs < 1_000) {
            throw new IllegalArgumentException("cgroup " + path + ": cpu.max quota " + quotaUs
                    + " us below the kernel's minimum of 1000 us (or -1 for max)");
        }
        if (periodUs < 1_000 || periodUs > 1_000_000) {
            throw new IllegalArgumentException("cgroup " + path + ": cpu.max period " + periodUs
                    + " us out of the kernel's range 1000..1000000 us");
        }
        CgroupNode n = resolve(path);
        if (n == root) {
            throw new IllegalArgumentException("the root cgroup has no cpu.weight or cpu.max");
        }
        if (n.weight != weight) {
            n.weight = weight;
            if (n.inited) {
                k.invokeRare(Op.CGROUP_SET_WEIGHT, null, () -> {
                    k.ops.cgroupSetWeight(n, weight);
                    return 0;
                });
            }
        }
        if (n.quotaUs != quotaUs || n.periodUs != periodUs) {
            n.quotaUs = quotaUs;
            n.periodUs = periodUs;
            n.periodGen++;
            n.throttled = false;
            n.runtimeLeftNs = quotaUs * 1_000;
            if (n.limited()) {
                k.post(k.now + periodUs * 1_000, Kernel.EV_CGROUP_PERIOD, n.index, n.periodGen);
            }
            if (n.inited) {
                k.invokeRare(Op.CGROUP_SET_BANDWIDTH, null, () -> {
                    k.ops.cgroupSetBandwidth(n, periodUs, quotaUs, 0);
                    return 0;
                });
            }
            kickAll();
        }
    }

    // ---------------------------------------------------------------- load and unload

    /** {@code scx_cgroup_init}: {@code ops.cgroup_init} for every cgroup, parents first; 0 or the failing errno. */
    int initAll() {
        for (CgroupNode n : nodes) {
            int ret = init(n);
            if (ret != 0) {
                k.error(ExitKind.ERROR, "ops.cgroup_init() failed (" + ret + ") for cgroup " + n.path());
                return ret;
            }
        }
        return 0;
    }

    private int init(CgroupNode n) {
        if (!k.implemented.contains(Op.CGROUP_INIT)) {
            n.inited = true;
            return 0;
        }
        CgroupInitArgs args = new CgroupInitArgs(n.weight, n.periodUs, n.quotaUs, 0);
        int ret = k.invokeRare(Op.CGROUP_INIT, null, () -> k.ops.cgroupInit(n, args));
        n.inited = ret == 0;
        return ret;
    }

    /** {@code scx_cgroup_exit}: {@code ops.cgroup_exit} for every initialised cgroup, children first. */
    void exitAll() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            CgroupNode n = nodes.get(i);
            if (n.inited) {
                n.inited = false;
                k.invokeRare(Op.CGROUP_EXIT, null, () -> {
                    k.ops.cgroupExit(n);
                    return 0;
                });
            }
        }
    }

    // ---------------------------------------------------------------- moving tasks

    /**
     * {@code cgroup_migrate} of one task: {@code ops.cgroup_prep_move} ({@code scx_cgroup_can_attach}), then
     * {@code ops.cgroup_move} at commit ({@code sched_move_task}). Returns 0, or the policy's errno when it refused
     * (the task stays where it was). Identity moves are skipped, as the kernel skips them.
     */
    int move(TaskStruct p, String path) {
        CgroupNode to = resolve(path);
        CgroupNode from = (CgroupNode) p.cgroup();
        if (to == from || p.runState == TaskStruct.RunState.DEAD) {
            return 0;
        }
        boolean tell = k.policyActive() && p.scxState != TaskStruct.ScxState.NONE;
        if (tell) {
            int ret = k.invokeRare(Op.CGROUP_PREP_MOVE, p, () -> k.ops.cgroupPrepMove(p, from, to));
            if (ret != 0) {
                return ret;
            }
        }
        // sched_move_task: sched_change_group() switches the task's group, then scx_cgroup_move_task() tells the policy
        p.setCgroup(to);
        p.cgroupPath = to.path();
        if (tell && k.policyActive()) {
            k.invokeRare(Op.CGROUP_MOVE, p, () -> {
                k.ops.cgroupMove(p, from, to);
                return 0;
            });
        }
        kickAll();
        return 0;
    }

    // ---------------------------------------------------------------- the fair class: weights and bandwidth

    /**
     * Recomputes the effective fair weight of every fair task on {@code rq} (queued and current) from the group
     * shares; a no-op while only the root cgroup exists. Allocation-free.
     */
    void refreshWeights(CpuRq rq) {
        if (flat()) {
            return;
        }
        epoch++;
        TaskStruct c = rq.curr;
        TaskStruct curr = c != null && !c.ext && !c.isRt() && !c.onFairRq && !c.blocking ? c : null;
        for (int i = -1; i < rq.fair.nr; i++) {
            TaskStruct t = i < 0 ? curr : rq.fair.tasks[i];
            if (t == null) {
                continue;
            }
            for (CgroupNode g = (CgroupNode) t.cgroup(); g != root; g = g.parent()) {
                if (g.scratchEpoch != epoch) {
                    g.scratchEpoch = epoch;
                    g.scratchLoad = 0;
                }
                g.scratchLoad += t.ownPrioWeight();
            }
        }
        for (int i = -1; i < rq.fair.nr; i++) {
            TaskStruct t = i < 0 ? curr : rq.fair.tasks[i];
            if (t == null) {
                continue;
            }
            long w = t.ownPrioWeight();
            for (CgroupNode g = (CgroupNode) t.cgroup(); g != root; g = g.parent()) {
                w = w * (g.weight * 1024L / 100) / Math.max(1, g.scratchLoad);
            }
            t.groupWeight = (int) Math.clamp(w, 1, Integer.MAX_VALUE);
        }
    }

    /** {@code account_cfs_rq_runtime}: a fair task ran {@code deltaNs}; throttle its limited groups that ran out. */
    void charge(CpuRq rq, TaskStruct p, long deltaNs) {
        if (flat() || p.ext || p.isRt()) {
            return;
        }
        for (CgroupNode g = (CgroupNode) p.cgroup(); g != root; g = g.parent()) {
            if (g.limited()) {
                g.runtimeLeftNs -= deltaNs;
                if (g.runtimeLeftNs <= 0 && !g.throttled) {
                    g.throttled = true;
                    k.resched(rq);
                    kickAll();
                }
            }
        }
    }

    /** True if a group above {@code p} is throttled: its fair tasks may not run until the period refills. */
    static boolean throttled(TaskStruct p) {
        for (CgroupNode g = (CgroupNode) p.cgroup(); g != null; g = g.parent()) {
            if (g.throttled) {
                return true;
            }
        }
        return false;
    }

    /** True if a group above {@code p} has a quota (the tick may not stop: {@code cfs_task_bw_constrained}). */
    static boolean bandwidthConstrained(TaskStruct p) {
        for (CgroupNode g = (CgroupNode) p.cgroup(); g != null; g = g.parent()) {
            if (g.limited()) {
                return true;
            }
        }
        return false;
    }

    /** {@code sched_cfs_period_timer}: refill the quota (keeping any debt) and unthrottle. */
    void periodTimer(int index, long gen) {
        CgroupNode g = nodes.get(index);
        if (gen != g.periodGen || !g.limited()) {
            return;
        }
        for (CpuRq rq : k.cpus) {
            if (rq.curr != null) {
                k.updateCurr(rq);
            }
        }
        long quota = g.quotaUs * 1_000;
        g.runtimeLeftNs = Math.min(quota, g.runtimeLeftNs + quota);
        if (g.throttled && g.runtimeLeftNs > 0) {
            g.throttled = false;
            kickAll();
        }
        k.post(k.now + g.periodUs * 1_000, Kernel.EV_CGROUP_PERIOD, g.index, g.periodGen);
    }

    /** Every online CPU re-runs its pick (group membership, weights or throttling changed). */
    private void kickAll() {
        for (CpuRq rq : k.cpus) {
            if (rq.online) {
                k.resched(rq);
            }
        }
    }
}
