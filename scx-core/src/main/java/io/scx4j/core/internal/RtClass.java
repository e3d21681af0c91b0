package io.scx4j.core.internal;

import io.scx4j.api.SchedPolicy;
import io.scx4j.topology.CpuMask;

/**
 * The RT scheduling class ({@code kernel/sched/rt.c}): SCHED_FIFO and SCHED_RR tasks with a priority 1..99. It sits
 * above fair and ext in the class order (stop > deadline > RT > fair > ext > idle, reference §7.6), so a runnable RT
 * task takes its CPU from any fair or ext task at once; sched_ext hears of it through {@code ops.cpu_release} with
 * reason {@code SCX_CPU_PREEMPT_RT} ({@code switch_class} in {@code kernel/sched/ext.c}). Only the deadline server
 * ({@link DlServer}) gives the lower classes time under RT load.
 *
 * <p>What is modelled: the priority order with FIFO order inside a priority ({@code rt_prio_array}); a preempted
 * task stays at the head of its priority's list; SCHED_RR rotates to the tail every {@link #RR_TIMESLICE_NS}
 * ({@code sched_rr_timeslice}, {@code RR_TIMESLICE} = 100 ms) when a task of the same priority waits
 * ({@code task_tick_rt}); wake-up placement on the CPU running the lowest-priority work ({@code select_task_rq_rt}
 * and {@code find_lowest_rq}); and pulling a waiting RT task to a CPU about to run something lower
 * ({@code pull_rt_task}). Left out: RT throttling ({@code sched_rt_runtime_us}, superseded by the deadline server
 * since v6.12), priority inheritance, RT group scheduling.
 */
final class RtClass {
    /** {@code RR_TIMESLICE}: a SCHED_RR task's quantum, 100 ms ({@code include/linux/sched/rt.h}). */
    static final long RR_TIMESLICE_NS = 100_000_000L;

    private final Kernel k;
    private long tailSeq;
    private long headSeq;
    /** RT tasks waiting on any run queue; the pull is skipped while it is zero (no scan on non-RT workloads). */
    private int queued;

    RtClass(Kernel kernel) {
        this.k = kernel;
    }

    /** An RT task woke up (or forked): place it and preempt a lower-priority current task. */
    void wake(TaskStruct p) {
        if (p.rrSliceLeft <= 0) {
            p.rrSliceLeft = RR_TIMESLICE_NS;
        }
        int cpu = selectCpu(p);
        k.migrate(p, cpu);
        enqueue(k.cpus[cpu], p, false);
    }

    /** {@code enqueue_task_rt}: at the tail (wake-up, RR rotation) or head (preempted) of its priority's list. */
    void enqueue(CpuRq rq, TaskStruct p, boolean head) {
        p.rtSeq = head ? --headSeq : ++tailSeq;
        rq.rt.add(p);
        queued++;
        if (preempts(rq, p)) {
            k.resched(rq);
        }
    }

    /** {@code put_prev_task_rt}: the running RT task was preempted and is still runnable. */
    void putPrev(CpuRq rq, TaskStruct prev) {
        boolean rotated = prev.rrSliceLeft <= 0;
        if (rotated) {
            prev.rrSliceLeft = RR_TIMESLICE_NS;
        }
        enqueue(rq, prev, !rotated);
    }

    /** True if the RT class has a task for {@code rq} (pulling one from another CPU if its own list is empty). */
    boolean hasWork(CpuRq rq) {
        return rq.rt.nr > 0 || pull(rq);
    }

    /** {@code pick_next_task_rt}: takes the first task off the list. */
    TaskStruct pickNext(CpuRq rq) {
        TaskStruct next = rq.rt.first();
        rq.rt.remove(next);
        queued--;
        return next;
    }

    /** Removes a queued task (hotplug moves it, a policy change takes it out of the class). */
    void dequeue(CpuRq rq, TaskStruct p) {
        rq.rt.remove(p);
        queued--;
    }

    /** {@code task_tick_rt}: a SCHED_RR task that used its quantum yields to the next task of its priority. */
    void tick(CpuRq rq, TaskStruct p) {
        if (p.policy() != SchedPolicy.RR) {
            return;
        }
        p.rrSliceLeft -= k.config.tickNs();
        if (p.rrSliceLeft > 0) {
            return;
        }
        if (rq.rt.hasPriority(p.rtPriority)) {
            p.rrSliceLeft = 0;
            k.resched(rq);
        } else {
            p.rrSliceLeft = RR_TIMESLICE_NS;
        }
    }

    /** {@code wakeup_preempt}: {@code p} outranks what {@code rq} runs (and the deadline server is not serving). */
    private boolean preempts(CpuRq rq, TaskStruct p) {
        TaskStruct curr = rq.curr;
        if (curr == null || !curr.isRt()) {
            return !k.dlServer.serving(rq.cpu);
        }
        return p.rtPriority > curr.rtPriority;
    }

    /** The priority of what runs on {@code rq}: -2 idle, -1 a fair or ext task, else the RT priority. */
    private int currPriority(CpuRq rq) {
        TaskStruct curr = rq.curr;
        if (curr == null && rq.rt.nr == 0) {
            return rq.needResched ? -1 : -2;
        }
        int prio = curr == null ? -1 : curr.isRt() ? curr.rtPriority : -1;
        return Math.max(prio, rq.rt.highestPriority());
    }

    /**
     * {@code select_task_rq_rt}: stay on the previous CPU unless it runs RT work of equal or higher priority; then
     * {@code find_lowest_rq}: the allowed online CPU running the lowest-priority work, the previous CPU's LLC first.
     */
    int selectCpu(TaskStruct p) {
        int prev = p.cpu;
        CpuMask allowed = p.cpusAllowed();
        boolean prevOk = allowed.contains(prev) && k.cpus[prev].online;
        if (prevOk && currPriority(k.cpus[prev]) < p.rtPriority) {
            return prev;
        }
        int best = -1;
        int bestPrio = Integer.MAX_VALUE;
        CpuMask llc = k.topology.llcOf(prev).cpus();
        for (int pass = 0; pass < 2; pass++) {
            for (int c = allowed.first(); c >= 0; c = allowed.next(c + 1)) {
                if (!k.cpus[c].online || (pass == 0) != llc.contains(c)) {
                    continue;
                }
                int prio = currPriority(k.cpus[c]);
                if (prio < bestPrio) {
                    best = c;
                    bestPrio = prio;
                }
            }
        }
        if (best >= 0 && bestPrio < p.rtPriority) {
            return best;
        }
        return prevOk ? prev : best >= 0 ? best : allowed.first();
    }

    /**
     * {@code pull_rt_task}: {@code rq} is about to run something below RT; take the highest-priority RT task waiting
     * behind equal or higher RT work on another CPU, if it may run here.
     */
    private boolean pull(CpuRq rq) {
        if (queued == 0 || !rq.online) {
            return false;
        }
        TaskStruct best = null;
        CpuRq from = null;
        for (CpuRq other : k.cpus) {
            if (other == rq || other.rt.nr == 0) {
                continue;
            }
            for (int i = 0; i < other.rt.nr; i++) {
                TaskStruct t = other.rt.tasks[i];
                boolean waitsBehindRt = other.curr != null && other.curr.isRt();
                if (waitsBehindRt && t.cpusAllowed().contains(rq.cpu)
                        && (best == null || t.rtPriority > best.rtPriority)) {
                    best = t;
                    from = other;
                }
            }
        }
        if (best == null) {
            return false;
        }
        from.rt.remove(best);
        k.migrate(best, rq.cpu);
        best.rtSeq = ++tailSeq;
        rq.rt.add(best);
        return true;
    }
}
