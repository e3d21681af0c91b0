package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Port of rt_stall: a busy task and a SCHED_FIFO (priority 50) busy task pinned to CPU 0 for 5 s, alternately
 * without a scheduler (fair_server) and with one (ext_server). The selftest passes when the non-RT task gets at
 * least 4 % of the runtime; about 5 % is expected.
 *
 * <p>Derived by hand: the deadline server has 50 ms every 1 s and runs deferred, at the zero-laxity point 950 ms into
 * each period. The FIFO hog starts the server's first period at t=0, so in 5 s the busy task runs 950..1000 ms,
 * 1950..2000 ms, ... 4950..5000 ms: 5 × 50 ms = 250 ms, and the hog the other 4750 ms: 250 / 5000 = 5 %.
 */
class RtStallTest {
    static final long RUN_TIME = 5_000 * MS;

    static RunResult stress(boolean ext) {
        CpuMask core0 = CpuMask.of(0);
        TaskSpec busy = TaskSpec.of(ext ? "ext" : "fair", Step.run(100_000 * MS)).withAffinity(core0);
        TaskSpec rt = TaskSpec.of("rt", Step.run(100_000 * MS)).toBuilder()
                .policy(SchedPolicy.FIFO).rtPriority(50).affinity(core0).build();
        Engine e = engine(FLAT_4, busy, rt);
        if (ext) {
            assertEquals(0, e.load(() -> "rt_stall"));
        }
        RunResult r = e.run(Duration.ofNanos(RUN_TIME));
        if (ext) {
            assertStillRunning(e, r);
        }
        return r;
    }

    @Test
    void anExtTaskKeepsFivePercentOfACpuAgainstAPinnedFifoHog() {
        for (int i = 0; i < 4; i++) {
            boolean ext = i % 2 == 1;
            RunResult r = stress(ext);
            long busy = r.task(ext ? "ext" : "fair").runtimeNs();
            long rt = r.task("rt").runtimeNs();
            double ratio = (double) busy / (busy + rt);
            assertTrue(ratio >= 0.04, (ext ? "EXT" : "FAIR") + " task got " + ratio * 100 + " % of the runtime");
            assertEquals(250 * MS, busy, 1 * MS, "5 periods x 50 ms of deadline-server runtime");
            assertEquals(4_750 * MS, rt, 1 * MS, "the FIFO hog has the rest");
        }
    }
}
