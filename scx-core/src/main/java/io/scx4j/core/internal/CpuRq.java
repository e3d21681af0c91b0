package io.scx4j.core.internal;

import io.scx4j.api.Dsq;

/** Per-CPU run-queue state ({@code struct rq} with its {@code scx_rq} and {@code cfs_rq} parts). */
final class CpuRq {
    final int cpu;
    /** Speed relative to the reference CPU, as capacity / 1024. */
    final int capacity;
    final DispatchQueue local;
    final FairRq fair = new FairRq();
    boolean online = true;

    TaskStruct curr;
    /**
     * Proxy execution: the mutex owner running in the place of {@code curr}, a donor blocked on that mutex
     * ({@code rq->curr} in Linux, while {@code curr} here is {@code rq->donor}); null when not proxying.
     */
    TaskStruct proxy;
    long lastAccount;
    /** Bumped whenever the running task changes or its completion time must be recomputed; stale RUN_DONE events carry an old value. */
    long runGen;
    boolean tickArmed;
    boolean needResched;
    boolean idleNotified = true;
    /** The policy was told (cpu_release) that a higher class took this CPU. */
    boolean released;

    // dispatch buffer (ops.dispatch inserts), preallocated to dispatch_max_batch
    TaskStruct[] dspTask = new TaskStruct[32];
    long[] dspDsq = new long[32];
    long[] dspFlags = new long[32];
    long[] dspQseq = new long[32];
    int dspCount;
    int dspInserted;

    long busyNs;
    /** When this CPU may next push a fair task to a busy CPU. */
    long nextBusyBalance;
    long contextSwitches;

    CpuRq(int cpu, int capacity) {
        this.cpu = cpu;
        this.capacity = capacity;
        this.local = new DispatchQueue(Dsq.localOn(cpu), cpu);
    }

    boolean isIdle() {
        return curr == null;
    }
}
