package io.scx4j.policy.lavd;

/**
 * Latency criticality ({@code lat_cri}) and performance criticality ({@code perf_cri}): how much a task's
 * scheduling delay matters, computed from how it behaves. The arithmetic of
 * {@code scheds/rust/scx_lavd/src/bpf/lat_cri.bpf.c} ({@code calc_lat_cri} and its factor helpers), with the
 * constants of {@code lavd.bpf.h}; see reference policies.md §1.3.
 *
 * <p><b>The idea.</b> A task that both waits often (it is woken: a consumer) and wakes others often (a producer)
 * sits in the middle of a chain of work, say a game's input → simulation → render → compositor pipeline; if it is
 * late, everything after it is late. Four factors, each at least 1, grow with that:
 * <ul>
 *   <li>{@link #waitFactor}: wake-ups received per second, capped at {@link #FREQ_MAX};</li>
 *   <li>{@link #wakeFactor}: wake-ups this task issued per second (as a waker), capped the same way;</li>
 *   <li>{@link #reverseRuntimeFactor}: the shorter its average run burst, the larger;</li>
 *   <li>{@link #weightFactor}: its weight (nice) times a context boost ({@link #weightBoost}).</li>
 * </ul>
 * Frequencies and runtimes are heavily skewed, so the factors are combined through their bit lengths
 * ({@link Ewma#log2u64}) and the sum is squared to spread the scores apart ({@link #latCri}); typical results are
 * in the hundreds. A wake-up chain then shares criticality: the task inherits part of what its waker and its
 * wakees had ({@link #inherit}).
 *
 * <p>Pure functions, unsigned integer math; no engine needed to test them.
 */
public final class LatCri {
    /** {@code LAVD_LC_FREQ_MAX}: frequencies count up to 100,000/s (a 10 µs interval). */
    public static final long FREQ_MAX = 100_000;
    /** {@code LAVD_LC_RUNTIME_MAX}: bursts of a second or more all get the smallest runtime factor. */
    public static final long RUNTIME_MAX_NS = Ewma.ONE_SEC_NS;
    /** {@code LAVD_SLICE_MIN_NS_DFL}: 500 µs, the unit of the reverse runtime factor. */
    public static final long SLICE_MIN_NS_DFL = 500_000;
    /** {@code LAVD_LC_WEIGHT_BOOST_REGULAR}. */
    public static final int BOOST_REGULAR = 128;
    /** {@code LAVD_LC_WEIGHT_BOOST_MEDIUM}. */
    public static final int BOOST_MEDIUM = 2 * BOOST_REGULAR;
    /** {@code LAVD_LC_WEIGHT_BOOST_HIGH}. */
    public static final int BOOST_HIGH = 2 * BOOST_MEDIUM;
    /** {@code LAVD_LC_WEIGHT_BOOST_HIGHEST}. */
    public static final int BOOST_HIGHEST = 2 * BOOST_HIGH;
    /** {@code LAVD_LC_INH_GIVER_SHIFT}: a task inherits 1/8 of the givers' excess. */
    public static final int INH_GIVER_SHIFT = 3;
    /** {@code LAVD_LC_INH_RECEIVER_SHIFT}: ... but at most 1/4 of its own score. */
    public static final int INH_RECEIVER_SHIFT = 2;
    /** {@code LAVD_LC_WAKE_INTERVAL_MIN}: a waker's frequency is only updated for intervals of 500 µs or more. */
    public static final long WAKE_INTERVAL_MIN_NS = SLICE_MIN_NS_DFL;

    /** Context bits for {@link #weightBoost}: the task_ctx flags {@code calc_weight_factor} reads. */
    public static final int CTX_WAKEUP = 1;
    /** {@code LAVD_FLAG_IS_SYNC_WAKEUP}: woken with {@code SCX_WAKE_SYNC}. */
    public static final int CTX_SYNC_WAKEUP = 1 << 1;
    /** {@code LAVD_FLAG_WOKEN_BY_HARDIRQ}: woken from an interrupt handler (a timer, a device). */
    public static final int CTX_WOKEN_BY_HARDIRQ = 1 << 2;
    /** {@code LAVD_FLAG_WOKEN_BY_SOFTIRQ}: woken from a softirq or by ksoftirqd. */
    public static final int CTX_WOKEN_BY_SOFTIRQ = 1 << 3;
    /** {@code LAVD_FLAG_WOKEN_BY_RT_DL}: woken by an RT or deadline task. */
    public static final int CTX_WOKEN_BY_RT_DL = 1 << 4;
    /** {@code is_kernel_task}: a kernel thread ({@code PF_KTHREAD}). */
    public static final int CTX_KTHREAD = 1 << 5;
    /** {@code LAVD_FLAG_KSOFTIRQD}: the task is a {@code ksoftirqd/N}. */
    public static final int CTX_KSOFTIRQD = 1 << 6;
    /** {@code is_kernel_worker}: a workqueue or io_uring worker. */
    public static final int CTX_KWORKER = 1 << 7;
    /** {@code LAVD_FLAG_IS_AFFINITIZED}: its cpumask is a strict subset of the online CPUs. */
    public static final int CTX_AFFINITIZED = 1 << 8;
    /** {@code is_pinned || is_migration_disabled}: it can run on one CPU only, for now or for good. */
    public static final int CTX_PINNED = 1 << 9;
    /** {@code LAVD_FLAG_NEED_LOCK_BOOST}: a lock holder to push forward once. */
    public static final int CTX_LOCK_BOOST = 1 << 10;

    private LatCri() {}

    /** {@code calc_wait_factor}: {@code min(wait_freq, 100000) + 1}. */
    public static long waitFactor(long waitFreq) {
        return Math.min(waitFreq, FREQ_MAX) + 1;
    }

    /** {@code calc_wake_factor}: {@code min(wake_freq, 100000) + 1}. */
    public static long wakeFactor(long wakeFreq) {
        return Math.min(wakeFreq, FREQ_MAX) + 1;
    }

    /**
     * {@code calc_reverse_runtime_factor}: {@code (1 s - avg_runtime_invr) / 500 µs + 1} for bursts shorter than a
     * second, else 1. A 100 µs burst gives 2000, a 10 ms burst 1981.
     */
    public static long reverseRuntimeFactor(long avgRuntimeInvrNs) {
        if (RUNTIME_MAX_NS > avgRuntimeInvrNs) {
            return (RUNTIME_MAX_NS - avgRuntimeInvrNs) / SLICE_MIN_NS_DFL + 1;
        }
        return 1;
    }

    /**
     * The multiplier of {@code calc_weight_factor}: 1 plus a boost for each context bit set ({@code CTX_*}): wake-up
     * +128, sync wake-up +128, hardirq +1024 or else softirq +512, RT/DL waker +512, kernel thread +256,
     * ksoftirqd +512, kworker +128, affinitized +128, pinned +256, lock holder +128.
     */
    public static long weightBoost(int ctx) {
        long boost = 1;
        if ((ctx & CTX_WAKEUP) != 0) {
            boost += BOOST_REGULAR;
        }
        if ((ctx & CTX_SYNC_WAKEUP) != 0) {
            boost += BOOST_REGULAR;
        }
        if ((ctx & CTX_WOKEN_BY_HARDIRQ) != 0) {
            boost += BOOST_HIGHEST;
        } else if ((ctx & CTX_WOKEN_BY_SOFTIRQ) != 0) {
            boost += BOOST_HIGH;
        }
        if ((ctx & CTX_WOKEN_BY_RT_DL) != 0) {
            boost += BOOST_HIGH;
        }
        if ((ctx & CTX_KTHREAD) != 0) {
            boost += BOOST_MEDIUM;
        }
        if ((ctx & CTX_KSOFTIRQD) != 0) {
            boost += BOOST_HIGH;
        }
        if ((ctx & CTX_KWORKER) != 0) {
            boost += BOOST_REGULAR;
        }
        if ((ctx & CTX_AFFINITIZED) != 0) {
            boost += BOOST_REGULAR;
        }
        if ((ctx & CTX_PINNED) != 0) {
            boost += BOOST_MEDIUM;
        }
        if ((ctx & CTX_LOCK_BOOST) != 0) {
            boost += BOOST_REGULAR;
        }
        return boost;
    }

    /** {@code calc_weight_factor}: {@code weight × boost + 1}, weight being {@code p->scx.weight} (100 at nice 0). */
    public static long weightFactor(int weight, int ctx) {
        return weight * weightBoost(ctx) + 1;
    }

    /** {@code log_wwf = log2_u64(wait_ft × wake_ft)}: the task's position in a wake-up chain. */
    public static int logWaitWake(long waitFactor, long wakeFactor) {
        return Ewma.log2u64(waitFactor * wakeFactor);
    }

    /**
     * The score before inheritance: {@code (log_wwf + log2_u64(runtime_ft × weight_ft))²}.
     *
     * @param logWwf        {@link #logWaitWake}
     * @param runtimeFactor {@link #reverseRuntimeFactor}
     * @param weightFactor  {@link #weightFactor}
     */
    public static long latCri(int logWwf, long runtimeFactor, long weightFactor) {
        long lc = logWwf + Ewma.log2u64(runtimeFactor * weightFactor);
        return lc * lc;
    }

    /**
     * Waker/wakee propagation ({@code calc_lat_cri}, end): when what the waker ({@code latCriWaker}, forward) and the
     * most critical wakee ({@code latCriWakee}, backward) carry exceeds twice the task's own score, the task gains
     * 1/8 of the excess, at most 1/4 of its own score. The caller then clears both givers (decay, no cycles).
     */
    public static long inherit(long latCri, long latCriWaker, long latCriWakee) {
        long giver = latCriWaker + latCriWakee;
        if (giver > 2 * latCri) {
            long giverInh = (giver - 2 * latCri) >>> INH_GIVER_SHIFT;
            long receiverMax = latCri >>> INH_RECEIVER_SHIFT;
            return latCri + Math.min(giverInh, receiverMax);
        }
        return latCri;
    }

    /**
     * {@code perf_cri} (only used when the machine has little cores): {@code log_wwf + log2_u64(sum_runtime_ft)} with
     * {@code sum_runtime_ft = ((max(run_freq,1) × max(avg_runtime_invr, acc_runtime_invr, 1)) >> 10) × weight}, roughly
     * CPU demand per second times priority ({@code calc_sum_runtime_factor}).
     */
    public static long perfCri(int logWwf, long runFreq, long avgRuntimeInvr, long accRuntimeInvr, int weight) {
        long runtime = Math.max(Math.max(avgRuntimeInvr, accRuntimeInvr), 1);
        long sum = Math.max(runFreq, 1) * runtime;
        return logWwf + Ewma.log2u64((sum >>> 10) * weight);
    }
}
