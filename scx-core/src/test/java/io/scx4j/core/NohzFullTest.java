package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.Dsq;
import io.scx4j.api.EnqFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** nohz_full CPUs: the tick stops for a lone SCX_SLICE_INF task and restarts for a task that needs it. */
class NohzFullTest {
    static final long MS = 1_000_000L;

    /** Every task goes to its own CPU's local DSQ; "inf*" tasks get SCX_SLICE_INF, others 10 ms with SCX_ENQ_PREEMPT. */
    static final SchedOps SLICES = new SchedOps() {
        public String name() { return "slices"; }
        public int selectCpu(Task p, int prevCpu, long wakeFlags) { return p.cpusAllowed().first(); }
        public void enqueue(Task p, long enqFlags) {
            boolean inf = p.comm().startsWith("inf");
            int cpu = Scx.current().taskCpu(p);
            Scx.current().dsqInsert(p, Dsq.localOn(cpu), inf ? Scx.SLICE_INF : 10 * MS,
                    enqFlags | (inf ? 0 : EnqFlags.PREEMPT));
        }
    };

    static Engine engine(CpuMask nohzFull, TaskSpec... tasks) {
        Engine e = new Engine(TopologyPresets.get("flat-2"), EngineConfig.defaults().withNohzFull(nohzFull));
        e.addWorkload(Workload.of("nohz", tasks));
        e.afterEachStep(e::checkInvariants);
        assertEquals(0, e.load(SLICES));
        return e;
    }

    @Test
    void aNohzFullCpuRunningOneSliceInfTaskTakesNoTicksForOneSecondWhileAnOrdinaryCpuTakesAThousand() {
        Engine e = engine(CpuMask.of(1), TaskSpec.of("inf0", Step.run(10_000 * MS)).withAffinity(CpuMask.of(0)),
                TaskSpec.of("inf1", Step.run(10_000 * MS)).withAffinity(CpuMask.of(1)));
        RunResult r = e.run(Duration.ofSeconds(1));
        assertEquals(0, e.ticks(1), "nohz_full CPU 1");
        assertEquals(1_000, e.ticks(0), "HZ=1000: ticks at 1, 2, ..., 1000 ms on CPU 0");
        assertEquals(1_000 * MS, r.task("inf1").runtimeNs(), "running tickless costs nothing");
    }

    @Test
    void theTickRestartsForAFiniteSliceTaskAndStopsAgainWhenTheInfiniteOneIsBack() {
        // inf runs alone from 0; at 500 ms a 10 ms-slice task preempts it for 5.5 ms of work: ticks at 501..505 ms
        // (5), then inf is back with SCX_SLICE_INF and the tick stops again
        Engine e = engine(CpuMask.of(1), TaskSpec.of("inf", Step.run(10_000 * MS)).withAffinity(CpuMask.of(1)),
                TaskSpec.of("finite", Step.run(5_500_000L)).toBuilder().affinity(CpuMask.of(1)).startNs(500 * MS)
                        .repeat(1).build());
        RunResult r = e.run(Duration.ofSeconds(1));
        assertEquals(5, e.ticks(1));
        assertEquals(5_500_000L, r.task("finite").runtimeNs());
    }

    @Test
    void withoutNohzFullTheSameCpuTicksEveryMillisecond() {
        Engine e = engine(CpuMask.empty(), TaskSpec.of("inf", Step.run(10_000 * MS)).withAffinity(CpuMask.of(1)));
        e.run(Duration.ofMillis(100));
        assertEquals(100, e.ticks(1));
        assertEquals(0, e.ticks(0), "an idle CPU takes no tick");
    }
}
