package io.scx4j.api;

/**
 * Layout of {@link ExitInfo#exitCode()} ({@code enum scx_exit_code}): bits 63-48 system actions, bits 47-32 system
 * reasons, bits 31-0 user-defined.
 */
public final class ExitCodes {
    /** {@code SCX_ECODE_ACT_RESTART}: the user-space side should restart the scheduler. */
    public static final long ACT_RESTART = 1L << 48;
    /** {@code SCX_ECODE_RSN_HOTPLUG}: a CPU went on- or offline. */
    public static final long RSN_HOTPLUG = 1L << 32;
    /** {@code SCX_ECODE_RSN_CGROUP_OFFLINE}: a sub-scheduler's cgroup went offline. */
    public static final long RSN_CGROUP_OFFLINE = 2L << 32;

    private ExitCodes() {}
}
