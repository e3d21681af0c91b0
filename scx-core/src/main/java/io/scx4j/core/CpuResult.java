package io.scx4j.core;

/**
 * What one CPU did in a run.
 *
 * @param cpu             CPU id
 * @param busyNs          time running tasks
 * @param contextSwitches switches (including to and from idle)
 */
public record CpuResult(int cpu, long busyNs, long contextSwitches) {}
