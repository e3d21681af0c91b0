package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Port of hotplug: CPU 1 goes offline (or, after starting offline, online) under a scheduler that defines
 * cpu_online/cpu_offline, which calls {@code scx_bpf_exit(SCX_ECODE_ACT_RESTART | HOTPLUG_EXIT_RSN [| HOTPLUG_ONLINING])}
 * (kind UNREG_BPF with that code), and under one that does not (the kernel ejects it: kind UNREG_KERN, code
 * {@code SCX_ECODE_ACT_RESTART | SCX_ECODE_RSN_HOTPLUG}); then a scheduler opened with the current hotplug_seq is
 * attached after a hotplug event bumped it (UNREG_KERN, same code).
 */
class HotplugTest {
    static final long HOTPLUG_EXIT_RSN = 1L << 0;
    static final long HOTPLUG_ONLINING = 1L << 1;

    static SchedOps withCallbacks() {
        return new SchedOps() {
            public String name() { return "hotplug_cb"; }
            void exitFromHotplug(int cpu, boolean onlining) {
                long code = ExitCodes.ACT_RESTART | HOTPLUG_EXIT_RSN | (onlining ? HOTPLUG_ONLINING : 0);
                Scx.current().exit(code, "hotplug event detected (%d going %s)", cpu, onlining ? "online" : "offline");
            }
            public void cpuOnline(int cpu) { exitFromHotplug(cpu, true); }
            public void cpuOffline(int cpu) { exitFromHotplug(cpu, false); }
        };
    }

    static SchedOps withoutCallbacks(long seq) {
        return new SchedOps() {
            public String name() { return "hotplug_nocb"; }
            public long hotplugSeq() { return seq; }
        };
    }

    static void testHotplug(boolean onlining, boolean cbsDefined) {
        Engine e = engine(FLAT_4, waker("a"), waker("b"), hog("h"));
        e.runUntil(5 * MS);
        if (onlining) {
            e.hotplug(e.now(), 1, false);
            e.runUntil(e.now());
        }
        assertEquals(0, e.load(cbsDefined ? withCallbacks() : withoutCallbacks(0)));
        e.hotplug(e.now() + 10 * MS, 1, onlining);
        e.run(Duration.ofMillis(50));
        ExitInfo x = e.lastExit().orElseThrow(() -> new AssertionError("no exit"));
        String what = (onlining ? "onlining" : "offlining") + (cbsDefined ? " with" : " without") + " callbacks";
        if (cbsDefined) {
            assertEquals(ExitKind.UNREG_BPF, x.kind(), what + ": " + x.summary());
            assertEquals(ExitCodes.ACT_RESTART | HOTPLUG_EXIT_RSN | (onlining ? HOTPLUG_ONLINING : 0), x.exitCode(), what);
        } else {
            assertEquals(ExitKind.UNREG_KERN, x.kind(), what + ": " + x.summary());
            assertEquals(ExitCodes.ACT_RESTART | ExitCodes.RSN_HOTPLUG, x.exitCode(), what);
            assertEquals("cpu 1 going " + (onlining ? "online" : "offline") + ", exiting scheduler", x.message(), what);
        }
        assertFalse(e.policyLoaded(), what);
        RunResult r = e.run(Duration.ofMillis(50));
        assertTrue(r.task("h").runtimeNs() > 0, "tasks keep running under fair after the exit");
    }

    @Test
    void aHotplugEventRestartsTheSchedulerThroughItsCallbacksOrTheKernel() {
        testHotplug(true, true);
        testHotplug(false, true);
        testHotplug(true, false);
        testHotplug(false, false);
    }

    @Test
    void attachingWithAStaleHotplugSeqUnregistersFromTheKernel() {
        Engine e = engine(FLAT_4, waker("a"), hog("h"));
        e.runUntil(5 * MS);
        long seq = e.hotplugSeq();
        assertTrue(seq > 0);
        e.hotplug(e.now(), 1, false);
        e.runUntil(e.now());
        assertEquals(seq + 1, e.hotplugSeq(), "every hotplug event bumps the sequence");
        assertEquals(0, e.load(withoutCallbacks(seq)), "attach itself succeeds");
        e.hotplug(e.now(), 1, true);
        e.run(Duration.ofMillis(10));
        ExitInfo x = e.lastExit().orElseThrow();
        assertEquals(ExitKind.UNREG_KERN, x.kind(), x.summary());
        assertEquals(ExitCodes.ACT_RESTART | ExitCodes.RSN_HOTPLUG, x.exitCode());
    }
}
