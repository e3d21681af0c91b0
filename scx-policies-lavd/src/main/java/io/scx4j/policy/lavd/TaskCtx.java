package io.scx4j.policy.lavd;

import io.scx4j.api.Task;
import io.scx4j.api.TaskLocal;
import io.scx4j.arena.IntField;
import io.scx4j.arena.LongField;
import io.scx4j.arena.RecordLayout;
import io.scx4j.arena.Slab;
import io.scx4j.lib.Ravg;
import java.lang.foreign.MemorySegment;

/**
 * LAVD's per-task context, {@code struct task_ctx} of {@code scheds/rust/scx_lavd/src/bpf/lavd.bpf.h}, kept
 * off-heap in an scx-arena {@link Slab} as scx_lavd keeps it in a BPF arena ({@code scx_task_alloc}). A task holds
 * only its slab handle in a {@link TaskLocal}; the handle is allocated at {@code ops.init_task} and freed at
 * {@code ops.exit_task}, and every field access is a plain load or store at {@code record + offset}: nothing is
 * allocated on the scheduling path.
 *
 * <p>Field meanings follow the upstream names: {@code *_wall} are wall-clock times, {@code *_invr} capacity and
 * frequency invariant times (work in units of the fastest CPU at full speed), {@code svc_time_iwgt} the invariant
 * service time divided by the task's weight (the fairness account).
 */
final class TaskCtx {
    static final RecordLayout LAYOUT = RecordLayout.builder("lavd_task_ctx")
            .i64("flags")
            .i64("acc_runtime_wall").i64("acc_runtime_invr")
            .i64("avg_runtime_wall").i64("avg_runtime_invr")
            .i64("svc_time_iwgt")
            .i64("wait_freq").i64("wake_freq").i64("run_freq")
            .i64("last_runnable_clk").i64("last_running_clk").i64("last_quiescent_clk")
            .i64("last_measured_exec").i64("slice_wall")
            .i64("lat_cri").i64("lat_cri_waker").i64("lat_cri_wakee").i64("perf_cri")
            .i64("util_est").i64("queued_load")
            .i64("avg_util_ravg_val").i64("avg_util_ravg_val_at").i64("avg_util_ravg_old").i64("avg_util_ravg_cur")
            .i32("suggested_cpu_id").i32("prev_cpu_id").i32("cpu_id").i32("cpdom_id").i32("pinned_cpu_id")
            .i32("waker_pid").i32("queued_cpdom").i32("queued_cpu")
            .build();

    static final LongField FLAGS = LAYOUT.longField("flags");
    static final LongField ACC_RUNTIME_WALL = LAYOUT.longField("acc_runtime_wall");
    static final LongField ACC_RUNTIME_INVR = LAYOUT.longField("acc_runtime_invr");
    static final LongField AVG_RUNTIME_WALL = LAYOUT.longField("avg_runtime_wall");
    static final LongField AVG_RUNTIME_INVR = LAYOUT.longField("avg_runtime_invr");
    static final LongField SVC_TIME_IWGT = LAYOUT.longField("svc_time_iwgt");
    static final LongField WAIT_FREQ = LAYOUT.longField("wait_freq");
    static final LongField WAKE_FREQ = LAYOUT.longField("wake_freq");
    static final LongField RUN_FREQ = LAYOUT.longField("run_freq");
    static final LongField LAST_RUNNABLE_CLK = LAYOUT.longField("last_runnable_clk");
    static final LongField LAST_RUNNING_CLK = LAYOUT.longField("last_running_clk");
    static final LongField LAST_QUIESCENT_CLK = LAYOUT.longField("last_quiescent_clk");
    static final LongField LAST_MEASURED_EXEC = LAYOUT.longField("last_measured_exec");
    static final LongField SLICE_WALL = LAYOUT.longField("slice_wall");
    static final LongField LAT_CRI = LAYOUT.longField("lat_cri");
    static final LongField LAT_CRI_WAKER = LAYOUT.longField("lat_cri_waker");
    static final LongField LAT_CRI_WAKEE = LAYOUT.longField("lat_cri_wakee");
    static final LongField PERF_CRI = LAYOUT.longField("perf_cri");
    static final IntField SUGGESTED_CPU_ID = LAYOUT.intField("suggested_cpu_id");
    static final IntField PREV_CPU_ID = LAYOUT.intField("prev_cpu_id");
    static final IntField CPU_ID = LAYOUT.intField("cpu_id");
    static final IntField CPDOM_ID = LAYOUT.intField("cpdom_id");
    static final IntField PINNED_CPU_ID = LAYOUT.intField("pinned_cpu_id");
    static final IntField WAKER_PID = LAYOUT.intField("waker_pid");
    /**
     * The task's utilisation estimate in [0, 1024] ({@code util_est}): its running-time duty cycle, read from
     * {@code avg_util_ravg} when it goes to sleep; what {@code task_load_metric} counts as its queued load.
     */
    static final LongField UTIL_EST = LAYOUT.longField("util_est");
    /** {@code avg_util_ravg}, a {@code struct ravg_data} ({@link Ravg}) as four fields. */
    static final LongField RAVG_VAL = LAYOUT.longField("avg_util_ravg_val");
    static final LongField RAVG_VAL_AT = LAYOUT.longField("avg_util_ravg_val_at");
    static final LongField RAVG_OLD = LAYOUT.longField("avg_util_ravg_old");
    static final LongField RAVG_CUR = LAYOUT.longField("avg_util_ravg_cur");

    /** {@code LAVD_RAVG_HALFLIFE_NS} ({@code lavd.bpf.h}): the duty cycle's weight halves every 128 ms. */
    static final long RAVG_HALFLIFE_NS = 128_000_000L;
    static final LongField QUEUED_LOAD = LAYOUT.longField("queued_load");
    static final IntField QUEUED_CPDOM = LAYOUT.intField("queued_cpdom");
    /** The (primary) CPU whose queued load counts this task ({@code queued_on_cpu_id}); -1 if none. */
    static final IntField QUEUED_CPU = LAYOUT.intField("queued_cpu");

    /** {@code LAVD_FLAG_IS_GREEDY}: used more than its fair share; may not preempt. */
    static final long F_GREEDY = 1L << 2;
    /** {@code LAVD_FLAG_IS_AFFINITIZED}. */
    static final long F_AFFINITIZED = 1L << 3;
    /** {@code LAVD_FLAG_IS_WAKEUP}. */
    static final long F_WAKEUP = 1L << 4;
    /** {@code LAVD_FLAG_IS_SYNC_WAKEUP}. */
    static final long F_SYNC_WAKEUP = 1L << 5;
    /** {@code LAVD_FLAG_ON_BIG}: the task may run on a big core. */
    static final long F_ON_BIG = 1L << 6;
    /** {@code LAVD_FLAG_ON_LITTLE}: the task may run on a little core. */
    static final long F_ON_LITTLE = 1L << 7;
    /** {@code LAVD_FLAG_SLICE_BOOST}. */
    static final long F_SLICE_BOOST = 1L << 8;
    /** {@code LAVD_FLAG_IDLE_CPU_PICKED}: select_cpu claimed an idle CPU. */
    static final long F_IDLE_CPU_PICKED = 1L << 9;
    /** {@code LAVD_FLAG_WOKEN_BY_HARDIRQ}. */
    static final long F_WOKEN_BY_HARDIRQ = 1L << 11;
    /** {@code LAVD_FLAG_WOKEN_BY_SOFTIRQ}. */
    static final long F_WOKEN_BY_SOFTIRQ = 1L << 12;
    /** {@code LAVD_FLAG_WOKEN_BY_RT_DL}. */
    static final long F_WOKEN_BY_RT_DL = 1L << 13;
    /** Has run at least once ({@code have_scheduled}). */
    static final long F_SCHEDULED = 1L << 20;

    /** Handle holder stored per task: allocated once at init_task. */
    static final class Slot {
        long handle = Slab.NO_HANDLE;
    }

    private final Slab slab;
    private final MemorySegment seg;
    private final TaskLocal<Slot> slot = TaskLocal.withInitial(Slot::new);
    /** The {@code local_ravg} upstream copies {@code avg_util_ravg} into around each ravg call; reused. */
    private final Ravg ravg = new Ravg();

    TaskCtx(int maxTasks) {
        this.slab = Slab.create(LAYOUT, maxTasks, Slab.Sync.SINGLE_OWNER);
        this.seg = slab.segment();
    }

    /** {@code ops.init_task}: a zeroed record for {@code p}; false when the table is full. */
    boolean create(Task p) {
        Slot s = slot.get(p);
        if (s.handle != Slab.NO_HANDLE) {
            return true;
        }
        long h = slab.tryAllocate();
        if (h == Slab.NO_HANDLE) {
            return false;
        }
        s.handle = h;
        long off = slab.offset(h);
        PINNED_CPU_ID.set(seg, off, -1);
        SUGGESTED_CPU_ID.set(seg, off, -1);
        PREV_CPU_ID.set(seg, off, -1);
        CPU_ID.set(seg, off, -1);
        QUEUED_CPDOM.set(seg, off, -1);
        QUEUED_CPU.set(seg, off, -1);
        return true;
    }

    /** {@code ops.exit_task}: frees the record. */
    void free(Task p) {
        Slot s = slot.get(p);
        if (s.handle != Slab.NO_HANDLE) {
            slab.free(s.handle);
            s.handle = Slab.NO_HANDLE;
        }
    }

    /** The record offset of {@code p} ({@code get_task_ctx}), or -1 if it has none. */
    long of(Task p) {
        Slot s = slot.get(p);
        return s.handle == Slab.NO_HANDLE ? -1 : slab.offset(s.handle);
    }

    MemorySegment seg() {
        return seg;
    }

    int live() {
        return slab.liveCount();
    }

    long get(long off, LongField f) {
        return f.get(seg, off);
    }

    void set(long off, LongField f, long v) {
        f.set(seg, off, v);
    }

    int get(long off, IntField f) {
        return f.get(seg, off);
    }

    void set(long off, IntField f, int v) {
        f.set(seg, off, v);
    }

    /**
     * {@code ravg_accumulate(&taskc->avg_util_ravg, value, now, LAVD_RAVG_HALFLIFE_NS)}: the task's duty cycle is
     * {@code value} from {@code now} on ({@code LAVD_SCALE} when it starts running, 0 when it sleeps).
     */
    void accumulateUtil(long off, long value, long now) {
        ravg.load(RAVG_VAL.get(seg, off), RAVG_VAL_AT.get(seg, off), RAVG_OLD.get(seg, off), RAVG_CUR.get(seg, off));
        ravg.accumulate(value, now, RAVG_HALFLIFE_NS);
        RAVG_VAL.set(seg, off, ravg.val());
        RAVG_VAL_AT.set(seg, off, ravg.valAt());
        RAVG_OLD.set(seg, off, ravg.old());
        RAVG_CUR.set(seg, off, ravg.cur());
    }

    /** {@code ravg_read(&taskc->avg_util_ravg, now, ...) >> RAVG_FRAC_BITS}: the duty cycle in [0, 1024] now. */
    long readUtil(long off, long now) {
        ravg.load(RAVG_VAL.get(seg, off), RAVG_VAL_AT.get(seg, off), RAVG_OLD.get(seg, off), RAVG_CUR.get(seg, off));
        return ravg.read(now, RAVG_HALFLIFE_NS) >>> Ravg.FRAC_BITS;
    }

    boolean test(long off, long flag) {
        return (FLAGS.get(seg, off) & flag) != 0;
    }

    void setFlag(long off, long flag) {
        FLAGS.set(seg, off, FLAGS.get(seg, off) | flag);
    }

    void resetFlag(long off, long flag) {
        FLAGS.set(seg, off, FLAGS.get(seg, off) & ~flag);
    }
}
