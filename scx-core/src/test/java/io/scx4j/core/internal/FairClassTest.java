package io.scx4j.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void aSleeperOwedServiceIsPlacedLeftOfTheAverageByItsLagScaledByTheQueueWeight() {
        FairClass fair = new FairClass(4); // base slice 2.25 ms
        FairRq rq = new FairRq();
        TaskStruct curr = task("curr");
        TaskStruct sleeper = task("sleeper");
        curr.vruntime = 10 * MS;
        // the sleeper leaves with vruntime 9 ms while the average of {curr, sleeper} is 9.5 ms: lag +0.5 ms
        sleeper.vruntime = 9 * MS;
        rq.add(sleeper);
        fair.saveLag(rq, curr, sleeper, MS, true);
        rq.remove(sleeper);
        assertEquals(MS / 2, sleeper.vlag);
        // back on a queue holding only curr (weight 1024): lag * (1024 + 1024) / 1024 = 1 ms left of curr's 10 ms
        fair.place(rq, curr, sleeper);
        assertEquals(9 * MS, sleeper.vruntime);
    }

    @Test
    void theSavedLagIsClampedToTwoBaseSlicesOfService() {
        FairClass fair = new FairClass(4);
        FairRq rq = new FairRq();
        TaskStruct curr = task("curr");
        TaskStruct starved = task("starved");
        curr.vruntime = 1_000 * MS;
        starved.vruntime = 0;
        rq.add(starved);
        fair.saveLag(rq, curr, starved, MS, false);
        // nice 0: limit = max(2 * 2.25 ms, 1 ms) * 1024 / 1024 = 4.5 ms
        assertEquals(4_500_000L, starved.vlag);
    }
}
