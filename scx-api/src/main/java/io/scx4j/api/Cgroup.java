package io.scx4j.api;

import org.jspecify.annotations.Nullable;

/**
 * A cgroup as a policy sees it ({@code struct cgroup} with the cpu controller's knobs). The engine calls the
 * cgroup callbacks of {@link SchedOps} when cgroups appear, go, change knobs, or tasks move between them; like the
 * kernel it only relays {@code cpu.weight} and {@code cpu.max}: enforcing them is the policy's business.
 */
public interface Cgroup {
    /** {@code cgroup_id()}: a stable id; the root cgroup is 1. */
    long id();

    /** The path below the cgroup root, {@code "/"} for the root. */
    String path();

    /** The parent cgroup, null for the root. */
    @Nullable Cgroup parent();

    /** {@code cpu.weight} in [1, 10000], default 100. */
    int weight();

    /** {@code cpu.max} period in microseconds (default 100000). */
    long bwPeriodUs();

    /** {@code cpu.max} quota in microseconds, or {@link #QUOTA_INF} for "max" (unlimited). */
    long bwQuotaUs();

    /** {@code cpu.max.burst} in microseconds. */
    long bwBurstUs();

    /** {@code cpu.idle}. */
    boolean idle();

    /** {@code RUNTIME_INF}: an unlimited quota. */
    long QUOTA_INF = -1L;
}
