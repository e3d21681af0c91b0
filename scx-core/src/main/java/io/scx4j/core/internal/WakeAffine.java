package io.scx4j.core.internal;

import io.scx4j.topology.CpuMask;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Where the fair class puts a task it wakes: the wake-up fast path of {@code select_task_rq_fair()}
 * ({@code kernel/sched/fair.c}), which Linux runs for every {@code SCHED_NORMAL}/{@code SCHED_BATCH}/{@code SCHED_IDLE}
 * wake-up that is not a fork. It weighs two candidates, the wakee's previous CPU ({@code prev_cpu}, its caches may
 * still hold the task's data) and the waker's CPU ({@code this_cpu = smp_processor_id()}, its caches hold what the
 * waker just produced), then looks for an idle CPU that shares a cache with the winner:
 * <ol>
 *   <li><b>{@code record_wakee()}</b>: the waker counts how often it wakes a different task than last time
 *       ({@code wakee_flips}, halved once a second);</li>
 *   <li><b>{@code want_affine}</b>: the waker's CPU is a candidate at all if the relationship is not many-to-many
 *       ({@code !wake_wide(p)}: see {@link #wakeWide}) and the wakee may run there;</li>
 *   <li><b>{@code wake_affine()}</b>, in the smallest scheduling domain of the waker's CPU that also spans
 *       {@code prev_cpu} and has {@code SD_WAKE_AFFINE} (every level but NUMA levels farther than
 *       {@code node_reclaim_distance}, 30): first {@link #wakeAffineIdle} looks at the two CPUs' state now, and if it
 *       has no opinion {@link #wakeAffineWeight} compares their load. Anything but "the waker's CPU" means
 *       {@code prev_cpu};</li>
 *   <li><b>{@code select_idle_sibling(p, prev, target)}</b> ({@link #selectIdleSibling}): an idle CPU near the chosen
 *       target, or the target itself.</li>
 * </ol>
 * The point of it, and the case {@code WF_SYNC} exists for: a pipe or socket writer that is about to block
 * ({@code pipe_write()}, {@code sock_def_readable()} wake with {@code WF_SYNC}) pulls its reader into its own LLC, so
 * the message is read from a warm cache, and onto its own CPU when nothing else runs there, since that CPU frees up
 * when the writer blocks. An ordinary wake-up moves the wakee only if the waker's CPU is idle (an interrupt) and shares
 * a cache with {@code prev_cpu}, or is clearly less loaded; and any wake-up may move to an idle CPU sharing a cache
 * with the chosen target.
 *
 * <p>Modelled as the kernel does it, with these approximations (named where they apply): the CPU of a wake-up
 * without a waking task (a timer's hard interrupt) is taken to be {@code prev_cpu}, where the sleeping task armed its
 * timer, so such wake-ups skip {@code wake_affine} and only search near {@code prev_cpu} (and, as a waking task always
 * runs on its CPU here, the "idle waker CPU" case of {@link #wakeAffineIdle} does not arise from a workload);
 * {@code available_idle_cpu()} is "online, nothing running, nothing queued, no reschedule pending"; the PELT load
 * averages are instantaneous queue weights ({@link #wakeAffineWeight}); energy-aware placement
 * ({@code find_energy_efficient_cpu}), the task-utilisation fit on asymmetric machines ({@code asym_fits_cpu}),
 * {@code SCHED_IDLE}-only CPUs counted as idle, clusters and per-CPU kthread stacking are left out. Nothing is
 * allocated per call.
 */
final class WakeAffine {
    /** {@code node_reclaim_distance} ({@code RECLAIM_DISTANCE}): NUMA levels farther than this lose {@code SD_WAKE_AFFINE}. */
    static final int NODE_RECLAIM_DISTANCE = 30;
    /** {@code sd->imbalance_pct} of an SMT domain ({@code SD_SHARE_CPUCAPACITY}), {@code sd_init()}. */
    static final int IMBALANCE_PCT_SMT = 110;
    /** {@code sd->imbalance_pct} of every other domain (LLC, package, NUMA), {@code sd_init()}. */
    static final int IMBALANCE_PCT = 117;
    /** {@code HZ} jiffies: {@code record_wakee()} halves the flips at most once per second. */
    static final long WAKEE_FLIP_DECAY_NS = 1_000_000_000L;
    /** {@code nr_cpumask_bits}: "no opinion" from {@link #wakeAffineIdle} and {@link #wakeAffineWeight}. */
    static final int NO_CPU = -1;

    private final Kernel k;
    /** {@code select_rq_mask}: the CPUs {@link #selectIdleCpu} still has to look at, one flag per CPU, reused. */
    private boolean[] skip;

    /** Created with the Kernel, before its fields are set: everything is read from {@code k} when used. */
    WakeAffine(Kernel k) {
        this.k = k;
    }

    /**
     * {@code select_task_rq_fair()} for a wake-up ({@code WF_TTWU}) of {@code p} by {@code waker} (null for a timer's
     * interrupt), with {@code WF_SYNC} if {@code sync}. Returns a CPU; the caller falls back to an allowed online CPU
     * if it is not one ({@code select_fallback_rq()}).
     */
    int selectTaskRq(TaskStruct p, @Nullable TaskStruct waker, boolean sync) {
        int prev = p.cpu;
        if (waker == null) {
            return selectIdleSibling(p, prev, prev);
        }
        // sync = (wake_flags & WF_SYNC) && !(current->flags & PF_EXITING)
        boolean syncWake = sync && !waker.exiting;
        int cpu = waker.cpu;
        recordWakee(waker, p);
        boolean wantAffine = !wakeWide(waker, p, cpu) && p.cpusAllowed().contains(cpu);
        int target = prev;
        if (wantAffine && cpu != prev && affineDomain(cpu, prev)) {
            target = wakeAffine(p, waker, cpu, prev, syncWake);
        }
        return selectIdleSibling(p, prev, target);
    }

    /**
     * {@code record_wakee()}: once a second the waker's flip count halves; waking another task than last time adds a
     * flip. A task that always wakes the same partner keeps few flips; one that feeds many keeps many.
     */
    void recordWakee(TaskStruct waker, TaskStruct p) {
        if (k.now > waker.wakeeFlipDecayTs + WAKEE_FLIP_DECAY_NS) {
            waker.wakeeFlips >>= 1;
            waker.wakeeFlipDecayTs = k.now;
        }
        if (waker.lastWakee != p) {
            waker.lastWakee = p;
            waker.wakeeFlips++;
        }
    }

    /**
     * {@code wake_wide()}: the waker and wakee are in a many-to-many relationship wider than one LLC, so spreading
     * beats pulling together. With {@code factor} the size of the waker's LLC ({@code sd_llc_size}), true when the
     * smaller flip count is at least {@code factor} and the larger at least {@code factor} times the smaller.
     */
    boolean wakeWide(TaskStruct waker, TaskStruct p, int cpu) {
        int master = waker.wakeeFlips;
        int slave = p.wakeeFlips;
        int factor = k.topology.llcOf(cpu).cpus().weight();
        if (master < slave) {
            int t = master;
            master = slave;
            slave = t;
        }
        return slave >= factor && (long) master >= (long) slave * factor;
    }

    /**
     * Whether some domain of {@code cpu} spanning {@code prev} has {@code SD_WAKE_AFFINE}: the two CPUs are on the same
     * node, or on nodes no farther apart than {@link #NODE_RECLAIM_DISTANCE} ({@code sd_init()} clears the flag on
     * farther NUMA levels, and every level above those is farther still).
     */
    boolean affineDomain(int cpu, int prev) {
        int a = k.topology.nodeOf(cpu).id();
        int b = k.topology.nodeOf(prev).id();
        return a == b || k.topology.nodeDistance(a, b) <= NODE_RECLAIM_DISTANCE;
    }

    /**
     * {@code wake_affine()}: {@code this_cpu} if {@link #wakeAffineIdle} or, when it has no opinion,
     * {@link #wakeAffineWeight} chooses it; {@code prev} otherwise.
     */
    int wakeAffine(TaskStruct p, TaskStruct waker, int thisCpu, int prev, boolean sync) {
        int target = wakeAffineIdle(thisCpu, prev, sync);
        if (target == NO_CPU) {
            target = wakeAffineWeight(p, waker, thisCpu, prev, sync);
        }
        return target == thisCpu ? thisCpu : prev;
    }

    /**
     * {@code wake_affine_idle()}, the decision by the state of the two CPUs now:
     * <ol>
     *   <li>the waker's CPU is idle (in Linux: the wake-up comes from an interrupt there) and shares a cache with
     *       {@code prev}: {@code prev} if it is idle too (no migration), else the waker's CPU. Without a shared cache an
     *       idle waker's CPU is no reason to move: interrupt-heavy work would otherwise drag tasks to the node the
     *       device interrupts;</li>
     *   <li>a sync wake-up and the waker is the only task on its CPU ({@code nr_running == 1}): the waker's CPU, which
     *       frees up as soon as the waker sleeps;</li>
     *   <li>{@code prev} is idle: {@code prev};</li>
     *   <li>else no opinion ({@link #NO_CPU}).</li>
     * </ol>
     */
    int wakeAffineIdle(int thisCpu, int prev, boolean sync) {
        if (availableIdle(thisCpu) && sharesCache(thisCpu, prev)) {
            return availableIdle(prev) ? prev : thisCpu;
        }
        if (sync && nrRunning(k.cpus[thisCpu]) == 1) {
            return thisCpu;
        }
        if (availableIdle(prev)) {
            return prev;
        }
        return NO_CPU;
    }

    /**
     * {@code wake_affine_weight()}, the decision by load: the waker's CPU wins if its load with the wakee added (and,
     * for a sync wake-up, the waker's own load taken away: it is about to sleep) is below {@code prev}'s load without
     * the wakee, {@code prev}'s side inflated by half the domain's imbalance margin ({@code WA_BIAS}:
     * {@code 100 + (imbalance_pct - 100) / 2}, so 105 % across SMT siblings, 108 % otherwise), both sides scaled by
     * the other CPU's capacity. A sync wake-up whose waker alone outweighs its CPU's load takes the waker's CPU at once,
     * and on a tie a sync wake-up goes to the waker's CPU ({@code prev_eff_load += 1}).
     *
     * <p>Approximation: Linux's {@code cpu_load()} is the PELT average of the CPU's fair load, in which a sleeping
     * task's load still decays on {@code prev} until it moves (so Linux subtracts the wakee's {@code task_h_load} from
     * {@code prev}); here the load of a CPU is the weight ({@code se.load.weight}, cgroup shares included) of the fair
     * tasks queued or running on it now ({@link #cfsLoad}), where the sleeping wakee already is not. The wakee's and
     * the waker's loads are their weights; a waker outside the fair class (RT, ext) weighs nothing.
     */
    int wakeAffineWeight(TaskStruct p, TaskStruct waker, int thisCpu, int prev, boolean sync) {
        long thisEffLoad = cfsLoad(k.cpus[thisCpu]);
        if (sync) {
            long currentLoad = isFair(waker) ? waker.prioWeight() : 0;
            if (currentLoad > thisEffLoad) {
                return thisCpu;
            }
            thisEffLoad -= currentLoad;
        }
        int imbalancePct = k.topology.smtSiblings(thisCpu).contains(prev) ? IMBALANCE_PCT_SMT : IMBALANCE_PCT;
        thisEffLoad += p.prioWeight();
        thisEffLoad *= 100;
        thisEffLoad *= k.cpus[prev].capacity;
        long prevEffLoad = cfsLoad(k.cpus[prev]);
        prevEffLoad *= 100 + (imbalancePct - 100) / 2;
        prevEffLoad *= k.cpus[thisCpu].capacity;
        if (sync) {
            prevEffLoad += 1;
        }
        return thisEffLoad < prevEffLoad ? thisCpu : NO_CPU;
    }

    /**
     * {@code select_idle_sibling(p, prev, target)}: an idle CPU near {@code target} that {@code p} may use, in this
     * order, else {@code target} itself:
     * <ol>
     *   <li>{@code target};</li>
     *   <li>{@code prev}, if it shares a cache with {@code target} ("don't be stupid": no migration at all);</li>
     *   <li>{@code p->recent_used_cpu}, if it shares a cache with {@code target}; every call first replaces it with
     *       {@code prev}, so it remembers the CPU before last;</li>
     *   <li>on a machine of asymmetric capacities, {@code select_idle_capacity()} over the domain spanning every
     *       capacity (here all online CPUs), from {@code target} on, and {@code target} if none is idle. Every task is
     *       taken to fit every CPU (the model keeps no per-task utilisation), so this is the first idle CPU;</li>
     *   <li>with SMT, if no core of {@code target}'s LLC is wholly idle and {@code prev} shares that LLC, an idle SMT
     *       sibling of {@code prev} ({@code select_idle_smt()});</li>
     *   <li>{@code select_idle_cpu()}: {@code target}'s LLC, from {@code target + 1} round to {@code target}: a wholly
     *       idle core if some core there is ({@code select_idle_core()}: the CPU the scan reached on that core, else
     *       the first idle CPU met on the way), otherwise the first idle CPU.</li>
     * </ol>
     * The search never leaves {@code target}'s LLC: an idle CPU elsewhere gets the task through load balancing (an
     * idle CPU pulling at its next pick, a busy CPU pushing at its tick), as in Linux. Approximations:
     * {@code has_idle_cores} is exact here (Linux keeps a hint that may be stale until a scan clears it); the scan is
     * not cut short by {@code SIS_UTIL} (Linux scans fewer CPUs the busier the LLC's averaged utilisation);
     * {@code recent_used_cpu} starts unset rather than at the fork CPU.
     */
    int selectIdleSibling(TaskStruct p, int prev, int target) {
        CpuMask allowed = p.cpusAllowed();
        if (allowed.contains(target) && availableIdle(target)) {
            return target;
        }
        if (prev != target && sharesCache(prev, target) && allowed.contains(prev) && availableIdle(prev)) {
            return prev;
        }
        int recent = p.recentUsedCpu;
        p.recentUsedCpu = prev;
        if (recent >= 0 && recent != prev && recent != target && sharesCache(recent, target)
                && availableIdle(recent) && allowed.contains(recent)) {
            return recent;
        }
        if (k.topology.isAsymmetric()) {
            int c = selectIdleCapacity(allowed, k.hotplug.online(), target);
            return c >= 0 ? c : target;
        }
        CpuMask llc = k.topology.llcOf(target).cpus();
        boolean hasIdleCore = false;
        if (k.topology.smtActive()) {
            hasIdleCore = hasIdleCore(llc);
            if (!hasIdleCore && sharesCache(prev, target)) {
                int c = selectIdleSmt(allowed, llc, prev);
                if (c >= 0) {
                    return c;
                }
            }
        }
        int c = selectIdleCpu(allowed, llc, hasIdleCore, target);
        return c >= 0 ? c : target;
    }

    /** {@code select_idle_capacity()} with every task fitting every CPU: the first idle CPU of {@code span} from {@code target} on. */
    private int selectIdleCapacity(CpuMask allowed, CpuMask span, int target) {
        int n = k.cpus.length;
        for (int i = 0; i < n; i++) {
            int c = (target + i) % n;
            if (span.contains(c) && allowed.contains(c) && availableIdle(c)) {
                return c;
            }
        }
        return -1;
    }

    /** {@code test_idle_cores()}: some core of {@code llc} has every online SMT sibling idle. */
    private boolean hasIdleCore(CpuMask llc) {
        for (int c = llc.first(); c >= 0; c = llc.next(c + 1)) {
            if (coreIdle(c)) {
                return true;
            }
        }
        return false;
    }

    private boolean coreIdle(int cpu) {
        CpuMask core = k.topology.smtSiblings(cpu);
        for (int s = core.first(); s >= 0; s = core.next(s + 1)) {
            if (k.cpus[s].online && !availableIdle(s)) {
                return false;
            }
        }
        return true;
    }

    /** {@code select_idle_smt(p, sd, prev)}: an idle SMT sibling of {@code prev} in the LLC that {@code p} may use. */
    private int selectIdleSmt(CpuMask allowed, CpuMask llc, int prev) {
        CpuMask core = k.topology.smtSiblings(prev);
        for (int c = core.first(); c >= 0; c = core.next(c + 1)) {
            if (c != prev && llc.contains(c) && allowed.contains(c) && availableIdle(c)) {
                return c;
            }
        }
        return -1;
    }

    /**
     * {@code select_idle_cpu()} over {@code llc} and the CPUs {@code p} may use, wrapping from {@code target + 1}.
     * With an idle core somewhere, each core met is tested whole ({@code select_idle_core()}): a wholly idle one
     * returns the CPU the scan reached, a busy one is skipped with all its siblings after remembering its first idle
     * allowed CPU as the fallback. Without, the first idle CPU.
     */
    private int selectIdleCpu(CpuMask allowed, CpuMask llc, boolean hasIdleCore, int target) {
        int n = k.cpus.length;
        if (skip == null || skip.length != n) {
            skip = new boolean[n]; // once per kernel: the select_rq_mask scratch mask
        }
        Arrays.fill(skip, false);
        int idleCpu = -1;
        for (int i = 1; i <= n; i++) {
            int c = (target + i) % n;
            if (!llc.contains(c) || !allowed.contains(c) || skip[c]) {
                continue;
            }
            if (!hasIdleCore) {
                if (availableIdle(c)) {
                    return c;
                }
                continue;
            }
            boolean idle = true;
            CpuMask core = k.topology.smtSiblings(c);
            for (int s = core.first(); s >= 0; s = core.next(s + 1)) {
                if (!k.cpus[s].online) {
                    continue;
                }
                if (!availableIdle(s)) {
                    idle = false;
                    if (idleCpu == -1) {
                        continue;
                    }
                    break;
                }
                if (idleCpu == -1 && llc.contains(s) && allowed.contains(s)) {
                    idleCpu = s;
                }
            }
            if (idle) {
                return c;
            }
            for (int s = core.first(); s >= 0; s = core.next(s + 1)) {
                skip[s] = true;
            }
        }
        return idleCpu;
    }

    /**
     * {@code available_idle_cpu()}: online, running nothing, nothing queued for it (fair or local DSQ), and no
     * reschedule pending (Linux: no wake-up already on its way there, {@code rq->ttwu_pending}).
     */
    boolean availableIdle(int cpu) {
        CpuRq rq = k.cpus[cpu];
        return rq.online && rq.isIdle() && rq.fair.nr == 0 && rq.local.isEmpty() && !rq.needResched;
    }

    /** {@code cpus_share_cache()}: the same CPU or the same last-level cache. */
    boolean sharesCache(int a, int b) {
        return a == b || k.topology.llcOf(a).id() == k.topology.llcOf(b).id();
    }

    /** {@code rq->nr_running}: the running task and every task queued on the CPU, in any class. */
    static int nrRunning(CpuRq rq) {
        return (rq.curr != null ? 1 : 0) + rq.fair.nr + rq.rt.nr + rq.local.nr;
    }

    /** The fair load of {@code rq} standing in for {@code cpu_load()}: the weights of its queued and running fair tasks. */
    static long cfsLoad(CpuRq rq) {
        long w = rq.curr != null && isFair(rq.curr) ? rq.curr.prioWeight() : 0;
        for (int i = 0; i < rq.fair.nr; i++) {
            w += rq.fair.tasks[i].prioWeight();
        }
        return w;
    }

    private static boolean isFair(TaskStruct t) {
        return !t.ext && !t.isRt();
    }
}
