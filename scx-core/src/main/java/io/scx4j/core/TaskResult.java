package io.scx4j.core;

import org.HdrHistogram.Histogram;

/**
 * What one task did in a run.
 *
 * @param pid                  pid
 * @param comm                 command name
 * @param group                the task group it is reported under ({@link io.scx4j.core.workload.TaskSpec#group()})
 * @param runtimeNs            CPU time ({@code sum_exec_runtime})
 * @param waitNs               time runnable but not running
 * @param wakeups              wake-ups (including the fork)
 * @param wakeLatencyP50Ns     median wake-up latency (wake to first run)
 * @param wakeLatencyP99Ns     99th percentile wake-up latency
 * @param wakeLatencyMaxNs     worst wake-up latency
 * @param voluntarySwitches    switches out because the task blocked
 * @param involuntarySwitches  switches out while still runnable
 * @param migrations           CPU changes, all domains
 * @param migrationsSameCore   to an SMT sibling
 * @param migrationsSameLlc    within the LLC, other core
 * @param migrationsSameNode   within the NUMA node, other LLC
 * @param migrationsCrossNode  to another node
 * @param enqueues             hand-overs to the policy ({@code do_enqueue_task})
 * @param timerPeriods         periods of {@code Timer} steps the task reached
 * @param timerMisses          of those, the ones it reached after the boundary (frame or deadline misses)
 * @param wakeLatency          every wake-up latency in ns (a copy; merge several to get a group's percentiles)
 * @param lockWaits            mutex waits that ended in an acquisition ({@code Lock} steps that blocked, and retaking
 *                             the mutex after a condition wait)
 * @param lockWaitNs           total time those waits took, from blocking on the mutex to its hand-over
 * @param lockWaitMaxNs        the longest of them: the worst priority-inversion delay the task suffered
 */
public record TaskResult(
        int pid, String comm, String group, long runtimeNs, long waitNs, long wakeups,
        long wakeLatencyP50Ns, long wakeLatencyP99Ns, long wakeLatencyMaxNs,
        long voluntarySwitches, long involuntarySwitches,
        long migrations, long migrationsSameCore, long migrationsSameLlc, long migrationsSameNode,
        long migrationsCrossNode, long enqueues, long timerPeriods, long timerMisses, Histogram wakeLatency,
        long lockWaits, long lockWaitNs, long lockWaitMaxNs) {}
