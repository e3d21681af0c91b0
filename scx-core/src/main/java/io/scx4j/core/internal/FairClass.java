package io.scx4j.core.internal;

/**
 * The built-in fair class: a compact EEVDF ({@code kernel/sched/fair.c} since v6.6) that runs every task when no
 * policy is loaded, after an ejection, and the non-ext tasks under {@code SWITCH_PARTIAL}. It is also the baseline
 * users select by the name {@code fair}: what the machine does without sched_ext.
 *
 * <p>Each task has a virtual runtime advancing at {@code delta * 1024 / weight} and a virtual deadline one request
 * (the base slice, scaled the same way) ahead. The pick is the eligible task (vruntime at or below the queue's
 * weighted average) with the earliest deadline. A waking or migrating task keeps the lag it had when it left its last
 * queue ({@link #place}, {@link #saveLag}), and preempts the running task if it is eligible with an earlier deadline.
 * What is left out: the cgroup hierarchy, and the load balancer's statistics; an idle CPU instead pulls the longest-waiting task it may run
 * from the busiest run queue, nearest domain first.
 */
final class FairClass {
    /** {@code sysctl_sched_base_slice}: 0.75 ms scaled by {@code 1 + ilog2(min(ncpus, 8))} (SCHED_TUNABLESCALING_LOG). */
    final long baseSliceNs;

    FairClass(int nrCpus) {
        int factor = 1 + (31 - Integer.numberOfLeadingZeros(Math.min(nrCpus, 8)));
        this.baseSliceNs = 750_000L * factor;
    }

    /** Charges {@code deltaNs} of run time to the task's virtual runtime. */
    void charge(TaskStruct p, long deltaNs) {
        p.vruntime += deltaNs * 1024 / p.prioWeight();
    }

    /** Weighted average vruntime of the queue plus {@code curr} (the zero-lag point). */
    long avgVruntime(FairRq rq, TaskStruct curr) {
        long base = curr != null ? curr.vruntime : (rq.nr > 0 ? rq.tasks[0].vruntime : rq.minVruntime);
        long sum = 0;
        long weights = 0;
        for (int i = 0; i < rq.nr; i++) {
            TaskStruct t = rq.tasks[i];
            sum += (t.vruntime - base) * t.prioWeight();
            weights += t.prioWeight();
        }
        if (curr != null) {
            weights += curr.prioWeight();
        }
        return weights == 0 ? base : base + sum / weights;
    }

    /**
     * Places a task that becomes runnable on {@code rq} (a wake-up or a migration) relative to the queue's zero-lag
     * point, keeping the lag it had when it left its last queue ({@code place_entity()} with {@code PLACE_LAG}): a
     * task that was owed service is placed left of the average, one that had run ahead to its right. Its own old
     * vruntime means nothing here (another queue's clock, or long ago). The lag is scaled by {@code (W + w) / W} so
     * that adding the task does not move the average away from where it would be without the lag.
     */
    void place(FairRq rq, TaskStruct curr, TaskStruct p) {
        long lag = p.vlag;
        long load = curr != null ? curr.prioWeight() : 0;
        for (int i = 0; i < rq.nr; i++) {
            load += rq.tasks[i].prioWeight();
        }
        if (load > 0) {
            lag = lag * (load + p.prioWeight()) / load;
        }
        p.vruntime = avgVruntime(rq, curr) - lag;
        if (p.relDeadline) {
            p.deadline += p.vruntime;
            p.relDeadline = false;
        } else {
            newDeadline(p);
        }
    }

    /**
     * Records the lag of {@code p} as it leaves {@code rq} (it blocks, or a balancer moves it): how far its vruntime
     * is behind the queue's average, clamped to the service of {@code max(2 * base slice, tick)}
     * ({@code update_entity_lag()}). A task that is moved rather than put to sleep also keeps its deadline relative
     * to its vruntime ({@code PLACE_REL_DEADLINE}), so a balancer moving a low-weight task around does not push its
     * request ever further out.
     */
    void saveLag(FairRq rq, TaskStruct curr, TaskStruct p, long tickNs, boolean sleep) {
        long limit = Math.max(2 * baseSliceNs, tickNs) * 1024 / p.prioWeight();
        p.vlag = Math.clamp(avgVruntime(rq, curr) - p.vruntime, -limit, limit);
        if (!sleep) {
            p.deadline -= p.vruntime;
            p.relDeadline = true;
        }
    }

    void newDeadline(TaskStruct p) {
        p.deadline = p.vruntime + baseSliceNs * 1024 / p.prioWeight();
    }

    /** The task {@code rq} should run next: the eligible one with the earliest deadline. */
    TaskStruct pick(FairRq rq, TaskStruct curr) {
        if (rq.nr == 0) {
            return null;
        }
        long avg = avgVruntime(rq, curr);
        TaskStruct best = null;
        TaskStruct earliest = null;
        for (int i = 0; i < rq.nr; i++) {
            TaskStruct t = rq.tasks[i];
            if (earliest == null || t.deadline - earliest.deadline < 0) {
                earliest = t;
            }
            if (t.vruntime - avg <= 0 && (best == null || t.deadline - best.deadline < 0)) {
                best = t;
            }
        }
        return best != null ? best : earliest;
    }

    /** True if waking task {@code p} should preempt the running fair task {@code curr}. */
    boolean wakeupPreempts(FairRq rq, TaskStruct curr, TaskStruct p) {
        long avg = avgVruntime(rq, curr);
        return p.vruntime - avg <= 0 && p.deadline - curr.deadline < 0;
    }

    /**
     * {@code yield_task_fair}: unless it is alone, the yielding task's deadline moves one request (base slice scaled by
     * its weight) later, so the pick prefers the others; EEVDF keeps its vruntime.
     */
    void yieldTask(FairRq rq, TaskStruct p) {
        if (rq.nr == 0) {
            return;
        }
        p.deadline += baseSliceNs * 1024 / p.prioWeight();
    }

    /** At a tick: true if {@code curr} used up its request and another task should be picked. */
    boolean tickPreempts(FairRq rq, TaskStruct curr) {
        if (curr.vruntime - curr.deadline < 0) {
            return false;
        }
        newDeadline(curr);
        return rq.nr > 0;
    }
}
