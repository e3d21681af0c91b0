package io.scx4j.core;

import io.scx4j.api.ExitInfo;
import io.scx4j.api.Task;
import org.jspecify.annotations.Nullable;

/**
 * Receives what happens in a run, as it happens: the hook for traces, reports and call logs. Every method has an
 * empty default; implement what you need. The engine calls sinks on its own thread, in event order.
 */
public interface EventSink {
    /** {@code cpu} switched from {@code prev} to {@code next} (null = idle). */
    default void onSwitch(long timeNs, int cpu, @Nullable Task prev, @Nullable Task next) {}

    /** {@code p} woke up (or was forked) and was placed on {@code cpu}. */
    default void onWakeup(long timeNs, Task p, int cpu) {}

    /**
     * {@code p} was woken by the running task {@code waker} (a resume, signal, mutex hand-off, semaphore post or
     * barrier release of its program), right after {@link #onWakeup}: the wake-up edge for traces and for policies that
     * follow waker/wakee relations.
     */
    default void onWakeupBy(long timeNs, Task p, int cpu, Task waker) {}

    /** {@code p} moved from CPU {@code from} to {@code to}. */
    default void onMigrate(long timeNs, Task p, int from, int to) {}

    /** {@code p} exited. */
    default void onTaskExit(long timeNs, Task p) {}

    /** A policy was loaded. */
    default void onPolicyLoaded(long timeNs, String name) {}

    /** The loaded policy stopped. */
    default void onPolicyExit(long timeNs, ExitInfo info) {}

    /** True if this sink wants {@link #onCall}; formatting calls costs time, so the engine only does it on request. */
    default boolean wantsCalls() {
        return false;
    }

    /**
     * A policy callback ({@code kind} "op") or a helper the policy called ({@code kind} "kfunc").
     *
     * @param pid    the task argument's pid, or -1
     * @param args   the other arguments, formatted
     * @param result the return value, formatted, or empty for void
     */
    default void onCall(long timeNs, int cpu, String kind, String name, int pid, String args, String result) {}
}
