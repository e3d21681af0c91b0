package io.scx4j.core.report;

import io.scx4j.core.RunResult;
import io.scx4j.core.TaskResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One task group's results in a run: the tasks reported under the same {@link TaskResult#group()} (a scenario's
 * role, an rt-app thread name), with their wake-up latency histograms merged so the percentiles are the group's, not
 * an average of the tasks'.
 *
 * @param name            the group
 * @param tasks           how many tasks are in it
 * @param latency         every wake-up latency of its tasks, in ns (wake to first run: the kernel's
 *                        {@code sched_wakeup} to {@code sched_switch} in)
 * @param runtimeNs       CPU time of its tasks ({@code sum_exec_runtime})
 * @param waitNs          time its tasks were runnable but not running
 * @param wakeups         wake-ups, forks included
 * @param timerPeriods    periods of its tasks' periodic timers (frames, deadlines)
 * @param timerMisses     periods reached late (frame or deadline misses)
 * @param migrations      CPU changes
 * @param contextSwitches switches out, voluntary (blocked) and involuntary (preempted)
 */
public record GroupSummary(String name, int tasks, Histogram latency, long runtimeNs, long waitNs, long wakeups,
        long timerPeriods, long timerMisses, long migrations, long contextSwitches) {

    /** The groups of {@code result}, in the order their first task was created. */
    public static List<GroupSummary> of(RunResult result) {
        Map<String, List<TaskResult>> byGroup = new LinkedHashMap<>();
        for (TaskResult t : result.tasks()) {
            byGroup.computeIfAbsent(t.group(), g -> new ArrayList<>()).add(t);
        }
        List<GroupSummary> out = new ArrayList<>(byGroup.size());
        for (var e : byGroup.entrySet()) {
            Histogram h = null;
            long run = 0, wait = 0, wake = 0, periods = 0, misses = 0, migr = 0, cs = 0;
            for (TaskResult t : e.getValue()) {
                if (h == null) {
                    h = t.wakeLatency().copy();
                } else {
                    h.add(t.wakeLatency());
                }
                run += t.runtimeNs();
                wait += t.waitNs();
                wake += t.wakeups();
                periods += t.timerPeriods();
                misses += t.timerMisses();
                migr += t.migrations();
                cs += t.voluntarySwitches() + t.involuntarySwitches();
            }
            out.add(new GroupSummary(e.getKey(), e.getValue().size(), h, run, wait, wake, periods, misses, migr, cs));
        }
        return out;
    }

    /** The latency at {@code percentile} (0..100) in ns; 0 when the group never woke. */
    public long latencyAt(double percentile) {
        return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile);
    }

    public long p50Ns() {
        return latencyAt(50);
    }

    public long p90Ns() {
        return latencyAt(90);
    }

    public long p99Ns() {
        return latencyAt(99);
    }

    public long p999Ns() {
        return latencyAt(99.9);
    }

    public long maxNs() {
        return latency.getTotalCount() == 0 ? 0 : latency.getMaxValue();
    }

    /** This group's share of all tasks' CPU time, 0..1. */
    public double runtimeShare(RunResult result) {
        long total = result.totalRuntimeNs();
        return total == 0 ? 0 : (double) runtimeNs / total;
    }
}
