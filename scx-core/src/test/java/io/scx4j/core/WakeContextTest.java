package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.EnqFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.TopologyPresets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code Scx.inHardirq()} and {@code Scx.currentTask()} on the wake-up path ({@code bpf_in_hardirq()},
 * {@code bpf_get_current_task_btf()}): a sleep's end is a timer interrupt with no waker; a fork's first wake-up is
 * neither; outside a wake-up both are clear.
 */
class WakeContextTest {
    static final long MS = 1_000_000L;

    @Test
    void aSleepersWakeUpRunsInHardirqWithoutAWakerAndAForkDoesNot() {
        List<String> seen = new ArrayList<>();
        SchedOps recorder = new SchedOps() {
            @Override
            public String name() {
                return "recorder";
            }

            @Override
            public void runnable(Task p, long enqFlags) {
                Scx s = Scx.current();
                String kind = (enqFlags & EnqFlags.WAKEUP) != 0 ? "wake" : "new";
                seen.add(kind + " hardirq=" + s.inHardirq() + " current=" + s.currentTask());
            }

            @Override
            public void running(Task p) {
                Scx s = Scx.current();
                seen.add("running hardirq=" + s.inHardirq() + " current=" + s.currentTask());
            }
        };
        Engine e = new Engine(TopologyPresets.get("flat-4"), EngineConfig.defaults());
        e.addWorkload(Workload.of("w", TaskSpec.of("sleeper", Step.run(MS), Step.sleep(2 * MS)).repeating(2)));
        assertEquals(0, e.load(recorder));

        e.runUntil(20 * MS);

        assertTrue(e.lastExit().isEmpty(), "no exit: " + e.exits());
        // fork (wake_up_new_task(): no SCX_ENQ_WAKEUP), run, sleep 2 ms (timer), run, sleep 2 ms (timer) ...
        assertEquals("new hardirq=false current=null", seen.get(0));
        assertEquals("running hardirq=false current=null", seen.get(1));
        assertEquals("wake hardirq=true current=null", seen.get(2));
        assertEquals("running hardirq=false current=null", seen.get(3));
    }

    @Test
    void aResumeReportsTheRunningTaskAsTheWakerOutsideHardirq() {
        List<String> seen = new ArrayList<>();
        SchedOps recorder = new SchedOps() {
            @Override
            public String name() {
                return "recorder";
            }

            @Override
            public void runnable(Task p, long enqFlags) {
                Scx s = Scx.current();
                Task waker = s.currentTask();
                if (p.comm().equals("consumer") && waker != null) {
                    seen.add(waker.comm() + " hardirq=" + s.inHardirq());
                }
            }
        };
        Engine e = new Engine(TopologyPresets.get("flat-4"), EngineConfig.defaults());
        e.addWorkload(Workload.of("w",
                TaskSpec.of("consumer", new Step.Suspend(), Step.run(MS)),
                TaskSpec.of("producer", Step.run(MS), new Step.Resume("consumer"), Step.sleep(5 * MS))));
        assertEquals(0, e.load(recorder));

        e.runUntil(30 * MS);

        assertTrue(e.lastExit().isEmpty(), "no exit: " + e.exits());
        assertTrue(!seen.isEmpty(), "the consumer was resumed");
        assertEquals("producer hardirq=false", seen.get(0));
    }
}
