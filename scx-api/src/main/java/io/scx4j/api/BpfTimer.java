package io.scx4j.api;

/**
 * A BPF timer ({@code struct bpf_timer} in a map value): a one-shot hrtimer a BPF program arms with
 * {@code bpf_timer_start(timer, nsecs, flags)}; when it expires, its callback ({@link BpfTimerCallback}) runs in
 * softirq context on the CPU that armed it, holding no run-queue lock. A periodic timer is one whose callback re-arms
 * it ({@code scx_lavd}'s statistics timer, {@code scheds/rust/scx_lavd/src/bpf/main.bpf.c}, re-armed every
 * {@code LAVD_SYS_STAT_INTERVAL_NS}).
 *
 * <p>A policy creates its timers once, with {@link Scx#timerInit} in {@link SchedOps#init} (upstream:
 * {@code bpf_timer_init} + {@code bpf_timer_set_callback}); starting, re-arming and cancelling allocate nothing.
 * Timers die with the scheduler: when the policy is unloaded or ejected every armed timer is cancelled (the kernel
 * frees the struct_ops maps, and with them their timers), so a callback never runs into a detached policy.
 */
public interface BpfTimer {
    /**
     * {@code bpf_timer_start(timer, nsecs, 0)}: (re-)arms the timer to fire {@code nsecs} from now; a timer already
     * armed is moved to the new expiry. Allowed from any callback and from the timer's own callback.
     *
     * @param nsecs delay in ns, at least 0
     * @throws IllegalArgumentException for a negative delay (the helper takes a u64)
     */
    void start(long nsecs);

    /** {@code bpf_timer_cancel(timer)}: disarms the timer; returns whether it was armed. */
    boolean cancel();

    /** Whether the timer is armed (started and not yet fired or cancelled). */
    boolean armed();

    /** The name given to {@link Scx#timerInit}, used in error messages. */
    String name();
}
