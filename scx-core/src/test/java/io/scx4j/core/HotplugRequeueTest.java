package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.DeqFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * When a CPU goes offline, a task whose cpumask holds no online CPU any more gets a new one from
 * {@code select_fallback_rq} → {@code set_cpus_allowed_force} → {@code do_set_cpus_allowed}
 * ({@code kernel/sched/core.c}), which changes the mask inside a {@code sched_change} block: a queued task is
 * dequeued ({@code DEQUEUE_SAVE}) and enqueued again ({@code ENQUEUE_RESTORE}). For a task waiting in a policy's
 * queue that is {@code ops.dequeue(SCX_DEQ_SCHED_CHANGE)}, {@code ops.quiescent}, {@code ops.set_cpumask},
 * {@code ops.runnable} and {@code ops.enqueue}, so the policy can put it where its new mask lets it run. Found by
 * LAVD's hotplug scenario: a task on LAVD's per-core DSQ of the offlined CPU was never consumed.
 */
class HotplugRequeueTest {
    static final long MS = 1_000_000L;
    static final long DSQ_BASE = 100;

    /** One user DSQ per CPU: a task waits on the DSQ of its first allowed CPU and only that CPU consumes it. */
    static final class PerCpuQueues implements SchedOps {
        final List<String> calls = new ArrayList<>();

        public String name() { return "per_cpu_queues"; }

        public int init(Scx scx) {
            for (int cpu = 0; cpu < scx.topology().nrCpuIds(); cpu++) {
                int ret = scx.createDsq(DSQ_BASE + cpu, Scx.NUMA_NO_NODE);
                if (ret < 0) {
                    return ret;
                }
            }
            return 0;
        }

        public void enqueue(Task p, long enqFlags) {
            calls.add("enqueue " + p.comm());
            Scx.current().dsqInsert(p, DSQ_BASE + p.cpusAllowed().first(), 20 * MS, enqFlags);
        }

        public void dispatch(int cpu, @Nullable Task prev) {
            Scx.current().dsqMoveToLocal(DSQ_BASE + cpu);
        }

        public void dequeue(Task p, long deqFlags) {
            calls.add("dequeue " + p.comm() + ((deqFlags & DeqFlags.SCHED_CHANGE) != 0 ? " SCHED_CHANGE" : ""));
        }

        public void quiescent(Task p, long deqFlags) {
            calls.add("quiescent " + p.comm());
        }

        public void runnable(Task p, long enqFlags) {
            calls.add("runnable " + p.comm());
        }

        public void cpuOnline(int cpu) {}

        public void cpuOffline(int cpu) {}

        public void setCpumask(Task p, CpuMask mask) {
            calls.add("set_cpumask " + p.comm() + " " + mask);
        }
    }

    @Test
    void aTaskQueuedForTheOfflinedCpuIsDequeuedAndEnqueuedAgainWithItsNewMaskAndRuns() {
        // two hogs pinned to CPU 1 take turns in 20 ms slices; at 110 ms CPU 1 goes offline: the running one is moved
        // by the CPU's last schedule, the waiting one by the affinity break's dequeue/enqueue cycle; then both share
        // CPU 0 for 890 ms, in 20 ms turns, so each gets about 445 ms. The broken mask is every possible CPU (0-1:
        // select_fallback_rq's cpuset / task_cpu_fallback_mask), whose first CPU, 0, is the one this policy queues on
        Engine e = new Engine(TopologyPresets.get("flat-2"), EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addWorkload(Workload.of("pinned", TaskSpec.of("a", Step.run(10_000 * MS)).withAffinity(CpuMask.of(1)),
                TaskSpec.of("b", Step.run(10_000 * MS)).withAffinity(CpuMask.of(1))));
        e.afterEachStep(e::checkInvariants);
        PerCpuQueues policy = new PerCpuQueues();
        assertEquals(0, e.load(policy));
        e.hotplug(110 * MS, 1, false);
        e.runUntil(110 * MS - 1);
        RunResult before = e.result();
        int from = policy.calls.size();

        RunResult r = e.run(Duration.ofMillis(890).plusNanos(1));

        assertTrue(r.exits().isEmpty(), () -> "no exit: " + r.exits());
        assertEquals(890 * MS, r.cpus().get(0).busyNs() - before.cpus().get(0).busyNs(), "CPU 0 is busy throughout");
        for (String t : List.of("a", "b")) {
            long ran = r.task(t).runtimeNs() - before.task(t).runtimeNs();
            assertTrue(ran > 400 * MS, () -> t + " ran " + ran / MS + " ms after CPU 1 went offline: " + policy.calls);
        }
        List<String> after = policy.calls.subList(from, policy.calls.size());
        String waiting = after.contains("dequeue a SCHED_CHANGE") ? "a" : "b";
        int at = after.indexOf("dequeue " + waiting + " SCHED_CHANGE");
        assertTrue(at >= 0, () -> "the waiting task left the policy's queue: " + after);
        assertEquals(List.of("dequeue " + waiting + " SCHED_CHANGE", "quiescent " + waiting,
                "set_cpumask " + waiting + " 0-1", "runnable " + waiting, "enqueue " + waiting),
                after.subList(at, at + 5));
    }
}
