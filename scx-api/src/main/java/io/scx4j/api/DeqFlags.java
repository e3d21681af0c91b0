package io.scx4j.api;

/** Dequeue flags, {@code enum scx_deq_flags}, passed to {@link SchedOps#dequeue} and {@link SchedOps#quiescent}. */
public final class DeqFlags {
    /** {@code SCX_DEQ_SLEEP} (core {@code DEQUEUE_SLEEP}): the task is going to sleep. */
    public static final long SLEEP = 0x1L;
    /** {@code SCX_DEQ_CORE_SCHED_EXEC}: core scheduling picked the task before it was dispatched. */
    public static final long CORE_SCHED_EXEC = 1L << 32;
    /**
     * {@code SCX_DEQ_SCHED_CHANGE} (v7.0+): the dequeue is due to a property change (affinity, nice, policy,
     * cgroup move); set whenever neither {@link #SLEEP} nor {@link #CORE_SCHED_EXEC} applies.
     */
    public static final long SCHED_CHANGE = 1L << 33;

    private DeqFlags() {}
}
