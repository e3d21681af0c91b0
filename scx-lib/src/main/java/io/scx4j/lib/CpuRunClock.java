package io.scx4j.lib;

import java.util.Arrays;

/**
 * Per-CPU timestamps of when each CPU's current task started running, for policies that enforce time slices
 * themselves.
 *
 * <p><b>Why a policy would.</b> A task inserted with {@link io.scx4j.api.Scx#SLICE_INF SCX_SLICE_INF} never runs out
 * of slice: the kernel will not switch it out on its own, which lets a {@code NO_HZ_FULL} kernel stop the tick on
 * that CPU. The policy then decides when the task has run long enough and preempts it with
 * {@link io.scx4j.api.Scx#kickCpu scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT)}. To decide, it records when each CPU's
 * task started ({@code ops.running}: {@link #start}), forgets it when the task stops ({@code ops.stopping}:
 * {@link #stop}), and periodically compares with the clock ({@link #sliceExhausted}). {@code scx_central.bpf.c}
 * (sched-ext/scx, {@code scheds/c/}) keeps exactly this array, {@code cpu_started_at}, and checks it from a
 * periodic BPF timer.
 *
 * <p>A timestamp of 0 means "no task running" (idle, or running another scheduling class); a task that starts at
 * clock value 0 is recorded as 1, as {@code scx_central} does. Comparisons are wrap-safe
 * ({@link VtimeClock#timeBefore}). Not thread-safe: the engine calls callbacks one at a time.
 */
public final class CpuRunClock {
    private static final long IDLE = 0;

    private final long[] startedAt;

    /**
     * A clock for CPUs {@code 0 .. nrCpuIds - 1}, all idle.
     *
     * @param nrCpuIds {@link io.scx4j.api.Scx#nrCpuIds()}
     */
    public CpuRunClock(int nrCpuIds) {
        if (nrCpuIds <= 0) {
            throw new IllegalArgumentException("nrCpuIds must be positive, got " + nrCpuIds);
        }
        startedAt = new long[nrCpuIds];
    }

    /** The number of CPUs tracked. */
    public int nrCpuIds() {
        return startedAt.length;
    }

    /** {@code ops.running}: a task starts running on {@code cpu} at clock value {@code now} ({@code scx_bpf_now()}). */
    public void start(int cpu, long now) {
        startedAt[cpu] = now == IDLE ? 1 : now;
    }

    /** {@code ops.stopping}: the task on {@code cpu} stops running; the CPU counts as idle until the next start. */
    public void stop(int cpu) {
        startedAt[cpu] = IDLE;
    }

    /** True while a task started by {@link #start} has not been {@link #stop stopped} on {@code cpu}. */
    public boolean isRunning(int cpu) {
        return startedAt[cpu] != IDLE;
    }

    /** When the current task of {@code cpu} started, or 0 if none is running. */
    public long startedAt(int cpu) {
        return startedAt[cpu];
    }

    /**
     * True if {@code cpu} has no task running, or its task has run for at least {@code sliceNs} at {@code now}: the
     * CPU may be given (or kicked to take) another task. False only while a task is within its slice.
     */
    public boolean sliceExhausted(int cpu, long now, long sliceNs) {
        long started = startedAt[cpu];
        return started == IDLE || !VtimeClock.timeBefore(now, started + sliceNs);
    }

    @Override
    public String toString() {
        return "CpuRunClock" + Arrays.toString(startedAt);
    }
}
