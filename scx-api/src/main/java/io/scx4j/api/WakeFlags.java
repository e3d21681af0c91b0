package io.scx4j.api;

/** Wake-up flags, {@code enum scx_wake_flags}, passed to {@link SchedOps#selectCpu}. */
public final class WakeFlags {
    /** {@code SCX_WAKE_FORK} (core {@code WF_FORK}): first wake-up of a newly forked task. */
    public static final long FORK = 0x4L;
    /** {@code SCX_WAKE_TTWU} (core {@code WF_TTWU}): a regular wake-up ({@code try_to_wake_up}). */
    public static final long TTWU = 0x8L;
    /** {@code SCX_WAKE_SYNC} (core {@code WF_SYNC}): the waker is about to sleep; waking on its CPU is cheap. */
    public static final long SYNC = 0x10L;

    private WakeFlags() {}
}
