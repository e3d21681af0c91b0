package io.scx4j.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * The context a wake-up runs in, as the kernel's {@code current} and {@code in_hardirq()} describe it to a BPF
 * scheduler ({@code bpf_get_current_task_btf()}, {@code bpf_in_hardirq()}; exposed as {@code Scx.currentTask()} and
 * {@code Scx.inHardirq()}). A sleep or timer expiry wakes its task from an hrtimer interrupt (hard IRQ, no waker);
 * a task that resumes, signals or hands a lock to another is that task's waker; a fork's first wake-up has neither.
 * Set by the Kernel around each wake-up and cleared after it; one mutable instance, nothing allocated per event.
 */
final class WakeContext {
    private @Nullable TaskStruct waker;
    private boolean hardirq;

    /** A wake-up from a timer interrupt (the end of a sleep, a timer period). */
    void fromTimer() {
        waker = null;
        hardirq = true;
    }

    /** A wake-up caused by task {@code w}. */
    void byTask(TaskStruct w) {
        waker = w;
        hardirq = false;
    }

    /** Outside any wake-up (also a fork's first wake-up). */
    void clear() {
        waker = null;
        hardirq = false;
    }

    /** Back to an enclosing context saved with {@link #waker()} and {@link #hardirq()}. */
    void restore(@Nullable TaskStruct outerWaker, boolean outerHardirq) {
        waker = outerWaker;
        hardirq = outerHardirq;
    }

    @Nullable TaskStruct waker() {
        return waker;
    }

    boolean hardirq() {
        return hardirq;
    }
}
