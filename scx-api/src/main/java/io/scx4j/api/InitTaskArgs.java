package io.scx4j.api;

/**
 * {@code struct scx_init_task_args}, passed to {@link SchedOps#initTask}.
 *
 * @param fork   true when called for a new task in fork, false for tasks that existed when the policy loaded
 * @param cgroup the cgroup the task joins
 */
public record InitTaskArgs(boolean fork, Cgroup cgroup) {}
