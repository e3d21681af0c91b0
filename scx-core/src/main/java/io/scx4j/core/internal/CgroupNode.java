package io.scx4j.core.internal;

import io.scx4j.api.Cgroup;
import org.jspecify.annotations.Nullable;

/**
 * One cgroup of the engine's hierarchy ({@code struct cgroup} with its cpu controller, {@code struct task_group}):
 * the knobs policies see ({@code cpu.weight}, {@code cpu.max}) and the fair class's bandwidth state
 * ({@code cfs_bandwidth}: runtime left in the period, throttled).
 */
final class CgroupNode implements Cgroup {
    private final long id;
    private final String path;
    private final @Nullable CgroupNode parent;
    final int index;
    int weight = 100;
    long periodUs = 100_000;
    long quotaUs = QUOTA_INF;

    /** {@code ops.cgroup_init} succeeded under the loaded policy ({@code SCX_TG_INITED}). */
    boolean inited;

    // cfs bandwidth (fair tasks only: sched_ext leaves cpu.max to the BPF scheduler)
    long runtimeLeftNs;
    boolean throttled;
    long periodGen;

    // per-pick scratch of the fair class's group weights (see CgroupTree#refreshWeights)
    long scratchEpoch;
    long scratchLoad;

    CgroupNode(long id, String path, @Nullable CgroupNode parent, int index) {
        this.id = id;
        this.path = path;
        this.parent = parent;
        this.index = index;
    }

    /** True if a quota is set ({@code cpu.max} is not "max"). */
    boolean limited() {
        return quotaUs != QUOTA_INF;
    }

    @Override public long id() { return id; }
    @Override public String path() { return path; }
    @Override public @Nullable CgroupNode parent() { return parent; }
    @Override public int weight() { return weight; }
    @Override public long bwPeriodUs() { return periodUs; }
    @Override public long bwQuotaUs() { return quotaUs; }
    @Override public long bwBurstUs() { return 0; }
    @Override public boolean idle() { return false; }

    @Override
    public String toString() {
        return path;
    }
}
