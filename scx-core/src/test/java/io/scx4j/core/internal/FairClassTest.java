package io.scx4j.core.internal;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.core.EngineConfig;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.TopologyPresets;
import org.junit.jupiter.api.Test;

/** The fair class's EEVDF rules on one run queue, without the event loop. */
class FairClassTest {
    static final long MS = 1_000_000L;

    final Kernel kernel = new Kernel(TopologyPresets.get("flat-4"), EngineConfig.defaults());

    TaskStruct task(String comm) {
        return kernel.addTask(TaskSpec.of(comm, Step.run(MS)));
    }

    @Test
    void aTaskMigratedFromAQueueFarAheadIsPlacedAtTheNewQueuesAverageAndRunsWithinASlice() {
        FairClass fair = new FairClass(4);
        FairRq rq = new FairRq();
        TaskStruct running = task("running");
        TaskStruct waiting = task("waiting");
        TaskStruct migrant = task("migrant");
        rq.add(waiting);
        fair.place(rq, running, waiting);
        fair.newDeadline(running);
        // the migrant's vruntime belongs to a queue whose clock is 10 s (of nice-0 time) ahead
        migrant.vruntime = running.vruntime + 10_000 * MS;
        fair.place(rq, running, migrant);
        rq.add(migrant);
        assertTrue(migrant.vruntime - running.vruntime <= fair.baseSliceNs,
                "placed at the zero-lag point, not 10 s to the right: " + (migrant.vruntime - running.vruntime));

        // run the queue tick by tick, the current task going back on the queue when its request is used up:
        // the migrant runs within two requests of the other two (2 x 2 x 2.25 ms on 4 CPUs' base slice)
        TaskStruct curr = running;
        long ranBeforeMigrant = 0;
        while (curr != migrant) {
            fair.charge(curr, MS);
            ranBeforeMigrant += MS;
            assertTrue(ranBeforeMigrant <= 4 * fair.baseSliceNs, "the migrant waited " + ranBeforeMigrant / MS + " ms");
            if (fair.tickPreempts(rq, curr)) {
                rq.add(curr);
                TaskStruct next = fair.pick(rq, null);
                rq.remove(next);
                curr = next;
            }
        }
        assertSame(migrant, curr);
    }
}
