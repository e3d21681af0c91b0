package io.scx4j.api;

/**
 * {@code struct scx_cpu_release_args}, passed to {@link SchedOps#cpuRelease}.
 *
 * @param reason which higher class takes the CPU
 * @param task   the higher-class task that will run next
 */
public record CpuReleaseArgs(CpuPreemptReason reason, Task task) {}
