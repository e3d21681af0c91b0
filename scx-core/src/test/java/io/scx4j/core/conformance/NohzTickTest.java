package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Port of nohz_tick: on a NOHZ_FULL CPU (CPU 1 here; the others are housekeeping) an SCX_SLICE_INF task stops the
 * tick; it blocks and the CPU idles; then two finite-slice (1 ms) SCHED_EXT tasks in turn, each after an idle gap,
 * must restart the tick: at least 3 ticks in each finite phase (MIN_FINITE_TICKS), kind NONE. Policy as in the
 * selftest: {@code SWITCH_PARTIAL | ENQ_LAST}, select_cpu keeps prev_cpu, enqueue inserts into the global DSQ and
 * kicks the test CPU on {@code SCX_ENQ_LAST}.
 */
class NohzTickTest {
    static final int TEST_CPU = 1;
    static final int MIN_FINITE_TICKS = 3;
    static final long FINITE_PHASE_AT = 150 * MS;

    @Test
    void finiteSlicesRestartTheTickAfterAnInfiniteSliceTaskStoppedIt() {
        CpuMask test = CpuMask.of(TEST_CPU);
        TaskSpec inf = TaskSpec.of("inf", Step.run(50 * MS), Step.sleep(100_000 * MS)).toBuilder()
                .policy(SchedPolicy.EXT).affinity(test).build();
        TaskSpec finite1 = TaskSpec.of("finite1", Step.run(20 * MS)).toBuilder()
                .policy(SchedPolicy.EXT).affinity(test).startNs(FINITE_PHASE_AT).repeat(1).build();
        TaskSpec finite2 = finite1.toBuilder().comm("finite2").startNs(FINITE_PHASE_AT + 120 * MS).build();
        Engine e = new Engine(FLAT_4, EngineConfig.defaults().withNohzFull(test));
        e.addWorkload(Workload.of("nohz_tick", inf, finite1, finite2));
        e.afterEachStep(e::checkInvariants);
        AtomicLong infRunning = new AtomicLong();
        AtomicLong infTicks = new AtomicLong();
        AtomicLong finiteRunning = new AtomicLong();
        AtomicLong[] finiteTicks = {new AtomicLong(), new AtomicLong()};
        assertEquals(0, e.load(new SchedOps() {
            boolean finitePhase() { return Scx.current().now() >= FINITE_PHASE_AT; }
            public String name() { return "nohz_tick"; }
            public long flags() { return OpsFlags.SWITCH_PARTIAL | OpsFlags.ENQ_LAST; }
            public long timeoutMs() { return 1000; }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) { return prevCpu; }
            public void enqueue(Task p, long enqFlags) {
                long slice = finitePhase() ? 1 * MS : Scx.SLICE_INF;
                Scx.current().dsqInsert(p, Dsq.GLOBAL, slice, enqFlags);
                if ((enqFlags & EnqFlags.LAST) != 0) {
                    Scx.current().kickCpu(TEST_CPU, KickFlags.IDLE);
                }
            }
            public void running(Task p) {
                if (Scx.current().taskCpu(p) == TEST_CPU) {
                    (finitePhase() ? finiteRunning : infRunning).incrementAndGet();
                }
            }
            public void tick(Task p) {
                if (Scx.current().taskCpu(p) != TEST_CPU) {
                    return;
                }
                if (!finitePhase()) {
                    infTicks.incrementAndGet();
                } else {
                    finiteTicks[p.comm().equals("finite1") ? 0 : 1].incrementAndGet();
                }
            }
        }));
        RunResult r = e.run(Duration.ofMillis(400));
        assertStillRunning(e, r);
        assertEquals(1, infRunning.get(), "the infinite-slice worker was scheduled once");
        assertEquals(0, infTicks.get(), "its CPU took no tick while it ran");
        assertTrue(finiteRunning.get() >= 2, "both finite workers were scheduled");
        for (int i = 0; i < 2; i++) {
            // 20 ms of 1 ms slices: a tick at every millisecond boundary of the run
            assertTrue(finiteTicks[i].get() >= MIN_FINITE_TICKS, "finite phase " + (i + 1) + " got " + finiteTicks[i]);
            assertTrue(finiteTicks[i].get() >= 19 && finiteTicks[i].get() <= 20, "finite phase " + (i + 1) + " got "
                    + finiteTicks[i]);
        }
        assertEquals(50 * MS, r.task("inf").runtimeNs());
        assertEquals(20 * MS, r.task("finite1").runtimeNs());
        assertEquals(20 * MS, r.task("finite2").runtimeNs());
    }
}
