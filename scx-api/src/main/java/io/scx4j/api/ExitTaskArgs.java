package io.scx4j.api;

/**
 * {@code struct scx_exit_task_args}, passed to {@link SchedOps#exitTask}.
 *
 * @param cancelled true if the task went away between {@link SchedOps#initTask} and becoming ready (fork failed)
 */
public record ExitTaskArgs(boolean cancelled) {}
