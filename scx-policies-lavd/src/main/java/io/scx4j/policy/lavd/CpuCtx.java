package io.scx4j.policy.lavd;

import io.scx4j.arena.ContextTable;
import io.scx4j.arena.LongField;
import io.scx4j.arena.RecordLayout;

/**
 * LAVD's per-CPU context, {@code struct cpu_ctx} of {@code scheds/rust/scx_lavd/src/bpf/lavd.bpf.h}, in an
 * scx-arena per-CPU {@link ContextTable} (each CPU's record on its own cache-line pair, as the BPF per-CPU array
 * is). Holds what the running task looks like for preemption ({@code lat_cri}, {@code est_stopping_clk}), the
 * counters the 10 ms statistics pass folds into the system view, and the CPU's utilisation and frequency target.
 */
final class CpuCtx {
    static final RecordLayout LAYOUT = RecordLayout.builder("lavd_cpu_ctx")
            .i64("flags").i64("lat_cri").i64("est_stopping_clk").i64("running_clk")
            .i64("max_lat_cri").i64("sum_lat_cri").i64("min_perf_cri").i64("max_perf_cri").i64("sum_perf_cri")
            .i64("nr_sched").i64("nr_preempt").i64("nr_x_migration").i64("nr_perf_cri").i64("nr_lat_cri")
            .i64("nr_big").i64("nr_pc_on_big").i64("nr_lc_on_big")
            .i64("nr_pinned_tasks")
            .i64("tot_task_time_wall").i64("tot_task_time_invr").i64("tot_task_time_iwgt")
            .i64("avg_util_wall").i64("cur_util_wall").i64("avg_util_invr").i64("cur_util_invr").i64("cpuperf_cur")
            .i64("cpu_release_clk").i64("qload")
            .build();

    static final LongField FLAGS = LAYOUT.longField("flags");
    static final LongField LAT_CRI = LAYOUT.longField("lat_cri");
    static final LongField EST_STOPPING_CLK = LAYOUT.longField("est_stopping_clk");
    static final LongField RUNNING_CLK = LAYOUT.longField("running_clk");
    static final LongField MAX_LAT_CRI = LAYOUT.longField("max_lat_cri");
    static final LongField SUM_LAT_CRI = LAYOUT.longField("sum_lat_cri");
    static final LongField MIN_PERF_CRI = LAYOUT.longField("min_perf_cri");
    static final LongField MAX_PERF_CRI = LAYOUT.longField("max_perf_cri");
    static final LongField SUM_PERF_CRI = LAYOUT.longField("sum_perf_cri");
    static final LongField NR_SCHED = LAYOUT.longField("nr_sched");
    static final LongField NR_PREEMPT = LAYOUT.longField("nr_preempt");
    static final LongField NR_X_MIGRATION = LAYOUT.longField("nr_x_migration");
    static final LongField NR_PERF_CRI = LAYOUT.longField("nr_perf_cri");
    static final LongField NR_LAT_CRI = LAYOUT.longField("nr_lat_cri");
    static final LongField NR_BIG = LAYOUT.longField("nr_big");
    static final LongField NR_PC_ON_BIG = LAYOUT.longField("nr_pc_on_big");
    static final LongField NR_LC_ON_BIG = LAYOUT.longField("nr_lc_on_big");
    static final LongField NR_PINNED_TASKS = LAYOUT.longField("nr_pinned_tasks");
    static final LongField TOT_TASK_TIME_WALL = LAYOUT.longField("tot_task_time_wall");
    static final LongField TOT_TASK_TIME_INVR = LAYOUT.longField("tot_task_time_invr");
    static final LongField TOT_TASK_TIME_IWGT = LAYOUT.longField("tot_task_time_iwgt");
    static final LongField AVG_UTIL_WALL = LAYOUT.longField("avg_util_wall");
    static final LongField CUR_UTIL_WALL = LAYOUT.longField("cur_util_wall");
    /** Capacity- and frequency-invariant utilisation (of the fastest CPU at its top frequency), running average. */
    static final LongField AVG_UTIL_INVR = LAYOUT.longField("avg_util_invr");
    /** Capacity- and frequency-invariant utilisation of the last statistics interval. */
    static final LongField CUR_UTIL_INVR = LAYOUT.longField("cur_util_invr");
    static final LongField CPUPERF_CUR = LAYOUT.longField("cpuperf_cur");
    /** When a higher scheduling class took the CPU ({@code ops.cpu_release}); 0 while sched_ext has it. */
    static final LongField CPU_RELEASE_CLK = LAYOUT.longField("cpu_release_clk");

    /**
     * Queued load on this CPU's per-CPU DSQ and local DSQ ({@code qload_invr}): the sum of the queued tasks' load
     * metric, what {@code pick_most_loaded_dsq} compares when per-CPU DSQs are migratable.
     */
    static final LongField QLOAD = LAYOUT.longField("qload");

    /** Nothing running: {@code reset_cpu_preemption_info} sets the stopping clock to {@code SCX_SLICE_INF}. */
    static final long NOT_RUNNING = -1L;

    final ContextTable table;

    CpuCtx(int nrCpus) {
        table = ContextTable.perCpu(LAYOUT, nrCpus);
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            table.set(cpu, EST_STOPPING_CLK, NOT_RUNNING);
            table.set(cpu, MIN_PERF_CRI, Long.MAX_VALUE);
        }
    }

    long get(int cpu, LongField f) {
        return table.get(cpu, f);
    }

    void set(int cpu, LongField f, long v) {
        table.set(cpu, f, v);
    }

    void add(int cpu, LongField f, long delta) {
        table.set(cpu, f, table.get(cpu, f) + delta);
    }
}
