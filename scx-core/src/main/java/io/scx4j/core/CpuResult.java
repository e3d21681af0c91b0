package io.scx4j.core;

/**
 * What one CPU did in a run.
 *
 * @param cpu             CPU id
 * @param busyNs          time running tasks
 * @param contextSwitches switches (including to and from idle)
 * @param idleNs          time with no task, including waking from an idle state (offline time is neither)
 * @param energyJ         energy the CPU used, joules (0 when the machine model's power effect is off)
 */
public record CpuResult(int cpu, long busyNs, long contextSwitches, long idleNs, double energyJ) {}
