package io.scx4j.lib.policies;

import io.scx4j.api.Dsq;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.SelectCpuResult;
import io.scx4j.api.Task;
import io.scx4j.lib.VtimeClock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code simple}: a global weighted-vtime (or FIFO) scheduler, the Java form of {@code scx_simple}
 * ({@code scheds/c/scx_simple.bpf.c} in sched-ext/scx; {@code tools/sched_ext/} in the kernel).
 *
 * <p><b>How it schedules.</b> All CPUs share one user DSQ, {@link #SHARED_DSQ}.
 * <ul>
 *   <li>{@link #selectCpu}: the kernel's default selection ({@link Scx#selectCpuDfl}); if that found and claimed an
 *       idle CPU the task is inserted straight into that CPU's local DSQ (a <em>direct dispatch</em>, counted as
 *       {@link Stats#local()}) and {@code enqueue} is skipped.</li>
 *   <li>{@link #enqueue}: every other task goes to the shared DSQ (counted as {@link Stats#global()}): in FIFO mode
 *       at its tail with {@link Scx#dsqInsert}; in vtime mode ordered by vtime with {@link Scx#dsqInsertVtime},
 *       after clamping a long sleeper's vtime to at most one slice behind the global clock.</li>
 *   <li>{@link #dispatch}: a CPU with nothing to run takes the head of the shared DSQ ({@link Scx#dsqMoveToLocal}).
 *   </li>
 *   <li>{@link #running}/{@link #stopping}/{@link #enable} (vtime mode): the global clock {@code vtime_now} follows
 *       the tasks that start running; a task that stops is charged the slice it used scaled by
 *       {@code 100 / weight}; a task entering the policy starts at {@code vtime_now}. See {@link VtimeClock}.</li>
 * </ul>
 * There is no preemption: a task runs until its slice ends or it blocks. The shared queue keeps the head task
 * waiting at most until some CPU frees up, which on a machine with a uniform L3 works reasonably well.
 *
 * <p><b>Differences from scx_simple.</b> The slice is the {@code slice_us} option (scx_simple always uses
 * {@code SCX_SLICE_DFL}, the default of the option); it is used for direct dispatch, for the shared DSQ, as the
 * sleep-credit budget of the clamp and as the slice charged from. A remaining slice larger than the assigned one
 * (refilled by the kernel) is charged as 0 instead of wrapping. Statistics are two plain counters (scx_simple keeps
 * them in a per-CPU array map and sums them in user space).
 */
public final class SimplePolicy implements SchedOps {
    /** The id of the shared user DSQ (built-in DSQs cannot be vtime-ordered, so scx_simple creates DSQ 0). */
    public static final long SHARED_DSQ = 0;

    /**
     * The policy's counters, as {@code scx_simple} prints them ({@code local=N global=N}).
     *
     * @param local  tasks direct-dispatched to an idle CPU's local DSQ from {@code select_cpu}
     * @param global tasks queued on the shared DSQ from {@code enqueue}
     */
    public record Stats(long local, long global) {}

    private final boolean fifo;
    private final long sliceNs;
    private final VtimeClock clock = new VtimeClock();
    private @Nullable Scx scx;
    private long nrLocal;
    private long nrGlobal;

    /**
     * A policy in FIFO or weighted-vtime mode.
     *
     * @param fifo    true: first in, first out; false: weighted vtime
     * @param sliceNs the time slice every task gets, in ns, positive
     */
    public SimplePolicy(boolean fifo, long sliceNs) {
        if (sliceNs <= 0) {
            throw new IllegalArgumentException("sliceNs must be positive, got " + sliceNs);
        }
        this.fifo = fifo;
        this.sliceNs = sliceNs;
    }

    /** A weighted-vtime policy with the default slice, {@link Scx#SLICE_DFL}, like scx_simple without flags. */
    public SimplePolicy() {
        this(false, Scx.SLICE_DFL);
    }

    @Override
    public String name() {
        return "simple";
    }

    /** {@code ops.init}: creates {@link #SHARED_DSQ}; fails the load with its error if that fails. */
    @Override
    public int init(Scx scx) {
        this.scx = Objects.requireNonNull(scx, "scx");
        return scx.createDsq(SHARED_DSQ, Scx.NUMA_NO_NODE);
    }

    /** {@code ops.select_cpu}: default selection; an idle CPU gets the task directly on its local DSQ. */
    @Override
    public int selectCpu(Task p, int prevCpu, long wakeFlags) {
        Scx scx = scx();
        SelectCpuResult r = scx.selectCpuDfl(p, prevCpu, wakeFlags);
        if (r.idle()) {
            nrLocal++;
            scx.dsqInsert(p, Dsq.LOCAL, sliceNs, 0);
        }
        return r.cpu();
    }

    /** {@code ops.enqueue}: onto the shared DSQ, FIFO or by clamped vtime. */
    @Override
    public void enqueue(Task p, long enqFlags) {
        nrGlobal++;
        if (fifo) {
            scx().dsqInsert(p, SHARED_DSQ, sliceNs, enqFlags);
        } else {
            long vtime = clock.clamp(p.dsqVtime(), sliceNs);
            scx().dsqInsertVtime(p, SHARED_DSQ, sliceNs, vtime, enqFlags);
        }
    }

    /** {@code ops.dispatch}: move the head of the shared DSQ to this CPU. */
    @Override
    public void dispatch(int cpu, @Nullable Task prev) {
        scx().dsqMoveToLocal(SHARED_DSQ);
    }

    /** {@code ops.running}: vtime mode moves {@code vtime_now} up to the starting task's vtime. */
    @Override
    public void running(Task p) {
        if (!fifo) {
            clock.advanceTo(p.dsqVtime());
        }
    }

    /** {@code ops.stopping}: vtime mode charges {@code (slice - remaining) * 100 / weight}. */
    @Override
    public void stopping(Task p, boolean runnable) {
        if (!fifo) {
            VtimeClock.chargeStopping(p, sliceNs);
        }
    }

    /** {@code ops.enable}: a task entering the policy starts at {@code vtime_now}. */
    @Override
    public void enable(Task p) {
        p.setDsqVtime(clock.now());
    }

    /** The counters so far (a snapshot). */
    public Stats stats() {
        return new Stats(nrLocal, nrGlobal);
    }

    /** True in FIFO mode, false in weighted-vtime mode. */
    public boolean fifo() {
        return fifo;
    }

    /** The slice every task is given, in ns. */
    public long sliceNs() {
        return sliceNs;
    }

    /** The global virtual clock, {@code vtime_now} (stays 0 in FIFO mode). */
    public long vtimeNow() {
        return clock.now();
    }

    private Scx scx() {
        Scx s = scx;
        if (s == null) {
            throw new IllegalStateException("policy 'simple' used before init(Scx)");
        }
        return s;
    }
}
