package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.atomic.*;
import org.junit.jupiter.api.Test;

/**
 * Port of exit: scx_bpf_exit(point, "%d", point) from select_cpu, enqueue, dispatch, enable, init_task and init;
 * each load ends with kind UNREG_BPF, exit_code == point and msg == the decimal point.
 */
class ExitTest {
    static final int EXIT_SELECT_CPU = 0, EXIT_ENQUEUE = 1, EXIT_DISPATCH = 2, EXIT_ENABLE = 3, EXIT_INIT_TASK = 4,
            EXIT_INIT = 5;
    static final long DSQ_ID = 0;

    @Test
    void scxExitFromEveryPointUnregistersWithItsCode() {
        for (int point = EXIT_SELECT_CPU; point <= EXIT_INIT; point++) {
            final int at = point;
            Engine e = engine(FLAT_4, waker("a"), waker("b"), hog("h"));
            e.runUntil(5 * MS);
            assertEquals(0, e.load(new SchedOps() {
                void maybeExit(int here) {
                    if (here == at) {
                        Scx.current().exit(here, "%d", here);
                    }
                }
                public String name() { return "exit"; }
                public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                    maybeExit(EXIT_SELECT_CPU);
                    return prevCpu;
                }
                public void enqueue(Task p, long enqFlags) {
                    maybeExit(EXIT_ENQUEUE);
                    Scx.current().dsqInsert(p, DSQ_ID, Scx.SLICE_DFL, enqFlags);
                }
                public void dispatch(int cpu, Task prev) {
                    maybeExit(EXIT_DISPATCH);
                    Scx.current().dsqMoveToLocal(DSQ_ID);
                }
                public void enable(Task p) { maybeExit(EXIT_ENABLE); }
                public int initTask(Task p, InitTaskArgs args) {
                    maybeExit(EXIT_INIT_TASK);
                    return 0;
                }
                public int init(Scx scx) {
                    maybeExit(EXIT_INIT);
                    return scx.createDsq(DSQ_ID, -1);
                }
            }), "point " + at);
            e.run(Duration.ofMillis(50));
            ExitInfo x = e.lastExit().orElseThrow(() -> new AssertionError("no exit at point " + at));
            assertEquals(ExitKind.UNREG_BPF, x.kind(), "point " + at + ": " + x.summary());
            assertEquals(at, x.exitCode(), "point " + at);
            assertEquals(Integer.toString(at), x.message(), "point " + at);
            assertEquals(1, e.exits().size(), "point " + at);
            assertFalse(e.policyLoaded());
        }
    }
}
