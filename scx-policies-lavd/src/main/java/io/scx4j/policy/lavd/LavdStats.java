package io.scx4j.policy.lavd;

/**
 * The system statistics scx_lavd reports ({@code src/stats.rs}, {@code SysStats}; reference policies.md §1.14), a
 * snapshot from {@link LavdPolicy#stats()}. Percentages are over the scheduling decisions counted in the last few
 * seconds (the counters are halved every 2 s, as upstream). A CLI prints them with {@link #toString()} or reads the
 * components.
 *
 * @param nrQueuedTask  {@code nr_queued_task}: tasks queued on LAVD's DSQs, smoothed
 * @param nrActive      {@code nr_active}: CPUs in the active set (core compaction)
 * @param nrSched       {@code nr_sched}: tasks scheduled (ops.running) in the window
 * @param nrPreempt     {@code nr_preempt}: preemptions requested
 * @param pcPc          {@code pc_pc}: % of schedules of performance-critical tasks
 * @param pcLc          {@code pc_lc}: % of schedules of latency-critical tasks
 * @param pcXMigration  {@code pc_x_migration}: % of schedules that crossed compute domains
 * @param nrStealee     {@code nr_stealee}: compute domains others steal from in the current plan
 * @param pcBig         {@code pc_big}: % of schedules on big cores
 * @param pcPcOnBig     {@code pc_pc_on_big}: % of performance-critical schedules on big cores
 * @param pcLcOnBig     {@code pc_lc_on_big}: % of latency-critical schedules on big cores
 * @param powerMode     {@code power_mode}: the current power profile
 * @param pcPerformance {@code pc_performance}: % of time in performance mode
 * @param pcBalanced    {@code pc_balanced}: % of time in balanced mode
 * @param pcPowersave   {@code pc_powersave}: % of time in powersave mode
 * @param sliceUs       the current system time slice, µs
 * @param avgLatCri     {@code avg_lat_cri}
 * @param maxLatCri     {@code max_lat_cri}
 * @param thrLatCri     the lat_cri a task needs to preempt
 * @param avgUtilPct    system CPU utilisation, %
 */
public record LavdStats(
        long nrQueuedTask, long nrActive, long nrSched, long nrPreempt, double pcPc, double pcLc,
        double pcXMigration, long nrStealee, double pcBig, double pcPcOnBig, double pcLcOnBig, PowerMode powerMode,
        double pcPerformance, double pcBalanced, double pcPowersave, long sliceUs, long avgLatCri, long maxLatCri,
        long thrLatCri, double avgUtilPct) {

    static LavdStats of(SysStat s) {
        long sched = Math.max(s.nrSched, 1);
        long modes = Math.max(s.performanceModeNs + s.balancedModeNs + s.powersaveModeNs, 1);
        return new LavdStats(s.nrQueuedTask, s.nrActive, s.nrSched, s.nrPreempt,
                pct(s.nrPerfCri, sched), pct(s.nrLatCri, sched), pct(s.nrXMigration, sched), s.nrStealee,
                pct(s.nrBig, sched), pct(s.nrPcOnBig, Math.max(s.nrPerfCri, 1)),
                pct(s.nrLcOnBig, Math.max(s.nrLatCri, 1)), s.powerMode,
                pct(s.performanceModeNs, modes), pct(s.balancedModeNs, modes), pct(s.powersaveModeNs, modes),
                s.sliceWall / 1_000, s.avgLatCri, s.maxLatCri, s.thrLatCri, s.avgUtilWall * 100.0 / 1024);
    }

    /**
     * The stats under scx_lavd's field names ({@code src/stats.rs}), in its order, for tables and JSON: a CLI can
     * print {@code policy.stats().asMap()} without knowing LAVD.
     */
    public java.util.Map<String, Object> asMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("nr_queued_task", nrQueuedTask);
        m.put("nr_active", nrActive);
        m.put("nr_sched", nrSched);
        m.put("nr_preempt", nrPreempt);
        m.put("pc_pc", pcPc);
        m.put("pc_lc", pcLc);
        m.put("pc_x_migration", pcXMigration);
        m.put("nr_stealee", nrStealee);
        m.put("pc_big", pcBig);
        m.put("pc_pc_on_big", pcPcOnBig);
        m.put("pc_lc_on_big", pcLcOnBig);
        m.put("power_mode", powerMode.name().toLowerCase(java.util.Locale.ROOT));
        m.put("pc_performance", pcPerformance);
        m.put("pc_balanced", pcBalanced);
        m.put("pc_powersave", pcPowersave);
        m.put("slice_us", sliceUs);
        m.put("avg_lat_cri", avgLatCri);
        m.put("max_lat_cri", maxLatCri);
        m.put("thr_lat_cri", thrLatCri);
        m.put("avg_util_pct", avgUtilPct);
        return java.util.Collections.unmodifiableMap(m);
    }

    private static double pct(long part, long whole) {
        return Math.round(part * 10_000.0 / whole) / 100.0;
    }

    /** One line in the spirit of scx_lavd's monitor output. */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "lavd: mode=%s active=%d queued=%d sched=%d preempt=%d lc=%.1f%% pc=%.1f%% xmig=%.1f%% big=%.1f%% "
                        + "pc_on_big=%.1f%% lc_on_big=%.1f%% stealee=%d slice=%dus lat_cri avg/max/thr=%d/%d/%d "
                        + "util=%.1f%% time perf/bal/save=%.1f/%.1f/%.1f%%",
                powerMode.name().toLowerCase(java.util.Locale.ROOT), nrActive, nrQueuedTask, nrSched, nrPreempt,
                pcLc, pcPc, pcXMigration, pcBig, pcPcOnBig, pcLcOnBig, nrStealee, sliceUs, avgLatCri, maxLatCri,
                thrLatCri, avgUtilPct, pcPerformance, pcBalanced, pcPowersave);
    }
}
