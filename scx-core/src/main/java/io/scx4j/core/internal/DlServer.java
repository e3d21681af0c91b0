package io.scx4j.core.internal;

/**
 * The deadline servers that keep fair and ext tasks from starving under RT load ({@code kernel/sched/deadline.c}
 * {@code dl_server_*}; the fair server since v6.12, the ext server ({@code ext_server}) since v6.19, reference §7.2
 * and selftests {@code rt_stall} / {@code total_bw}). Each CPU has a SCHED_DEADLINE entity with the kernel's
 * defaults, {@link #RUNTIME_NS} = 50 ms of runtime every {@link #PERIOD_NS} = 1 s ({@code sched_init_dl_servers}),
 * in deferred mode ({@code dl_defer}): time the lower classes get anyway is charged to the server
 * ({@code dl_server_update} from {@code update_curr}), and the server only steps in at the "zero-laxity" point, when
 * the runtime left would just fit before the period ends. From then it runs fair and ext tasks ahead of RT until
 * its runtime is used, and is replenished at the period's end. Under a CPU-bound SCHED_FIFO hog the lower classes
 * therefore get 50 ms in every second, 5 % of the CPU.
 *
 * <p>Simplifications: one server per CPU serves fair first, then ext (the kernel has one of each, each with its own
 * 50 ms; under {@code SCX_OPS_SWITCH_PARTIAL} both classes together get 50 ms here); the server's period starts when
 * an RT task first runs on the CPU and continues while RT tasks keep using it; a lower-class task that arrives after
 * the zero-laxity point waits for the next period.
 */
final class DlServer {
    /** {@code fair_server} / {@code ext_server} runtime: 50 ms. */
    static final long RUNTIME_NS = 50_000_000L;
    /** Their period (and deadline): 1 s. */
    static final long PERIOD_NS = 1_000_000_000L;

    private static final int ZERO_LAXITY = 0;
    private static final int BUDGET_END = 1;
    private static final int PERIOD_END = 2;

    private final Kernel k;
    private final boolean[] active;
    private final boolean[] serving;
    private final boolean[] rtSeen;
    private final long[] periodEnd;
    private final long[] runtimeLeft;
    private final long[] gen;

    DlServer(Kernel kernel, int nrCpus) {
        this.k = kernel;
        active = new boolean[nrCpus];
        serving = new boolean[nrCpus];
        rtSeen = new boolean[nrCpus];
        periodEnd = new long[nrCpus];
        runtimeLeft = new long[nrCpus];
        gen = new long[nrCpus];
    }

    /** True while the server runs lower-class tasks on {@code cpu} ahead of RT. */
    boolean serving(int cpu) {
        return serving[cpu];
    }

    /** Runtime left in the current period (ns). */
    long runtimeLeft(int cpu) {
        return runtimeLeft[cpu];
    }

    /** An RT task starts running on {@code rq}: start the server's period if it is not running. */
    void rtRunning(CpuRq rq) {
        int cpu = rq.cpu;
        rtSeen[cpu] = true;
        if (!active[cpu]) {
            active[cpu] = true;
            runtimeLeft[cpu] = RUNTIME_NS;
            periodEnd[cpu] = k.now + PERIOD_NS;
            armPeriod(cpu);
        }
    }

    /** {@code dl_server_update}: a fair or ext task ran {@code deltaNs} on {@code rq}. */
    void charge(CpuRq rq, TaskStruct p, long deltaNs) {
        int cpu = rq.cpu;
        if (!active[cpu] || p.isRt()) {
            return;
        }
        runtimeLeft[cpu] = Math.max(0, runtimeLeft[cpu] - deltaNs);
    }

    /** The server picked but the lower classes had nothing: it stops serving until the next period. */
    void nothingToServe(CpuRq rq) {
        serving[rq.cpu] = false;
    }

    /** A server timer fired on {@code cpu}. */
    void timer(int cpu, long arg) {
        if (arg >> 2 != gen[cpu] || !active[cpu]) {
            return;
        }
        CpuRq rq = k.cpus[cpu];
        switch ((int) (arg & 3)) {
            case ZERO_LAXITY -> {
                if (rq.curr != null) {
                    k.updateCurr(rq);
                }
                long zeroLaxity = periodEnd[cpu] - runtimeLeft[cpu];
                if (runtimeLeft[cpu] > 0 && k.now < zeroLaxity) {
                    // the lower classes ran meanwhile: what is left fits later
                    k.post(zeroLaxity, Kernel.EV_DL_SERVER, cpu, gen[cpu] << 2 | ZERO_LAXITY);
                } else if (runtimeLeft[cpu] > 0 && rtBusy(rq) && lowerClassWaits(rq)) {
                    serving[cpu] = true;
                    k.resched(rq);
                    k.post(k.now + runtimeLeft[cpu], Kernel.EV_DL_SERVER, cpu, gen[cpu] << 2 | BUDGET_END);
                }
            }
            case BUDGET_END -> {
                if (!serving[cpu]) {
                    return;
                }
                if (rq.curr != null) {
                    k.updateCurr(rq);
                }
                if (runtimeLeft[cpu] > 0) {
                    k.post(k.now + runtimeLeft[cpu], Kernel.EV_DL_SERVER, cpu, gen[cpu] << 2 | BUDGET_END);
                } else {
                    serving[cpu] = false;
                    k.resched(rq);
                }
            }
            default -> {
                if (rq.curr != null) {
                    k.updateCurr(rq);
                }
                if (serving[cpu]) {
                    serving[cpu] = false;
                    k.resched(rq);
                }
                gen[cpu]++;
                if (rtSeen[cpu] || rtBusy(rq)) {
                    rtSeen[cpu] = rq.curr != null && rq.curr.isRt();
                    runtimeLeft[cpu] = RUNTIME_NS;
                    periodEnd[cpu] += PERIOD_NS;
                    armPeriod(cpu);
                } else {
                    active[cpu] = false;
                }
            }
        }
    }

    /** The CPU goes offline: its server stops. */
    void offline(int cpu) {
        active[cpu] = false;
        serving[cpu] = false;
        gen[cpu]++;
    }

    private void armPeriod(int cpu) {
        k.post(periodEnd[cpu] - runtimeLeft[cpu], Kernel.EV_DL_SERVER, cpu, gen[cpu] << 2 | ZERO_LAXITY);
        k.post(periodEnd[cpu], Kernel.EV_DL_SERVER, cpu, gen[cpu] << 2 | PERIOD_END);
    }

    private static boolean rtBusy(CpuRq rq) {
        return (rq.curr != null && rq.curr.isRt()) || rq.rt.nr > 0;
    }

    /** A fair or ext task could run on {@code rq} if RT let it. */
    private boolean lowerClassWaits(CpuRq rq) {
        if (rq.fair.nr > 0 || !rq.local.isEmpty()) {
            return true;
        }
        for (int i = 0; i < k.tasks.size(); i++) {
            TaskStruct t = k.tasks.get(i);
            if (t.ext && t.runState == TaskStruct.RunState.RUNNABLE && t.cpusAllowed().contains(rq.cpu)) {
                return true;
            }
        }
        return false;
    }
}
