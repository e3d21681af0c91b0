package io.scx4j.core.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.SchedPolicy;
import io.scx4j.core.workload.Step.Run;
import io.scx4j.core.workload.Step.Sleep;
import io.scx4j.core.workload.TraceReader.Format;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Trace text → {@link Workload}, in the three renderings of sched_switch and sched_wakeup. */
class TraceReaderTest {

    static final long US = 1_000;

    /**
     * One small story on two CPUs, times in µs after 100 s: A ("rs:main Q:Reg", pid 10) is woken at 0, runs 0.01–1.01
     * ms and sleeps; it is woken at 3.01 ms on CPU 1, runs until B (pid 20) preempts it at 3.52 ms, gets the CPU
     * back at 4.52 ms, runs 0.5 ms and sleeps for good; B runs 3.52–4.52 ms (preempted by A, still runnable) and
     * 5.02–6.02 ms, then exits.
     */
    record Sw(long us, int cpu, String prev, int prevPid, String state, int rawState, String next, int nextPid) {}

    record Wk(long us, int cpu, String comm, int pid, int target) {}

    static final List<Record> STORY = List.of(
            new Wk(0, 0, "rs:main Q:Reg", 10, 0),
            new Sw(10, 0, "swapper/0", 0, "R", 0, "rs:main Q:Reg", 10),
            new Sw(1_010, 0, "rs:main Q:Reg", 10, "S", 1, "swapper/0", 0),
            new Wk(3_010, 1, "rs:main Q:Reg", 10, 1),
            new Sw(3_020, 1, "swapper/1", 0, "R", 0, "rs:main Q:Reg", 10),
            new Sw(3_520, 1, "rs:main Q:Reg", 10, "R+", 256, "hog", 20),
            new Sw(4_520, 1, "hog", 20, "R", 0, "rs:main Q:Reg", 10),
            new Sw(5_020, 1, "rs:main Q:Reg", 10, "S", 1, "hog", 20),
            new Sw(6_020, 1, "hog", 20, "X", 16, "swapper/1", 0));

    static final Workload EXPECTED = new Workload("story",
            List.of(new TaskSpec("rs:main Q:Reg", 10, SchedPolicy.NORMAL, 0, null, 0,
                            List.of(new Run(1_000 * US), new Sleep(2_000 * US), new Run(1_000 * US)), 1,
                            "rs:main Q:Reg", 0, "/", 0, 0),
                    new TaskSpec("hog", 20, SchedPolicy.NORMAL, 0, null, 3_520 * US, List.of(new Run(2_000 * US)), 1,
                            "hog", 0, "/", 0, 0)),
            List.of(), 6_020 * US, 2);

    static String ts6(long us) {
        return String.format("%d.%06d", 100 + us / 1_000_000, us % 1_000_000);
    }

    /** tracefs / trace-cmd header with flags and microseconds, kernel key=value arguments. */
    static String keyValue() {
        List<String> out = new ArrayList<>(List.of("# tracer: nop", "#"));
        for (Record r : STORY) {
            if (r instanceof Sw s) {
                out.add(String.format("%16s-%-5d [%03d] d..2. %s: sched_switch: prev_comm=%s prev_pid=%d prev_prio=120"
                        + " prev_state=%s ==> next_comm=%s next_pid=%d next_prio=120", s.prev(), s.prevPid(), s.cpu(),
                        ts6(s.us()), s.prev(), s.prevPid(), s.state(), s.next(), s.nextPid()));
            } else if (r instanceof Wk w) {
                out.add(String.format("%16s-%-5d [%03d] dN.3. %s: sched_waking: comm=%s pid=%d prio=120"
                        + " target_cpu=%03d", "<idle>", 0, w.cpu(), ts6(w.us()), w.comm(), w.pid(), w.target()));
            }
        }
        return String.join("\n", out) + "\n";
    }

    /** perf script header ({@code comm tid [cpu] sec.nsec: sched:event:}) with the compact plugin rendering. */
    static String compact() {
        List<String> out = new ArrayList<>();
        for (Record r : STORY) {
            if (r instanceof Sw s) {
                out.add(String.format("%16s %6d [%03d] %s000: sched:sched_switch: %s:%d [120] %s ==> %s:%d [120]",
                        s.prev(), s.prevPid(), s.cpu(), ts6(s.us()), s.prev(), s.prevPid(), s.state(), s.next(),
                        s.nextPid()));
            } else if (r instanceof Wk w) {
                out.add(String.format("%16s %6d [%03d] %s000: sched:sched_wakeup: %s:%d [120] success=1 CPU:%03d",
                        "swapper", 0, w.cpu(), ts6(w.us()), w.comm(), w.pid(), w.target()));
            }
        }
        out.add(1, "CPU 3 is empty");
        return String.join("\n", out);
    }

    /** trace-cmd report -R: raw fields, numeric prev_state, no ==>. */
    static String raw() {
        List<String> out = new ArrayList<>(List.of("version = 6", "cpus=2"));
        for (Record r : STORY) {
            if (r instanceof Sw s) {
                out.add(String.format("%16s-%-5d [%03d] %s: sched_switch:         prev_comm=%s prev_pid=%d"
                        + " prev_prio=120 prev_state=%d next_comm=%s next_pid=%d next_prio=120", s.prev(), s.prevPid(),
                        s.cpu(), ts6(s.us()), s.prev(), s.prevPid(), s.rawState(), s.next(), s.nextPid()));
            } else if (r instanceof Wk w) {
                out.add(String.format("%16s-%-5d [%03d] %s: sched_wakeup:         comm=%s pid=%d prio=120 success=1"
                        + " target_cpu=%d", "<idle>", 0, w.cpu(), ts6(w.us()), w.comm(), w.pid(), w.target()));
            }
        }
        return String.join("\n", out) + "\n";
    }

    @Test
    void theKeyValueRenderingReplaysRunsAndSleepsButNotPreemptedTime() {
        String text = keyValue();
        assertTrue(text.contains("[000] d..2. 100.000010: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120"
                + " prev_state=R ==> next_comm=rs:main Q:Reg next_pid=10 next_prio=120"), text);

        assertEquals(Optional.of(Format.KEY_VALUE), TraceReader.detect(text));
        assertEquals(EXPECTED, TraceReader.parse("story.txt", text));
    }

    @Test
    void theCompactPluginRenderingUnderAPerfScriptHeaderReadsTheSame() {
        String text = compact();
        assertTrue(text.contains("[001] 100.003520000: sched:sched_switch: rs:main Q:Reg:10 [120] R+ ==> hog:20 [120]"),
                text);

        assertEquals(Optional.of(Format.COMPACT), TraceReader.detect(text));
        assertEquals(EXPECTED, TraceReader.parse("story.txt", text));
    }

    @Test
    void theRawRenderingWithNumericStatesReadsTheSame() {
        String text = raw();
        assertTrue(text.contains("sched_switch:         prev_comm=rs:main Q:Reg prev_pid=10 prev_prio=120"
                + " prev_state=256 next_comm=hog next_pid=20 next_prio=120"), text);

        assertEquals(Optional.of(Format.RAW), TraceReader.detect(text));
        assertEquals(EXPECTED, TraceReader.parse("story.txt", text));
    }

    @Test
    void aTaskOnTheCpuWhenTheTraceStartsRanSinceTheFirstTimestampAndRtPrioritiesAreKept() {
        String text = """
                  kworker/0:1-30    [000]   5.000000: sched_wakeup: comm=irq/9 pid=40 prio=49 target_cpu=001
                  kworker/0:1-30    [000]   5.000400: sched_switch: prev_comm=kworker/0:1 prev_pid=30 prev_prio=100 prev_state=I ==> next_comm=swapper/0 next_pid=0 next_prio=120
                       <idle>-0     [001]   5.000500: sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=irq/9 next_pid=40 next_prio=49
                        irq/9-40    [001]   5.000600: sched_switch: prev_comm=irq/9 prev_pid=40 prev_prio=49 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
                """;

        Workload w = TraceReader.parse("t.txt", text);

        TaskSpec irq = w.tasks().getFirst();
        assertEquals(40, irq.pid());
        assertEquals(SchedPolicy.FIFO, irq.policy());
        assertEquals(50, irq.rtPriority(), "kernel prio 49 is RT priority 99 - 49");
        assertEquals(0, irq.startNs());
        assertEquals(List.of(new Run(100 * US)), irq.program());
        TaskSpec kworker = w.tasks().get(1);
        assertEquals(30, kworker.pid());
        assertEquals(0, kworker.startNs(), "on the CPU when the trace starts");
        assertEquals(List.of(new Run(400 * US)), kworker.program());
        assertEquals(-20, kworker.nice(), "kernel prio 100 is nice 100 - 120");
        assertEquals(2, w.cpusSeen());
    }

    @Test
    void aMalformedSchedSwitchLineIsALocatedError() {
        String text = keyValue().replace("prev_state=S ==> next_comm=swapper/0", "prev_state=S => next_comm=swapper/0");

        WorkloadFormatException e = assertThrows(WorkloadFormatException.class, () -> TraceReader.parse("k.txt", text));
        assertTrue(e.getMessage().startsWith("k.txt:5:62: key 'sched_switch': not a key=value sched_switch"),
                e.getMessage());
    }

    @Test
    void textWithoutSchedSwitchIsNotATrace() {
        assertEquals(Optional.empty(), TraceReader.detect("hello\nworld\n"));
        WorkloadFormatException e = assertThrows(WorkloadFormatException.class,
                () -> TraceReader.parse("x.txt", "hello\n"));
        assertTrue(e.getMessage().startsWith("x.txt: no sched_switch event found"), e.getMessage());
    }

    @Test
    void lostEventNotesWindowsLineEndsAndWakeupNewAreTolerated() {
        String text = String.join("\r\n",
                "CPU:1 [LOST 12 EVENTS]",
                "            bash-100   [000]  7.000000: sched_wakeup_new: comm=bash pid=101 prio=120 target_cpu=001",
                "          <idle>-0     [001]  7.000100: sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120"
                        + " prev_state=R ==> next_comm=bash next_pid=101 next_prio=120",
                "CPU 2 is empty",
                "            bash-101   [001]  7.000350: sched_switch: prev_comm=bash prev_pid=101 prev_prio=120"
                        + " prev_state=X ==> next_comm=swapper/1 next_pid=0 next_prio=120",
                "");

        Workload w = TraceReader.parse("lost.txt", text);

        // the forked child appears at its wakeup_new (start 0), runs 250 us on CPU 1 and exits
        assertEquals(List.of(new TaskSpec("bash", 101, SchedPolicy.NORMAL, 0, null, 0, List.of(new Run(250 * US)), 1,
                "bash", 0, "/", 0, 0)), w.tasks());
        assertEquals(350 * US, w.durationNs());
        assertEquals(2, w.cpusSeen());
    }
}
