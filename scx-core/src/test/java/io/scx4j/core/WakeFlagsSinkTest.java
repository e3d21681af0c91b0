package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scx4j.api.Task;
import io.scx4j.api.WakeFlags;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link EventSink#onWakeupBy(long, Task, int, Task, long)} carries the wake flags {@code ops.select_cpu} would get:
 * {@code SCX_WAKE_TTWU}, plus {@code SCX_WAKE_SYNC} for a pipe write ({@code WF_SYNC}); a sink written against the
 * four-argument form still hears every wake-up edge.
 */
class WakeFlagsSinkTest {
    static final long MS = 1_000_000L;

    /** The reader blocks on pipe "p" and semaphore "s"; the writer runs 1 ms, writes, runs 1 ms, posts, runs 1 ms. */
    static Engine engine(EventSink sink) {
        Engine e = new Engine(TopologyPresets.get("flat-2"), EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addSink(sink);
        e.addWorkload(Workload.of("w",
                TaskSpec.of("reader", new Step.PipeRead("p"), Step.run(MS / 10), new Step.SemWait("s"),
                        Step.run(MS / 10)).repeating(1),
                TaskSpec.of("writer", Step.run(MS), new Step.PipeWrite("p"), Step.run(MS), new Step.SemPost("s"),
                        Step.run(MS)).repeating(1)));
        return e;
    }

    @Test
    void aPipeWriteWakesWithSyncAndASemaphorePostWithout() {
        List<String> flags = new ArrayList<>();
        engine(new EventSink() {
            @Override
            public void onWakeupBy(long timeNs, Task p, int cpu, Task waker, long wakeFlags) {
                String f = wakeFlags == (WakeFlags.TTWU | WakeFlags.SYNC) ? "TTWU|SYNC"
                        : wakeFlags == WakeFlags.TTWU ? "TTWU" : Long.toHexString(wakeFlags);
                flags.add(p.comm() + "<-" + waker.comm() + "@" + timeNs / 1000 + "us:" + f);
            }
        }).run(Duration.ofMillis(10));
        assertEquals(List.of("reader<-writer@1000us:TTWU|SYNC", "reader<-writer@2000us:TTWU"), flags);
    }

    @Test
    void aSinkImplementingOnlyTheFourArgumentFormHearsTheSameWakeUps() {
        List<String> edges = new ArrayList<>();
        engine(new EventSink() {
            @Override
            public void onWakeupBy(long timeNs, Task p, int cpu, Task waker) {
                edges.add(p.comm() + "<-" + waker.comm() + "@" + timeNs / 1000 + "us");
            }
        }).run(Duration.ofMillis(10));
        assertEquals(List.of("reader<-writer@1000us", "reader<-writer@2000us"), edges);
    }
}
