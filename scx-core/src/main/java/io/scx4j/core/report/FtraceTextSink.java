package io.scx4j.core.report;

import io.scx4j.api.Task;
import io.scx4j.core.EventSink;
import io.scx4j.core.internal.TaskStates;
import java.io.Flushable;
import java.io.Writer;
import org.jspecify.annotations.Nullable;

/**
 * Writes a run as ftrace text ({@code /sys/kernel/tracing/trace} form), which Perfetto imports with native CPU
 * tracks and thread states (reference simulators-workloads-traces.md §4.4: Perfetto's systrace line parser needs the
 * key=value form, {@code sched_switch} for CPU slices and {@code sched_waking} for wake-up edges). Lines:
 *
 * <pre>
 *   hog-1    [002] d..2. 0.004000000: sched_switch: prev_comm=hog prev_pid=1 prev_prio=120 prev_state=R+ ==&gt; next_comm=io next_pid=2 next_prio=120
 *   &lt;idle&gt;-0 [001] dN.2. 0.004000000: sched_waking: comm=io pid=2 prio=120 target_cpu=001
 *   &lt;idle&gt;-0 [001] d..2. 0.004000000: cpu_frequency: state=3900000 cpu_id=1
 * </pre>
 *
 * <p>The field formats are the kernel's ({@code include/trace/events/sched.h}, {@code TP_printk} of
 * {@code sched_switch} and {@code sched_wakeup_template}; {@code cpu_frequency} from
 * {@code include/trace/events/power.h}). Timestamps are seconds with nine decimals (as {@code perf script --ns}), so
 * nanosecond times survive. The idle task is {@code swapper/N}, pid 0. Comms are written with white space replaced by
 * {@code _}. {@code prio} is {@code 120 + nice}. {@code prev_state} is {@code R+} for a task preempted while
 * runnable, {@code S} for one that blocked, {@code X} for one that exited.
 *
 * <p>Streams in event order (same run, same bytes); writing a line allocates nothing. Call {@link #flush()} at the
 * end; the writer is not closed.
 */
public final class FtraceTextSink implements EventSink, Flushable {
    private final TextOut out;
    private final @Nullable Task[] running;

    /** A trace of a machine with {@code nrCpus} CPUs; the header is written now. */
    public FtraceTextSink(Writer writer, int nrCpus) {
        this.out = new TextOut(writer);
        this.running = new Task[nrCpus];
        out.str("# tracer: nop\n#\n# entries-in-buffer/entries-written: written by scx4j\n#\n");
        out.str("#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n");
        out.str("#              | |         |   |||||     |         |\n");
    }

    @Override
    public void onSwitch(long timeNs, int cpu, @Nullable Task prev, @Nullable Task next) {
        Task from = prev;
        head(from, cpu, "d..2.", timeNs).str("sched_switch: prev_comm=");
        comm(from, cpu).str(" prev_pid=").num(pid(from)).str(" prev_prio=").num(prio(from)).str(" prev_state=")
                .str(from == null ? "R" : TaskStates.prevState(from)).str(" ==> next_comm=");
        comm(next, cpu).str(" next_pid=").num(pid(next)).str(" next_prio=").num(prio(next)).ch('\n');
        running[cpu] = next;
    }

    @Override
    public void onWakeup(long timeNs, Task p, int cpu) {
        head(running[cpu], cpu, "dN.2.", timeNs).str("sched_waking: comm=").sanitized(p.comm()).str(" pid=")
                .num(p.pid()).str(" prio=").num(prio(p)).str(" target_cpu=").padded(cpu, 3).ch('\n');
    }

    @Override
    public void onCpuFrequency(long timeNs, int cpu, long khz) {
        head(running[cpu], cpu, "d..2.", timeNs).str("cpu_frequency: state=").num(khz).str(" cpu_id=").num(cpu)
                .ch('\n');
    }

    @Override
    public void flush() {
        out.flush();
    }

    private TextOut head(@Nullable Task current, int cpu, String flags, long timeNs) {
        out.str("  ");
        if (current == null) {
            out.str("<idle>");
        } else {
            out.sanitized(current.comm());
        }
        return out.ch('-').num(pid(current)).str(" [").padded(cpu, 3).str("] ").str(flags).ch(' ').seconds(timeNs)
                .str(": ");
    }

    private TextOut comm(@Nullable Task p, int cpu) {
        return p == null ? out.str("swapper/").num(cpu) : out.sanitized(p.comm());
    }

    private static int pid(@Nullable Task p) {
        return p == null ? 0 : p.pid();
    }

    private static int prio(@Nullable Task p) {
        return p == null ? 120 : 120 + p.nice();
    }
}
