package io.scx4j.core.internal;

import io.scx4j.api.WakeFlags;
import org.jspecify.annotations.Nullable;

/**
 * The context a wake-up runs in, as the kernel's {@code current} and {@code in_hardirq()} describe it to a BPF
 * scheduler ({@code bpf_get_current_task_btf()}, {@code bpf_in_hardirq()}; exposed as {@code Scx.currentTask()} and
 * {@code Scx.inHardirq()}). A sleep or timer expiry wakes its task from an hrtimer interrupt (hard IRQ, no waker);
 * a task that resumes, signals or hands a lock to another is that task's waker; a fork's first wake-up has neither.
 * A task-caused wake-up may be <em>sync</em> ({@code WF_SYNC}, passed to ops.select_cpu as {@code SCX_WAKE_SYNC}):
 * the waker says it is about to sleep, as a pipe or socket writer does ({@code __wake_up_sync_key},
 * kernel/sched/wait.c); {@link IdleTracker#selectCpuDfl} then considers the waker's CPU (reference §7.1 step 1).
 * Set by the Kernel around each wake-up and cleared after it; one mutable instance, nothing allocated per event.
 */
final class WakeContext {
    private @Nullable TaskStruct waker;
    private boolean hardirq;
    private boolean sync;

    /** A wake-up from a timer interrupt (the end of a sleep, a timer period). */
    void fromTimer() {
        waker = null;
        hardirq = true;
        sync = false;
    }

    /** A wake-up caused by task {@code w}. */
    void byTask(TaskStruct w) {
        byTask(w, false);
    }

    /** A wake-up caused by task {@code w}, with {@code WF_SYNC} if {@code syncWake}. */
    void byTask(TaskStruct w, boolean syncWake) {
        waker = w;
        hardirq = false;
        sync = syncWake;
    }

    /** Outside any wake-up (also a fork's first wake-up). */
    void clear() {
        waker = null;
        hardirq = false;
        sync = false;
    }

    /** Back to an enclosing context saved with {@link #waker()} and {@link #hardirq()}. */
    void restore(@Nullable TaskStruct outerWaker, boolean outerHardirq) {
        restore(outerWaker, outerHardirq, false);
    }

    /** Back to an enclosing context saved with {@link #waker()}, {@link #hardirq()} and {@link #sync()}. */
    void restore(@Nullable TaskStruct outerWaker, boolean outerHardirq, boolean outerSync) {
        waker = outerWaker;
        hardirq = outerHardirq;
        sync = outerSync;
    }

    @Nullable TaskStruct waker() {
        return waker;
    }

    boolean hardirq() {
        return hardirq;
    }

    /** The wake-up carries {@code WF_SYNC}: the waker will sleep soon. */
    boolean sync() {
        return sync;
    }

    /** The wake flags this context adds to {@code SCX_WAKE_TTWU}: {@code SCX_WAKE_SYNC} or nothing. */
    long ttwuFlags() {
        return sync ? WakeFlags.SYNC : 0;
    }
}
