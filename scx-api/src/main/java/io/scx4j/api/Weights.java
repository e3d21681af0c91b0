package io.scx4j.api;

/**
 * Task weights. The kernel's fair class weighs nice levels with {@code sched_prio_to_weight[]}
 * ({@code kernel/sched/core.c}; 1024 at nice 0, about 1.25x per nice step). sched_ext exposes weights on the
 * cgroup scale ({@code p->scx.weight} in [1, 10000], 100 at nice 0): {@code round(prio_weight * 100 / 1024)}.
 */
public final class Weights {
    /** {@code sched_prio_to_weight[]}, index 0 = nice -20. */
    private static final int[] PRIO_TO_WEIGHT = {
        88761, 71755, 56483, 46273, 36291,
        29154, 23254, 18705, 14949, 11916,
        9548, 7620, 6100, 4904, 3906,
        3121, 2501, 1991, 1586, 1277,
        1024, 820, 655, 526, 423,
        335, 272, 215, 172, 137,
        110, 87, 70, 56, 45,
        36, 29, 23, 18, 15,
    };
    /** {@code CGROUP_WEIGHT_DFL}: weight of a nice-0 task on the cgroup scale. */
    public static final int DFL = 100;
    /** {@code CGROUP_WEIGHT_MIN}. */
    public static final int MIN = 1;
    /** {@code CGROUP_WEIGHT_MAX}. */
    public static final int MAX = 10000;
    /** {@code WEIGHT_IDLEPRIO}: fair-class weight of a SCHED_IDLE task. */
    public static final int IDLE_PRIO_WEIGHT = 3;

    private Weights() {}

    /** The fair-class load weight of a nice level, {@code sched_prio_to_weight[nice + 20]}. */
    public static int prioWeight(int nice) {
        checkNice(nice);
        return PRIO_TO_WEIGHT[nice + 20];
    }

    /** {@code p->scx.weight} of a task with this nice level: nice -20 gives 8668, 0 gives 100, 19 gives 1. */
    public static int scxWeightOfNice(int nice) {
        return toScxWeight(prioWeight(nice));
    }

    /** {@code p->scx.weight} of a task with this policy and nice level (SCHED_IDLE maps to weight 3, i.e. 1). */
    public static int scxWeight(SchedPolicy policy, int nice) {
        return policy == SchedPolicy.IDLE ? toScxWeight(IDLE_PRIO_WEIGHT) : scxWeightOfNice(nice);
    }

    /** Converts a fair-class weight (1024 = nice 0) to the cgroup scale, rounded and clamped to [1, 10000]. */
    public static int toScxWeight(int prioWeight) {
        long w = Math.round(prioWeight * 100.0 / 1024.0);
        return (int) Math.max(MIN, Math.min(MAX, w));
    }

    private static void checkNice(int nice) {
        if (nice < -20 || nice > 19) {
            throw new IllegalArgumentException("nice must be in -20..19, got " + nice);
        }
    }
}
