package io.scx4j.api;

/**
 * Why a policy stopped: {@code enum scx_exit_kind} ({@code kernel/sched/ext_internal.h}), with the kernel's values
 * and reason texts. Kinds at or above {@link #ERROR} are errors: the engine generates a dump for them.
 */
public enum ExitKind {
    /** {@code SCX_EXIT_NONE}: still running. */
    NONE(0, "none"),
    /** {@code SCX_EXIT_DONE}: internal, disabling finished. */
    DONE(1, "done"),
    /** {@code SCX_EXIT_UNREG}: unloaded by its user. */
    UNREG(64, "unregistered from user space"),
    /** {@code SCX_EXIT_UNREG_BPF}: the policy called {@link Scx#exit}. */
    UNREG_BPF(65, "unregistered from BPF"),
    /** {@code SCX_EXIT_UNREG_KERN}: unloaded by the kernel, e.g. hotplug without cpu_online/offline callbacks. */
    UNREG_KERN(66, "unregistered from the main kernel"),
    /** {@code SCX_EXIT_SYSRQ}: SysRq-S. */
    SYSRQ(67, "disabled by sysrq-S"),
    /** {@code SCX_EXIT_PARENT} (v7.1 sub-schedulers). */
    PARENT(68, "parent exiting"),
    /** {@code SCX_EXIT_ERROR}: the kernel found a rule broken (invalid DSQ, double dispatch, ...). */
    ERROR(1024, "runtime error"),
    /** {@code SCX_EXIT_ERROR_BPF}: the policy called {@link Scx#error}. */
    ERROR_BPF(1025, "scx_bpf_error"),
    /** {@code SCX_EXIT_ERROR_STALL}: the watchdog found a runnable task that did not run within the timeout. */
    ERROR_STALL(1026, "runnable task stall"),
    /**
     * {@code SCX_EXIT_ERROR_REENQ} (linux-next, {@code kernel/sched/ext/internal.h}): a task was re-enqueued
     * ({@link EnqFlags#REENQ}) more than {@code SCX_REENQ_MAX_REPEAT} (256) times without running, e.g. a policy that
     * keeps putting an {@link EnqFlags#IMMED} task back onto a busy CPU.
     */
    ERROR_REENQ(1027, "reenqueue limit");

    private final int value;
    private final String reason;

    ExitKind(int value, String reason) {
        this.value = value;
        this.reason = reason;
    }

    /** The kernel's numeric value. */
    public int value() {
        return value;
    }

    /** The kernel's reason text ({@code scx_exit_reason()}). */
    public String reason() {
        return reason;
    }

    /** True for {@link #ERROR} and above. */
    public boolean isError() {
        return value >= ERROR.value;
    }
}
