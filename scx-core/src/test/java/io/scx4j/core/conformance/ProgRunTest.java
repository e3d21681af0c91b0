package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.CallLogSink;
import io.scx4j.core.Engine;
import java.io.StringWriter;
import io.scx4j.core.RunResult;
import java.time.Duration;
import java.util.*;
import org.junit.jupiter.api.Test;

/**
 * Port of prog_run: a SYSCALL program run with BPF_PROG_RUN may call sched_ext kfuncs of the unlocked context. The
 * selftest's program creates DSQ 0 and calls {@code scx_bpf_exit(0xdeadbeef, "Exited from PROG_RUN")}; the
 * scheduler (only an {@code ops.exit} recording the exit info) must then report kind UNREG_BPF and exit code
 * 0xdeadbeef. Beyond the selftest: what the program may not call (the verifier refuses to load such a program with
 * -EACCES; the engine returns -EACCES from progRun and the scheduler stays loaded).
 */
class ProgRunTest {
    static final long DEADBEEF = 0xdeadbeefL;

    /** The selftest's scheduler: no callbacks but ops.exit, which records the exit info (UEI_RECORD). */
    static final class ExitOnly implements SchedOps {
        final List<ExitInfo> recorded = new ArrayList<>();

        @Override public String name() { return "prog_run"; }
        @Override public void exit(ExitInfo info) { recorded.add(info); }
    }

    @Test
    void aSyscallProgramCreatesADsqAndItsScxExitUnregistersWithCode0xdeadbeef() {
        Engine e = engine(FLAT_4, waker("a"), waker("b"), hog("h"));
        ExitOnly ops = new ExitOnly();
        assertEquals(0, e.load(ops));
        e.run(Duration.ofMillis(10));
        int[] created = {Integer.MIN_VALUE};
        int[] queued = {Integer.MIN_VALUE};
        int ret = e.progRun(0, (scx, cpu) -> {
            created[0] = scx.createDsq(0, Scx.NUMA_NO_NODE);
            queued[0] = scx.dsqNrQueued(0);
            scx.exit(DEADBEEF, "Exited from PROG_RUN");
            return 0;
        });
        assertEquals(0, ret, "the program's return value");
        assertEquals(0, created[0], "scx_bpf_create_dsq is allowed in a SYSCALL program");
        assertEquals(0, queued[0], "DSQ 0 exists (an unknown DSQ would answer -ENOENT) and is empty");
        ExitInfo x = e.lastExit().orElseThrow(() -> new AssertionError("no exit after the SYSCALL program"));
        assertEquals(ExitKind.UNREG_BPF, x.kind(), x::summary);
        assertEquals(DEADBEEF, x.exitCode());
        assertEquals("Exited from PROG_RUN", x.message());
        assertFalse(e.policyLoaded(), "scx_bpf_exit from a SYSCALL program unloads the scheduler");
        assertEquals(List.of(x), ops.recorded, "ops.exit recorded the same exit info");
        // every task carries on under the fair class
        e.checkInvariants();
        assertTrue(e.run(Duration.ofMillis(20)).task("h").runtimeNs() > 0);
    }

    @Test
    void theProgramRunsOnTheCpuItIsRunOnAndSeesTheCurrentTime() {
        Engine e = engine(FLAT_4, waker("a"));
        assertEquals(0, e.load(new ExitOnly()));
        e.run(Duration.ofMillis(3));
        long[] seen = new long[2];
        assertEquals(7, e.progRun(2, (scx, cpu) -> {
            seen[0] = cpu;
            seen[1] = scx.now();
            return 7;
        }));
        assertEquals(2, seen[0]);
        assertEquals(3 * MS, seen[1]);
        assertTrue(e.policyLoaded());
    }

    /**
     * scx_bpf_dsq_insert is in scx_kfunc_set_enqueue_dispatch, registered for struct_ops only (ext.c scx_init): the
     * verifier fails the load with -EACCES (verifier.c check_kfunc_call), so the program never runs and the
     * scheduler never hears of it. The engine stops the program at that call and answers -EACCES.
     */
    @Test
    void aSyscallProgramInsertingATaskIsRefusedWithEaccesAndTheSchedulerStaysLoaded() {
        Engine e = engine(FLAT_4, waker("a"), hog("h"));
        assertEquals(0, e.load(new ExitOnly()));
        e.run(Duration.ofMillis(5));
        int pid = e.result().task("h").pid();
        boolean[] after = {false};
        int ret = e.progRun(0, (scx, cpu) -> {
            Task h = Objects.requireNonNull(scx.taskFromPid(pid));
            scx.dsqInsert(h, Dsq.GLOBAL, Scx.SLICE_DFL, 0);
            after[0] = true;
            return 0;
        });
        assertEquals(-Errno.EACCES, ret, "bpf(BPF_PROG_LOAD) fails with -EACCES");
        assertFalse(after[0], "the program went no further than the refused kfunc");
        assertTrue(e.progRunLog().startsWith("calling kernel function scx_bpf_dsq_insert is not allowed"),
                e.progRunLog());
        assertTrue(e.policyLoaded(), "the kernel refuses the program, not the scheduler");
        assertTrue(e.exits().isEmpty(), () -> e.exits().toString());

        assertEquals(-Errno.EACCES, e.progRun(0, (scx, cpu) -> scx.dsqMoveToLocal(Dsq.GLOBAL) ? 1 : 2),
                "dispatch-only kfuncs neither (scx_kfunc_set_dispatch is struct_ops only)");
        assertTrue(e.progRunLog().contains("scx_bpf_dsq_move_to_local"), e.progRunLog());

        assertEquals(5, e.progRun(0, (scx, cpu) -> 5), "the next, harmless program runs");
        assertEquals("", e.progRunLog(), "and the verifier had nothing to say");
        RunResult r = e.run(Duration.ofMillis(20));
        assertStillRunning(e, r);
        assertUnregOnUnload(e);
    }

    @Test
    void aProgramThatCatchesTheRefusalIsRefusedAllTheSameAndCallsBeforeItHaveTakenEffect() {
        Engine e = engine(FLAT_4, waker("a"));
        assertEquals(0, e.load(new ExitOnly()));
        e.run(Duration.ofMillis(2));
        int[] slots = {Integer.MIN_VALUE};
        int ret = e.progRun(1, (scx, cpu) -> {
            scx.createDsq(42, Scx.NUMA_NO_NODE);
            try {
                scx.dispatchCancel();
            } catch (Throwable swallowed) {
                // a Java program can do what BPF cannot: catch the refusal and carry on
            }
            try {
                slots[0] = scx.dispatchNrSlots();
            } catch (Throwable swallowed) {
                slots[0] = -1;
            }
            return 0;
        });
        assertEquals(-Errno.EACCES, ret, "refused whatever the program returns");
        assertEquals(-1, slots[0], "every later refused kfunc is refused again");
        assertTrue(e.progRunLog().contains("scx_bpf_dispatch_cancel"), "the first refused kfunc is named: "
                + e.progRunLog());
        assertEquals(0, e.progRun(0, (scx, cpu) -> scx.dsqNrQueued(42)),
                "the DSQ created before the refusal exists (the kernel would have run nothing)");
        assertTrue(e.policyLoaded());
        assertTrue(e.exits().isEmpty(), () -> e.exits().toString());
    }

    @Test
    void runningAProgramOnAnOfflineOrUnknownCpuIsABadArgument() {
        Engine e = engine(FLAT_4, waker("a"));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> e.progRun(4, (scx, cpu) -> 0));
        assertTrue(ex.getMessage().contains("CPU 4"), ex.getMessage());
    }

    @Test
    void withoutAPolicyTheProgramRunsButScxKfuncsDoNothing() {
        Engine e = engine(FLAT_4, waker("a"));
        e.run(Duration.ofMillis(2));
        assertTrue(e.progRun(0, (scx, cpu) -> scx.createDsq(5, Scx.NUMA_NO_NODE)) < 0, "no scheduler: an errno");
        assertTrue(e.exits().isEmpty());
    }

    @Test
    void theProgramsKfuncCallsLandInTheCallLogOnItsCpu() {
        Engine e = engine(FLAT_4, waker("a"));
        StringWriter log = new StringWriter();
        CallLogSink sink = new CallLogSink(log);
        e.addSink(sink);
        assertEquals(0, e.load(new ExitOnly()));
        e.run(Duration.ofMillis(2));
        assertEquals(0, e.progRun(1, (scx, cpu) -> scx.createDsq(9, Scx.NUMA_NO_NODE)));
        sink.flush();
        String last = log.toString().strip().lines().reduce((x, y) -> y).orElseThrow();
        assertEquals("{\"time\":2000000,\"cpu\":1,\"kind\":\"kfunc\",\"op\":\"scx_bpf_create_dsq\",\"pid\":-1,"
                + "\"args\":\"9, -1\",\"result\":\"0\"}", last);
    }
}
