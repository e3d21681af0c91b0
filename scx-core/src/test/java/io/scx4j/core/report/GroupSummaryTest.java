package io.scx4j.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scx4j.api.ScxEvents;
import io.scx4j.core.RunResult;
import io.scx4j.core.TaskResult;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class GroupSummaryTest {
    private static TaskResult task(int pid, String group, long runtime, long... latencies) {
        Histogram h = new Histogram(3_600_000_000_000L, 2);
        for (long l : latencies) {
            h.recordValue(l);
        }
        return new TaskResult(pid, "t" + pid, group, runtime, 10, latencies.length, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 0,
                4, 1, h, 0, 0, 0, 0);
    }

    @Test
    void aGroupsPercentilesComeFromItsTasksMergedHistogramsNotFromAveragingThem() {
        // web: 99 fast wake-ups of 1 µs in one task, one of 50 ms in the other: p50 is 1 µs, max 50 ms; the
        // tasks' own p50s (1 µs and 50 ms) would average to 25 ms
        long[] fast = new long[99];
        java.util.Arrays.fill(fast, 1_000);
        RunResult r = new RunResult("p", 1_000_000_000L, List.of(task(1, "web", 300, fast),
                task(2, "web", 100, 50_000_000), task(3, "batch", 600)), List.of(), List.of(),
                new ScxEvents(0, 0, 0, 0, 0, 0, 0, 0, 0), 0);
        List<GroupSummary> gs = GroupSummary.of(r);
        assertEquals(List.of("web", "batch"), gs.stream().map(GroupSummary::name).toList());
        GroupSummary web = gs.get(0);
        assertEquals(2, web.tasks());
        assertEquals(100, web.latency().getTotalCount());
        assertEquals(1_000, web.latency().lowestEquivalentValue(web.p50Ns()));
        assertEquals(1_000, web.latency().lowestEquivalentValue(web.p99Ns()));
        assertEquals(50_000_000, web.latency().lowestEquivalentValue(web.maxNs()), 50_000_000 / 100.0);
        assertEquals(400, web.runtimeNs());
        assertEquals(20, web.waitNs());
        assertEquals(0.4, web.runtimeShare(r), 1e-12);
        assertEquals(8, web.timerPeriods());
        assertEquals(2, web.timerMisses());
        assertEquals(6, web.migrations());
        assertEquals(6, web.contextSwitches());
        assertEquals(0, gs.get(1).p50Ns(), "a group that never woke has no latency");
    }
}
