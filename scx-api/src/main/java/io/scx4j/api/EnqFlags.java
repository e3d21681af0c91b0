package io.scx4j.api;

/**
 * Enqueue flags, {@code enum scx_enq_flags} ({@code kernel/sched/ext_internal.h}), passed to
 * {@link SchedOps#enqueue}, {@link SchedOps#runnable} and accepted by the insert and move helpers.
 *
 * <p>Values follow the v7.0 kernel. The three flags that mirror core {@code ENQUEUE_*} bits
 * ({@link #WAKEUP}, {@link #HEAD}, {@link #CPU_SELECTED}) were renumbered between kernel releases; BPF
 * programs use CO-RE relocation, Java policies simply use these names.
 */
public final class EnqFlags {
    /** {@code SCX_ENQ_WAKEUP}: the task is waking up. */
    public static final long WAKEUP = 0x1L;
    /** {@code SCX_ENQ_HEAD}: insert at the head of a FIFO DSQ. */
    public static final long HEAD = 0x10000L;
    /**
     * {@code SCX_ENQ_CPU_SELECTED}: CPU selection ({@code ops.select_cpu} or the default) ran for this
     * enqueue. Absent for non-wakeup enqueues and for tasks that can run on one CPU only.
     */
    public static final long CPU_SELECTED = 0x100000L;
    /**
     * {@code SCX_ENQ_PREEMPT}: with a local-DSQ target, implies {@link #HEAD}; if the target CPU runs
     * another ext task, that task's slice is zeroed and the CPU rescheduled.
     */
    public static final long PREEMPT = 1L << 32;
    /**
     * {@code SCX_ENQ_IMMED} (v7.1), local DSQs only (anything else is an error): the task must get the CPU at once and
     * keep it. If the local DSQ already holds another task, or the CPU runs another ext task (unless the insert also
     * has {@link #PREEMPT}), or a higher class takes the CPU, the task is handed back to {@link SchedOps#enqueue} with
     * {@link #REENQ} and reason {@link TaskFlags#REENQ_IMMED} (or {@link TaskFlags#REENQ_PREEMPTED} if preempted while
     * running). The promise lasts until the task's next fresh enqueue. Putting a handed-back task straight back where
     * it cannot run makes the kernel re-enqueue again; more than 256 such repeats in a row eject the policy.
     */
    public static final long IMMED = 1L << 33;
    /** {@code SCX_ENQ_REENQ}: the task was on a DSQ and is re-enqueued (e.g. {@code scx_bpf_reenqueue_local}). */
    public static final long REENQ = 1L << 40;
    /**
     * {@code SCX_ENQ_LAST}: only with {@link OpsFlags#ENQ_LAST}: the task is the last runnable one of its CPU,
     * which is about to go idle; the policy must arrange a follow-up scheduling event or it may stall.
     */
    public static final long LAST = 1L << 41;
    /** Bits 56-63 are internal to the kernel ({@code __SCX_ENQ_INTERNAL_MASK}); passing them is an error. */
    public static final long INTERNAL_MASK = 0xffL << 56;

    private EnqFlags() {}
}
