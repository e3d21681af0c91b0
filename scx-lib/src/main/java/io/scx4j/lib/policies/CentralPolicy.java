package io.scx4j.lib.policies;

import io.scx4j.api.Dsq;
import io.scx4j.api.EnqFlags;
import io.scx4j.api.Errno;
import io.scx4j.api.KickFlags;
import io.scx4j.api.OpsFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.api.TaskLocal;
import io.scx4j.lib.CpuRunClock;
import io.scx4j.lib.VtimeClock;
import java.util.ArrayDeque;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code central}: one CPU makes every scheduling decision; the Java form of {@code scx_central}
 * ({@code scheds/c/scx_central.bpf.c} in sched-ext/scx; {@code tools/sched_ext/} in the kernel). It is built to
 * exercise sched_ext's mechanisms rather than to schedule well: dispatching to other CPUs' local DSQs
 * ({@link Dsq#localOn SCX_DSQ_LOCAL_ON | cpu}), infinite slices, and preemption by kicking.
 *
 * <p><b>How it schedules.</b>
 * <ul>
 *   <li>{@link #selectCpu}: always the central CPU, so wake-ups disturb no other CPU (the result is only a hint;
 *       the kernel falls back to an allowed CPU if the task may not run there).</li>
 *   <li>{@link #enqueue}: per-CPU kernel threads (a kthread allowed on one CPU only, e.g. ksoftirqd) go straight to
 *       the head of their CPU's local DSQ with {@link EnqFlags#PREEMPT}, so nothing can starve them. Every other
 *       task joins one FIFO queue (a BPF queue map of pids upstream, an {@link ArrayDeque} of tasks here, bounded
 *       at {@link #QUEUE_CAPACITY}; overflow goes to the {@link #FALLBACK_DSQ}), and the central CPU is kicked with
 *       {@link KickFlags#PREEMPT} to hand it out.</li>
 *   <li>{@link #dispatch} on a non-central CPU: take a task from the fallback DSQ if there is one; otherwise raise
 *       this CPU's "gimme" flag and kick the central CPU. The CPU itself decides nothing.</li>
 *   <li>{@link #dispatch} on the central CPU: for every CPU whose flag is up, pop the queue and insert the task into
 *       that CPU's local DSQ ({@code LOCAL_ON | cpu}, slice {@link Scx#SLICE_INF}) and wake the CPU
 *       ({@link KickFlags#IDLE}). A task that may not run on that CPU is bounced to the fallback DSQ. When the
 *       dispatch buffer fills up it kicks itself to continue. Then it finds work for itself: the fallback DSQ first,
 *       then the queue.</li>
 *   <li>The slice timer: every task gets an infinite slice, so the kernel never preempts it; instead, every
 *       {@link #TIMER_INTERVAL_NS} the policy looks at each non-central CPU and kicks it with
 *       {@link KickFlags#PREEMPT} if its task has run at least {@code slice_us} (or the CPU is idle) <em>and</em>
 *       there is work waiting: in the fallback DSQ, in that CPU's local DSQ, or in the queue (at most as many CPUs
 *       as there are queued tasks). {@link #running}/{@link #stopping} record when each CPU's task started
 *       ({@link CpuRunClock}).</li>
 * </ul>
 * {@link #flags()} sets {@link OpsFlags#ENQ_LAST}: a CPU's last task whose slice ended goes back through
 * {@code enqueue} like any other, since only the central CPU decides what runs next.
 *
 * <p><b>Differences from scx_central</b> (deliberate; see also the module README):
 * <ul>
 *   <li><em>The timer.</em> scx_central arms a BPF timer pinned to the central CPU that fires every 1 ms. The
 *       scx4j API has no BPF timers, so the timer is driven by {@link #tick}: the central CPU's tick runs the check
 *       when at least {@link #TIMER_INTERVAL_NS} has passed since the last run ({@link Scx#now()}). Ticks only
 *       happen on CPUs running an ext task, so while the central CPU runs none (idle, or a higher class) the tick of
 *       any other CPU runs the check instead, much like scx_central's unpinned-timer fallback for kernels without
 *       {@code BPF_F_TIMER_CPU_PIN}. The check therefore runs at most once per tick period (1/HZ) and not at all
 *       while no CPU runs an ext task (then no CPU needs preempting).</li>
 *   <li><em>Dequeue.</em> scx_central keeps pids and skips pids whose task is gone ({@code nr_lost_pids}); a task
 *       dequeued (e.g. for an affinity change) and enqueued again sits in its queue twice and the kernel silently
 *       drops the stale dispatch. This policy implements {@link #dequeue} instead and takes such a task out of the
 *       queue, so it never inserts a task it no longer owns; there is no "lost" counter.</li>
 *   <li><em>Validation.</em> scx_central's user space rejects a central CPU {@code >= nr_cpu_ids}; here
 *       {@link #init} reports it with {@link Scx#error} and fails the load with {@code -EINVAL}.</li>
 * </ul>
 */
public final class CentralPolicy implements SchedOps {
    /** The user DSQ for tasks the central queue cannot take or could not place (scx_central's {@code FALLBACK_DSQ_ID}). */
    public static final long FALLBACK_DSQ = 0;
    /** The capacity of the central queue (scx_central's {@code central_q} has 4096 entries); beyond it tasks go to {@link #FALLBACK_DSQ}. */
    public static final int QUEUE_CAPACITY = 4096;
    /** How often the slice timer checks the CPUs: 1 ms (scx_central's {@code TIMER_INTERVAL_NS}). */
    public static final long TIMER_INTERVAL_NS = 1_000_000L;

    /**
     * The policy's counters, as {@code scx_central} prints them.
     *
     * @param total      tasks enqueued
     * @param locals     per-CPU kthreads inserted straight into their local DSQ
     * @param queued     tasks in the central queue right now
     * @param timers     runs of the slice timer
     * @param dispatches dispatch rounds on the central CPU
     * @param mismatches tasks popped for a CPU they may not run on, bounced to the fallback DSQ
     * @param retries    dispatch rounds cut short by a full dispatch buffer (the central CPU kicked itself)
     * @param overflows  tasks sent to the fallback DSQ because the central queue was full
     */
    public record Stats(long total, long locals, long queued, long timers, long dispatches, long mismatches,
            long retries, long overflows) {}

    private final int centralCpu;
    private final long sliceNs;
    private final ArrayDeque<Task> queue = new ArrayDeque<>();
    /** Marks the tasks that are in {@link #queue}, so {@link #dequeue} need not search it. */
    private final TaskLocal<Boolean> inQueue = TaskLocal.empty();

    private @Nullable Scx scx;
    private int nrCpuIds;
    private boolean[] gimme = new boolean[0];
    private CpuRunClock runClock = new CpuRunClock(1);
    private boolean timerRan;
    private long nextTimerAt;

    private long nrTotal;
    private long nrLocals;
    private long nrTimers;
    private long nrDispatches;
    private long nrMismatches;
    private long nrRetries;
    private long nrOverflows;

    /**
     * A central policy.
     *
     * @param centralCpu the CPU that makes every decision; must be below {@link Scx#nrCpuIds()} (checked at init)
     * @param sliceNs    how long a task may run before the timer preempts it when others wait, in ns, positive
     */
    public CentralPolicy(int centralCpu, long sliceNs) {
        if (centralCpu < 0) {
            throw new IllegalArgumentException("centralCpu must be >= 0, got " + centralCpu);
        }
        if (sliceNs <= 0) {
            throw new IllegalArgumentException("sliceNs must be positive, got " + sliceNs);
        }
        this.centralCpu = centralCpu;
        this.sliceNs = sliceNs;
    }

    /** Central CPU 0 and the default slice, {@link Scx#SLICE_DFL}, like scx_central without flags. */
    public CentralPolicy() {
        this(0, Scx.SLICE_DFL);
    }

    @Override
    public String name() {
        return "central";
    }

    /** {@link OpsFlags#ENQ_LAST}: the last task of a CPU is enqueued like any other. */
    @Override
    public long flags() {
        return OpsFlags.ENQ_LAST;
    }

    /**
     * {@code ops.init}: checks the central CPU exists, creates {@link #FALLBACK_DSQ} and sizes the per-CPU state to
     * {@link Scx#nrCpuIds()}.
     *
     * @return 0, {@code -EINVAL} for a central CPU that does not exist, or the error of {@link Scx#createDsq}
     */
    @Override
    public int init(Scx scx) {
        this.scx = Objects.requireNonNull(scx, "scx");
        nrCpuIds = scx.nrCpuIds();
        if (centralCpu >= nrCpuIds) {
            scx.error("invalid central CPU %d: the machine has CPUs 0..%d", centralCpu, nrCpuIds - 1);
            return -Errno.EINVAL;
        }
        int ret = scx.createDsq(FALLBACK_DSQ, Scx.NUMA_NO_NODE);
        if (ret != 0) {
            return ret;
        }
        gimme = new boolean[nrCpuIds];
        runClock = new CpuRunClock(nrCpuIds);
        return 0;
    }

    /** {@code ops.select_cpu}: always the central CPU (a hint; the kernel corrects it if the task may not run there). */
    @Override
    public int selectCpu(Task p, int prevCpu, long wakeFlags) {
        return centralCpu;
    }

    /**
     * {@code ops.enqueue}: per-CPU kthreads preempt their CPU; everything else joins the central queue (or the
     * fallback DSQ if it is full) and the central CPU is kicked unless {@code p} is the task running right now.
     */
    @Override
    public void enqueue(Task p, long enqFlags) {
        Scx scx = scx();
        nrTotal++;
        if (p.kthread() && p.nrCpusAllowed() == 1) {
            nrLocals++;
            scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_INF, enqFlags | EnqFlags.PREEMPT);
            return;
        }
        if (queue.size() >= QUEUE_CAPACITY) {
            nrOverflows++;
            scx.dsqInsert(p, FALLBACK_DSQ, Scx.SLICE_INF, enqFlags);
            return;
        }
        queue.addLast(p);
        inQueue.set(p, Boolean.TRUE);
        if (!scx.taskRunning(p)) {
            scx.kickCpu(centralCpu, KickFlags.PREEMPT);
        }
    }

    /** {@code ops.dequeue}: a task leaving the policy's custody is taken out of the central queue if it is there. */
    @Override
    public void dequeue(Task p, long deqFlags) {
        if (inQueue.get(p) != null) {
            inQueue.remove(p);
            queue.removeFirstOccurrence(p);
        }
    }

    /**
     * {@code ops.dispatch}: on the central CPU, hand queued tasks to every CPU that asked, then find work for
     * itself; on any other CPU, take from the fallback DSQ or ask the central CPU.
     */
    @Override
    public void dispatch(int cpu, @Nullable Task prev) {
        Scx scx = scx();
        if (cpu != centralCpu) {
            if (scx.dsqMoveToLocal(FALLBACK_DSQ)) {
                return;
            }
            gimme[cpu] = true;
            scx.kickCpu(centralCpu, KickFlags.PREEMPT);
            return;
        }
        nrDispatches++;
        for (int other = 0; other < nrCpuIds; other++) {
            if (scx.dispatchNrSlots() == 0) {
                break;
            }
            if (gimme[other] && dispatchTo(other)) {
                gimme[other] = false;
            }
        }
        if (scx.dispatchNrSlots() == 0) {
            // Some CPUs may have been skipped and the central CPU has nothing yet: go round again.
            nrRetries++;
            scx.kickCpu(centralCpu, KickFlags.PREEMPT);
            return;
        }
        if (scx.dsqMoveToLocal(FALLBACK_DSQ)) {
            return;
        }
        dispatchTo(centralCpu);
    }

    /** {@code ops.running}: remember when the task started on its CPU, for the slice timer. */
    @Override
    public void running(Task p) {
        Scx scx = scx();
        runClock.start(scx.taskCpu(p), scx.now());
    }

    /** {@code ops.stopping}: the task's CPU has no running task any more, for the slice timer. */
    @Override
    public void stopping(Task p, boolean runnable) {
        runClock.stop(scx().taskCpu(p));
    }

    /**
     * {@code ops.tick}, standing in for scx_central's BPF timer: on the central CPU (or on any CPU while the central
     * CPU runs no ext task), run {@link #TIMER_INTERVAL_NS the slice timer} if it is due.
     */
    @Override
    public void tick(Task p) {
        Scx scx = scx();
        int cpu = scx.taskCpu(p);
        if (cpu != centralCpu && runClock.isRunning(centralCpu)) {
            return; // the central CPU's own tick drives the timer
        }
        long now = scx.now();
        if (timerRan && VtimeClock.timeBefore(now, nextTimerAt)) {
            return;
        }
        timerRan = true;
        nextTimerAt = now + TIMER_INTERVAL_NS;
        sliceTimer(now);
    }

    /** The timer body: preempt non-central CPUs whose task used its slice while work is waiting. */
    private void sliceTimer(long now) {
        Scx scx = scx();
        long nrToKick = queue.size();
        for (int i = 0; i < nrCpuIds; i++) {
            // start at a different CPU each round so no CPU is always kicked last
            int cpu = (int) ((nrTimers + i) % nrCpuIds);
            if (cpu == centralCpu || !runClock.sliceExhausted(cpu, now, sliceNs)) {
                continue;
            }
            if (scx.dsqNrQueued(FALLBACK_DSQ) > 0 || scx.dsqNrQueued(Dsq.localOn(cpu)) > 0) {
                // work is already waiting where this CPU will look
            } else if (nrToKick > 0) {
                nrToKick--;
            } else {
                continue;
            }
            scx.kickCpu(cpu, KickFlags.PREEMPT);
        }
        nrTimers++;
    }

    /** Pops the queue until a task that may run on {@code cpu} is found and inserted into its local DSQ. */
    private boolean dispatchTo(int cpu) {
        Scx scx = scx();
        Task p;
        while ((p = queue.pollFirst()) != null) {
            inQueue.remove(p);
            if (!p.cpusAllowed().contains(cpu)) {
                nrMismatches++;
                scx.dsqInsert(p, FALLBACK_DSQ, Scx.SLICE_INF, 0);
                if (scx.dispatchNrSlots() == 0) {
                    break; // the next insert would fail
                }
                continue;
            }
            scx.dsqInsert(p, Dsq.localOn(cpu), Scx.SLICE_INF, 0);
            if (cpu != centralCpu) {
                scx.kickCpu(cpu, KickFlags.IDLE);
            }
            return true;
        }
        return false;
    }

    /** The counters so far (a snapshot). */
    public Stats stats() {
        return new Stats(nrTotal, nrLocals, queue.size(), nrTimers, nrDispatches, nrMismatches, nrRetries,
                nrOverflows);
    }

    /** The CPU that makes every decision. */
    public int centralCpu() {
        return centralCpu;
    }

    /** The slice the timer enforces, in ns. */
    public long sliceNs() {
        return sliceNs;
    }

    private Scx scx() {
        Scx s = scx;
        if (s == null) {
            throw new IllegalStateException("policy 'central' used before init(Scx)");
        }
        return s;
    }
}
