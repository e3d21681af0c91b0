package io.scx4j.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.core.EngineConfig;
import io.scx4j.core.MachineModel;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.TopologyPresets;
import org.junit.jupiter.api.Test;

/**
 * The invariant checker catches a task on an offline CPU. The engine never builds that state (the other hotplug
 * tests run with the checker after every step), so the test builds it by hand: the CPU's online flag is cleared
 * behind the hotplug code's back, as if a placement path had ignored {@code cpu_online_mask}.
 */
class OfflineCpuInvariantTest {
    static final long MS = 1_000_000L;

    final Kernel kernel = new Kernel(TopologyPresets.get("flat-2"),
            EngineConfig.defaults().withMachine(MachineModel.ideal()));

    @Test
    void aTaskRunningOnACpuMarkedOfflineBreaksTheInvariant() {
        // one fair hog forked at 0 on flat-2: CPU 0 (its first possible CPU, idle) runs it
        TaskStruct hog = kernel.addTask(TaskSpec.of("hog", Step.run(10_000 * MS)));
        kernel.runUntil(MS);
        assertSame(hog, kernel.cpus[hog.cpu].curr);
        kernel.checkInvariants();

        kernel.cpus[hog.cpu].online = false;
        var x = assertThrows(IllegalStateException.class, kernel::checkInvariants);
        assertTrue(x.getMessage().contains("runs on CPU " + hog.cpu + ", which is offline"), x.getMessage());
    }

    @Test
    void aTaskWaitingOnTheFairRunQueueOfACpuMarkedOfflineBreaksTheInvariant() {
        // two fair hogs pinned to CPU 1: one runs, the other waits on CPU 1's fair run queue
        TaskSpec pinned = TaskSpec.of("hog", Step.run(10_000 * MS)).withAffinity(io.scx4j.topology.CpuMask.of(1));
        kernel.addTask(pinned);
        TaskStruct second = kernel.addTask(pinned.withComm("hog2"));
        kernel.runUntil(MS);
        TaskStruct waiting = kernel.cpus[1].curr == second ? kernel.task("hog") : second;
        assertEquals(1, waiting.cpu);
        assertTrue(waiting.onFairRq);
        kernel.checkInvariants();

        kernel.cpus[1].online = false;
        // the running one is reported first; the waiting one on its own
        var x = assertThrows(IllegalStateException.class, kernel::checkInvariants);
        assertTrue(x.getMessage().contains("runs on CPU 1, which is offline"), x.getMessage());
        var y = assertThrows(IllegalStateException.class, () -> PossibleMask.checkNotQueuedOffline(kernel, waiting));
        assertTrue(y.getMessage().contains("waits on the fair run queue of CPU 1, which is offline"), y.getMessage());
    }
}
