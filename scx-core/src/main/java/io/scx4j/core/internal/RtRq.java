package io.scx4j.core.internal;

import java.util.Arrays;

/**
 * One CPU's run queue of the RT class ({@code struct rt_rq}): the SCHED_FIFO/RR tasks waiting to run (the current
 * task is not in it). The kernel keeps one FIFO list per priority ({@code rt_prio_array}); here a flat array and a
 * sequence number give the same order: highest {@code rtPriority} first, then the smallest sequence (the head of
 * that priority's list). Array-backed; allocates only when it grows.
 */
final class RtRq {
    TaskStruct[] tasks = new TaskStruct[4];
    int nr;
    /** {@code rt_rq->rr_nr_running}: queued SCHED_RR tasks (the tick may stop only without them). */
    int rrNr;

    void add(TaskStruct p) {
        if (nr == tasks.length) {
            tasks = Arrays.copyOf(tasks, nr * 2);
        }
        tasks[nr++] = p;
        p.onRtRq = true;
        if (p.policy() == io.scx4j.api.SchedPolicy.RR) {
            rrNr++;
        }
    }

    void remove(TaskStruct p) {
        for (int i = 0; i < nr; i++) {
            if (tasks[i] == p) {
                tasks[i] = tasks[--nr];
                tasks[nr] = null;
                p.onRtRq = false;
                if (p.policy() == io.scx4j.api.SchedPolicy.RR) {
                    rrNr--;
                }
                return;
            }
        }
        throw new IllegalStateException(p + " not on this RT run queue");
    }

    /** {@code pick_next_rt_entity}: the highest priority, first in its priority's list; null if empty. */
    TaskStruct first() {
        TaskStruct best = null;
        for (int i = 0; i < nr; i++) {
            TaskStruct t = tasks[i];
            if (best == null || t.rtPriority > best.rtPriority
                    || (t.rtPriority == best.rtPriority && t.rtSeq < best.rtSeq)) {
                best = t;
            }
        }
        return best;
    }

    /** The highest priority queued, or 0 when empty. */
    int highestPriority() {
        int best = 0;
        for (int i = 0; i < nr; i++) {
            best = Math.max(best, tasks[i].rtPriority);
        }
        return best;
    }

    /** True if another queued task has {@code prio} (a round-robin turn has someone to go to). */
    boolean hasPriority(int prio) {
        for (int i = 0; i < nr; i++) {
            if (tasks[i].rtPriority == prio) {
                return true;
            }
        }
        return false;
    }
}
