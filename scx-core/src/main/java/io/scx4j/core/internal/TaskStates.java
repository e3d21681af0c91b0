package io.scx4j.core.internal;

import io.scx4j.api.Task;

/**
 * Task state the public {@link Task} view does not carry, for the engine's own exporters (module-internal).
 */
public final class TaskStates {
    private TaskStates() {}

    /**
     * The letter ftrace's {@code sched_switch} prints as {@code prev_state} for a task just switched out
     * ({@code __trace_sched_switch_state()} in {@code include/trace/events/sched.h}): {@code R+} preempted while
     * still runnable, {@code X} dead, {@code S} asleep. Tasks not created by this engine count as asleep.
     */
    public static String prevState(Task p) {
        if (!(p instanceof TaskStruct t)) {
            return "S";
        }
        return switch (t.runState) {
            case RUNNABLE, RUNNING -> "R+";
            case DEAD -> "X";
            default -> "S";
        };
    }
}
