package io.scx4j.api;

/**
 * The callback of a {@link BpfTimer} ({@code bpf_timer_set_callback}; upstream's signature is
 * {@code int cb(void *map, int *key, struct bpf_timer *timer)}). Create it once, in {@link SchedOps#init}.
 *
 * <p>It runs in softirq context on the CPU that armed the timer ({@link #fire}'s {@code cpu}), outside every
 * scheduler callback and with no run-queue lock held. The kfuncs it may call are those {@code kernel/sched/ext.c}'s
 * {@code scx_init()} registers for the program without a callback context ({@code scx_kfunc_set_any}: kick,
 * DSQ counts and peeks, the DSQ iterator, cpuperf, now, exit/error; {@code scx_kfunc_set_unlocked}: create_dsq,
 * dsq_move, select_cpu_dfl/_and; reference sched_ext.md §3.1–3.2, which lists BPF timers among the contexts with no
 * rq lock). The engine runs it in the same context as a SYSCALL program or {@code ops.init}; a dispatch-only or
 * enqueue-only kfunc ({@code scx_bpf_dsq_insert}, {@code scx_bpf_dsq_move_to_local}, ...) is a scheduler error, as
 * {@code scx_kf_allowed()} finds no callback mask. An exception thrown from the callback ejects the policy like any
 * callback error.
 */
@FunctionalInterface
public interface BpfTimerCallback {
    /**
     * The timer expired.
     *
     * @param scx the helpers
     * @param cpu the CPU the callback runs on (the one that armed the timer)
     * @param timer the expired timer, to re-arm with {@link BpfTimer#start}
     */
    void fire(Scx scx, int cpu, BpfTimer timer);
}
