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
 * @param reenqImmed               {@code SCX_EV_REENQ_IMMED} (v7.1): a task inserted with {@link EnqFlags#IMMED} could
 *                                 not run at once and was handed back to {@link SchedOps#enqueue} with
 *                                 {@link EnqFlags#REENQ} and reason {@link TaskFlags#REENQ_IMMED}
 * @param reenqRepeat              {@code SCX_EV_REENQ_REPEAT} (linux-next; it replaces v7.1's
 *                                 {@code SCX_EV_REENQ_LOCAL_REPEAT}): a re-enqueue ({@link EnqFlags#REENQ}) of a task
 *                                 that was re-enqueued before without running in between, e.g. because the policy put
 *                                 a handed-back IMMED task straight back where it could not run (a policy bug; one
 *                                 task re-enqueued more than 256 times without running ejects the policy with
 *                                 {@link ExitKind#ERROR_REENQ})
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
        long bypassDuration,
        long reenqImmed,
        long reenqRepeat) {

    /** The counters of kernels before v7.1, without the IMMED re-enqueue events (both zero). */
    public ScxEvents(long selectCpuFallback, long dispatchLocalDsqOffline, long dispatchKeepLast, long enqSkipExiting,
            long enqSkipMigrationDisabled, long refillSliceDfl, long bypassActivate, long bypassDispatch,
            long bypassDuration) {
        this(selectCpuFallback, dispatchLocalDsqOffline, dispatchKeepLast, enqSkipExiting, enqSkipMigrationDisabled,
                refillSliceDfl, bypassActivate, bypassDispatch, bypassDuration, 0, 0);
    }
}
