package io.scx4j.api;

/** Flags of {@link Scx#kickCpu}, {@code enum scx_kick_flags}. Zero means "reschedule that CPU". */
public final class KickFlags {
    /**
     * {@code SCX_KICK_IDLE}: wake the CPU only if it is idle (or about to be); never disturbs a running task.
     * Cannot be combined with {@link #PREEMPT} or {@link #WAIT}.
     */
    public static final long IDLE = 1L;
    /** {@code SCX_KICK_PREEMPT}: zero the slice of the CPU's current ext task and reschedule, which runs dispatch. */
    public static final long PREEMPT = 2L;
    /**
     * {@code SCX_KICK_WAIT}: the kicking CPU reschedules and does not go on with a newly picked task until the target
     * has been through its scheduling path since the kick (per-CPU {@code kick_sync} sequence), i.e. the ext task it
     * ran then was put back or picked anew. No effect if the target runs no ext task. CPUs waiting on each other in a
     * cycle do not deadlock: a waiting CPU advances its own sequence.
     */
    public static final long WAIT = 4L;

    private KickFlags() {}
}
