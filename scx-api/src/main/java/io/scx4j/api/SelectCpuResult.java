package io.scx4j.api;

/**
 * Result of {@link Scx#selectCpuDfl}: {@code scx_bpf_select_cpu_dfl()} returns the CPU and sets {@code *is_idle}.
 *
 * @param cpu  the idle CPU that was claimed, or {@code prev_cpu} when none was found
 * @param idle true if {@code cpu} was idle and is now claimed (its idle bit cleared)
 */
public record SelectCpuResult(int cpu, boolean idle) {}
