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

    /**
     * {@link #onWakeupBy(long, Task, int, Task)} with the wake flags of the wake-up, as {@code ops.select_cpu} gets
     * them ({@link io.scx4j.api.WakeFlags}): {@code SCX_WAKE_TTWU}, plus {@code SCX_WAKE_SYNC} when the waker is about
     * to sleep ({@code WF_SYNC}: a pipe write, {@code __wake_up_sync_key} in kernel/sched/wait.c). The engine calls
     * this one; by default it passes the call on to the four-argument method, so a sink that only needs the edge
     * implements that one and works unchanged.
     */
    default void onWakeupBy(long timeNs, Task p, int cpu, Task waker, long wakeFlags) {
        onWakeupBy(timeNs, p, cpu, waker);
    }

    /** {@code p} moved from CPU {@code from} to {@code to}. */
    default void onMigrate(long timeNs, Task p, int from, int to) {}

    /**
     * {@code cpu}'s frequency changed to {@code khz} (machine model: a cpufreq transition completed; the
     * {@code power:cpu_frequency} tracepoint).
     */
    default void onCpuFrequency(long timeNs, int cpu, long khz) {}

    /** {@code p} exited. */
    default void onTaskExit(long timeNs, Task p) {}

    /** A policy was loaded. */
    default void onPolicyLoaded(long timeNs, String name) {}

    /** The loaded policy stopped. */
    default void onPolicyExit(long timeNs, ExitInfo info) {}

    /**
     * The number of runnable tasks waiting on {@code cpu}: its local DSQ ({@code rq->scx.local_dsq.nr}) plus the
     * fair class's run queue ({@code rq->cfs.h_nr_queued}). The engine samples it after every context switch on
     * that CPU; tasks a policy keeps in the global DSQ, its own DSQs or its own structures are not counted here.
     */
    default void onQueueLength(long timeNs, int cpu, int nrQueued) {}

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
