package io.scx4j.policy.lavd;

/**
 * The system-wide view LAVD recomputes every 10 ms, {@code struct sys_stat} of
 * {@code scheds/rust/scx_lavd/src/bpf/sys_stat.bpf.c} (one global, as in BPF). Utilisations are in [0, 1024],
 * times in ns. The counters at the end feed the statistics ({@link LavdStats}) and are halved every 2 s
 * ({@code LAVD_SYS_STAT_DECAY_TIMES}) so they describe the last few seconds.
 */
final class SysStat {
    /** {@code LAVD_SYS_STAT_INTERVAL_NS}: 10 ms. */
    static final long INTERVAL_NS = 10_000_000;
    /** {@code LAVD_SYS_STAT_DECAY_TIMES}: 2 s / 10 ms. */
    static final int DECAY_TIMES = (int) (2_000_000_000L / INTERVAL_NS);

    long lastUpdateClk;
    int decayCount;

    long avgUtilWall;
    long avgUtilInvr;
    long maxLatCri;
    long avgLatCri;
    long thrLatCri;
    long minPerfCri;
    long avgPerfCri;
    long maxPerfCri;
    long thrPerfCri;
    long avgSvcTimeIwgt;
    long nrQueuedTask;
    long nrActive;
    long sliceWall;
    long bigCoreScale = 1024;

    long nrSched;
    long nrPreempt;
    long nrPerfCri;
    long nrLatCri;
    long nrXMigration;
    long nrBig;
    long nrPcOnBig;
    long nrLcOnBig;
    long nrStealee;

    PowerMode powerMode = PowerMode.PERFORMANCE;
    long performanceModeNs;
    long balancedModeNs;
    long powersaveModeNs;

    void decay() {
        nrSched >>= 1;
        nrPreempt >>= 1;
        nrPerfCri >>= 1;
        nrLatCri >>= 1;
        nrXMigration >>= 1;
        nrBig >>= 1;
        nrPcOnBig >>= 1;
        nrLcOnBig >>= 1;
    }
}
