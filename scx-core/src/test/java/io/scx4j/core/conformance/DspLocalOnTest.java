package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.atomic.*;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Port of dsp_local_on: ops.dispatch pops tasks from a policy-side queue (the BPF queue map) and inserts them into
 * SCX_DSQ_LOCAL_ON|cpu, a random CPU for fully-affine tasks, else the task's CPU; kind UNREG after the run.
 */
class DspLocalOnTest {
    @Test
    void dispatchToLocalOnOfAnyCpuIsAccepted() {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(waker("w" + i));
        }
        tasks.add(waker("pinned").withAffinity(CpuMask.of(2)));
        tasks.add(hog("h"));
        Engine e = engine(FLAT_4, tasks);
        ArrayDeque<Task> queue = new ArrayDeque<>();
        Random rnd = new Random(42);
        AtomicInteger remote = new AtomicInteger();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "dsp_local_on"; }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) { return prevCpu; }
            public void enqueue(Task p, long enqFlags) { queue.add(p); }
            public void dequeue(Task p, long deqFlags) { queue.remove(p); }
            public void dispatch(int cpu, @Nullable Task prev) {
                Scx scx = Scx.current();
                Task p = queue.poll();
                if (p == null) {
                    return;
                }
                int target = p.nrCpusAllowed() == scx.nrCpuIds() && !p.migrationDisabled()
                        ? rnd.nextInt(scx.nrCpuIds()) : scx.taskCpu(p);
                if (target != cpu) {
                    remote.incrementAndGet();
                }
                scx.dsqInsert(p, Dsq.localOn(target), Scx.SLICE_DFL, 0);
            }
        }));
        RunResult r = e.run(Duration.ofMillis(200));
        assertStillRunning(e, r);
        assertTrue(remote.get() > 0, "some tasks went to another CPU's local DSQ");
        assertTrue(r.task("pinned").wakeups() > 50, "the pinned task kept running: " + r.task("pinned").wakeups());
        assertUnregOnUnload(e);
    }
}
