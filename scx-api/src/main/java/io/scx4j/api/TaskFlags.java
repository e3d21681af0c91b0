package io.scx4j.api;

/** Bits of {@link Task#scxFlags()}, the policy-visible part of {@code p->scx.flags} ({@code enum scx_ent_flags}). */
public final class TaskFlags {
    /** {@code SCX_TASK_QUEUED}: the task is runnable (on its run queue); e.g. {@code prev} in dispatch still wants to run. */
    public static final long QUEUED = 1L;
    /** {@code SCX_TASK_DEQD_FOR_SLEEP}: the last dequeue was for sleep. */
    public static final long DEQD_FOR_SLEEP = 1L << 3;
    /** {@code SCX_TASK_REENQ_REASON_MASK}: why a task is being re-enqueued (with {@link EnqFlags#REENQ}). */
    public static final long REENQ_REASON_MASK = 3L << 12;
    /** {@code SCX_TASK_REENQ_KFUNC}: re-enqueued by {@link Scx#reenqueueLocal()} or {@link Scx#dsqReenq}. */
    public static final long REENQ_KFUNC = 1L << 12;
    /** {@code SCX_TASK_REENQ_IMMED}: an {@link EnqFlags#IMMED} task could not run at once. */
    public static final long REENQ_IMMED = 2L << 12;
    /** {@code SCX_TASK_REENQ_PREEMPTED}: an IMMED task was preempted by a higher class. */
    public static final long REENQ_PREEMPTED = 3L << 12;

    private TaskFlags() {}
}
