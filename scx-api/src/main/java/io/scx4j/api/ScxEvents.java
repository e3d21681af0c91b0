package io.scx4j.api;

/**
 * Aggregated sched_ext event counters, {@code struct scx_event_stats} ({@code scx_bpf_events()}).
 *
 * @param selectCpuFallback        {@code SCX_EV_SELECT_CPU_FALLBACK}: select_cpu returned a CPU the task may not use
 * @param dispatchLocalDsqOffline  {@code SCX_EV_DISPATCH_LOCAL_DSQ_OFFLINE}: a local-DSQ dispatch hit an offline CPU
 * @param dispatchKeepLast         {@code SCX_EV_DISPATCH_KEEP_LAST}: dispatch found nothing and prev kept running
 * @param enqSkipExiting           {@code SCX_EV_ENQ_SKIP_EXITING}: an exiting task bypassed enqueue
 * @param enqSkipMigrationDisabled {@code SCX_EV_ENQ_SKIP_MIGRATION_DISABLED}
 * @param refillSliceDfl           {@code SCX_EV_REFILL_SLICE_DFL}: the engine refilled a slice with the default
 * @param bypassActivate           {@code SCX_EV_BYPASS_ACTIVATE}
 * @param bypassDispatch           {@code SCX_EV_BYPASS_DISPATCH}
 * @param bypassDuration           {@code SCX_EV_BYPASS_DURATION} in ns
 */
public record ScxEvents(
        long selectCpuFallback,
        long dispatchLocalDsqOffline,
        long dispatchKeepLast,
        long enqSkipExiting,
        long enqSkipMigrationDisabled,
        long refillSliceDfl,
        long bypassActivate,
        long bypassDispatch,
        long bypassDuration) {}
