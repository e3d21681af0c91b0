package io.scx4j.core.report;

import io.scx4j.api.ExitInfo;
import io.scx4j.api.Task;
import io.scx4j.api.WakeFlags;
import io.scx4j.core.EventSink;
import java.io.Flushable;
import java.io.Writer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Writes a run as a Chrome trace-event JSON file that ui.perfetto.dev and chrome://tracing open (format: reference
 * simulators-workloads-traces.md §4.1; per-CPU layout as scxsim and scxtop do it, §4.3).
 *
 * <p>Layout: one process named {@code CPUs} (pid {@value #CPUS_PID}) with one thread per CPU ({@code tid} = CPU id
 * + 1, {@code thread_name} "CPU n"), so each CPU is one track. The tids start at 1 because Perfetto's process
 * tracker treats tid 0 as the idle (swapper) thread. Every stretch a task runs on a CPU is one complete event
 * ({@code "ph":"X"}, {@code "cat":"sched"}, named after the task's comm, {@code args} {@code cpu}, {@code pid},
 * {@code comm}). A wake-up is an instant ({@code "ph":"i"}, name {@code wakeup}) on the track of the CPU the task
 * was placed on. Each CPU has counters ({@code "ph":"C"}): {@code "CPU n queue"} with series {@code nr_queued} (local DSQ
 * plus fair run queue, sampled at each switch, written when it changes) and, when the machine model reports
 * frequencies, {@code "CPU n freq"} with series {@code khz}. Perfetto names a counter track "name series".
 * Policy loads and exits are global instants.
 *
 * <p><b>Wake-ups as flows.</b> When the engine knows who woke a task ({@link #onWakeupBy}: a running task that
 * signalled, posted or unlocked) and that waker is running on a CPU, the wake-up is also drawn as a flow arrow from
 * the waker's slice to the wakee's next slice: a flow start {@code "ph":"s"} on the waker's CPU track and a flow
 * finish {@code "ph":"f"} with {@code "bp":"e"} (bound to the enclosing slice) on the wakee's CPU track, both with
 * {@code "cat":"wakeup"}, {@code "name":"wakeup"} ({@code "wakeup (sync)"} for a {@code WF_SYNC} wake-up, whose
 * waker is about to sleep: a pipe write) and the same numeric {@code id} (reference
 * simulators-workloads-traces.md §4.1, Perfetto's {@code flow_events_json_v1.json}). The pair is written after the
 * wakee's slice is closed and, unless the waker still runs the slice it began before the wake-up, after the waker's
 * slice is closed too; so after the {@code X} events whose {@code ts} it may share. It is written only when both
 * slices have a positive length (a slice of zero length is not written, so a flow bound to it would dangle): every
 * start has its finish. The start's {@code ts} is the
 * wake-up time, moved to 1 ns before the end of the waker's slice when the waker stopped at the very instant it woke
 * the task (a slice's end is not inside it); the finish's {@code ts} is the start of the wakee's slice. Wake-ups from
 * a timer or an interrupt have no waker and stay instants only.
 *
 * <p>{@code ts} and {@code dur} are microseconds with three decimals, so nanosecond times survive.
 *
 * <p>The sink streams: events are written as they happen, in event order, so the same run gives a byte-identical
 * file. Call {@link #finish(long)} at the end of the run: it closes the slices still running at that time and the
 * JSON document. It does not close the writer. Writing an event allocates nothing (the table of flows waiting for
 * their slices grows, rarely, when more wake-ups are in flight than ever before).
 */
public final class ChromeTraceSink implements EventSink, Flushable {
    /** The pid of the pseudo-process whose threads are the CPU tracks. */
    public static final int CPUS_PID = 1;

    private final TextOut out;
    private final @Nullable Task[] running;
    private final long[] since;
    private final int[] lastQueued;
    private final long[] lastKhz;
    private final String[] cpuLabel;
    /** Per CPU, the number of the slice now open: bumped at every switch, so a flow can name the slice it binds to. */
    private final long[] sliceNo;
    private final WakeFlows flows = new WakeFlows();
    private long nextFlowId = 1;
    private boolean finished;

    /** A trace of a machine with {@code nrCpus} CPUs, written to {@code writer}; the header is written now. */
    public ChromeTraceSink(Writer writer, int nrCpus) {
        this.out = new TextOut(writer);
        this.running = new Task[nrCpus];
        this.since = new long[nrCpus];
        this.lastQueued = new int[nrCpus];
        this.lastKhz = new long[nrCpus];
        this.cpuLabel = new String[nrCpus];
        this.sliceNo = new long[nrCpus];
        Arrays.fill(lastQueued, -1);
        Arrays.fill(lastKhz, -1);
        out.str("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
        out.str("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":").num(CPUS_PID)
                .str(",\"tid\":0,\"args\":{\"name\":\"CPUs\"}}");
        out.str(",\n{\"name\":\"process_sort_index\",\"ph\":\"M\",\"pid\":").num(CPUS_PID)
                .str(",\"tid\":0,\"args\":{\"sort_index\":0}}");
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            cpuLabel[cpu] = "CPU " + cpu;
            out.str(",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":").num(CPUS_PID).str(",\"tid\":")
                    .num(tid(cpu)).str(",\"args\":{\"name\":").jsonString(cpuLabel[cpu]).str("}}");
            out.str(",\n{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":").num(CPUS_PID).str(",\"tid\":")
                    .num(tid(cpu)).str(",\"args\":{\"sort_index\":").num(cpu).str("}}");
        }
    }

    /** The {@code tid} of CPU {@code cpu}'s track: the CPU id + 1 (tid 0 is the idle thread in Perfetto). */
    public static int tid(int cpu) {
        return cpu + 1;
    }

    @Override
    public void onSwitch(long timeNs, int cpu, @Nullable Task prev, @Nullable Task next) {
        closeSlice(cpu, timeNs);
        running[cpu] = next;
        since[cpu] = timeNs;
        sliceNo[cpu]++;
        if (next != null) {
            flows.switchedIn(next, cpu, sliceNo[cpu], timeNs);
        }
    }

    @Override
    public void onWakeup(long timeNs, Task p, int cpu) {
        out.str(",\n{\"name\":\"wakeup\",\"cat\":\"sched\",\"ph\":\"i\",\"s\":\"t\",\"ts\":").micros(timeNs)
                .str(",\"pid\":").num(CPUS_PID).str(",\"tid\":").num(tid(cpu));
        taskArgs(cpu, p).str("}");
    }

    /** A wake-up by a running task, without {@code WF_SYNC}: see {@link #onWakeupBy(long, Task, int, Task, long)}. */
    @Override
    public void onWakeupBy(long timeNs, Task p, int cpu, Task waker) {
        onWakeupBy(timeNs, p, cpu, waker, WakeFlags.TTWU);
    }

    /**
     * A wake-up by a running task: remembered, and drawn as a flow once both slices are closed; named
     * {@code "wakeup (sync)"} if it carried {@code SCX_WAKE_SYNC}.
     */
    @Override
    public void onWakeupBy(long timeNs, Task p, int cpu, Task waker, long wakeFlags) {
        for (int c = 0; c < running.length; c++) {
            if (running[c] == waker) {
                flows.add(p, timeNs, c, sliceNo[c], since[c], (wakeFlags & WakeFlags.SYNC) != 0);
                return;
            }
        }
    }

    @Override
    public void onQueueLength(long timeNs, int cpu, int nrQueued) {
        if (lastQueued[cpu] == nrQueued) {
            return;
        }
        lastQueued[cpu] = nrQueued;
        counter(timeNs, cpu, " queue\",\"args\":{\"nr_queued\":", nrQueued);
    }

    @Override
    public void onCpuFrequency(long timeNs, int cpu, long khz) {
        if (lastKhz[cpu] == khz) {
            return;
        }
        lastKhz[cpu] = khz;
        counter(timeNs, cpu, " freq\",\"args\":{\"khz\":", khz);
    }

    @Override
    public void onPolicyLoaded(long timeNs, String name) {
        out.str(",\n{\"name\":").jsonString("policy loaded: " + name)
                .str(",\"cat\":\"scx\",\"ph\":\"i\",\"s\":\"g\",\"ts\":").micros(timeNs).str(",\"pid\":").num(CPUS_PID)
                .str(",\"tid\":0}");
    }

    @Override
    public void onPolicyExit(long timeNs, ExitInfo info) {
        out.str(",\n{\"name\":").jsonString("policy exit: " + info.summary())
                .str(",\"cat\":\"scx\",\"ph\":\"i\",\"s\":\"g\",\"ts\":").micros(timeNs).str(",\"pid\":").num(CPUS_PID)
                .str(",\"tid\":0,\"args\":{\"kind\":").jsonString(info.kind().name()).str(",\"message\":")
                .jsonString(info.message()).str("}}");
    }

    /**
     * Ends the trace at {@code endNs} (the run's end): closes the slices still running and the JSON document, and
     * flushes. Later calls do nothing.
     */
    public void finish(long endNs) {
        if (finished) {
            return;
        }
        finished = true;
        for (int cpu = 0; cpu < running.length; cpu++) {
            closeSlice(cpu, endNs);
            running[cpu] = null;
        }
        out.str("\n]}\n");
        out.flush();
    }

    @Override
    public void flush() {
        out.flush();
    }

    private void closeSlice(int cpu, long timeNs) {
        Task p = running[cpu];
        if (p == null) {
            return;
        }
        boolean written = timeNs > since[cpu];
        if (written) {
            out.str(",\n{\"name\":").jsonString(p.comm()).str(",\"cat\":\"sched\",\"ph\":\"X\",\"ts\":")
                    .micros(since[cpu]).str(",\"dur\":").micros(timeNs - since[cpu]).str(",\"pid\":")
                    .num(CPUS_PID).str(",\"tid\":").num(tid(cpu));
            taskArgs(cpu, p).str("}");
        }
        flows.sliceClosed(cpu, sliceNo[cpu], written, timeNs, this);
    }

    /** True while CPU {@code cpu} still runs slice number {@code slice}. */
    boolean sliceOpen(int cpu, long slice) {
        return sliceNo[cpu] == slice && running[cpu] != null;
    }

    /** Writes one wake-up flow: its start on the waker's track, then its finish on the wakee's. */
    void writeFlow(long startTs, int wakerCpu, long finishTs, int wakeeCpu, boolean sync) {
        long id = nextFlowId++;
        String name = sync ? "wakeup (sync)" : "wakeup";
        out.str(",\n{\"name\":\"").str(name).str("\",\"cat\":\"wakeup\",\"ph\":\"s\",\"id\":").num(id)
                .str(",\"ts\":").micros(startTs).str(",\"pid\":").num(CPUS_PID).str(",\"tid\":").num(tid(wakerCpu))
                .str("}");
        out.str(",\n{\"name\":\"").str(name).str("\",\"cat\":\"wakeup\",\"ph\":\"f\",\"bp\":\"e\",\"id\":").num(id)
                .str(",\"ts\":").micros(finishTs).str(",\"pid\":").num(CPUS_PID).str(",\"tid\":")
                .num(tid(wakeeCpu)).str("}");
    }

    private TextOut taskArgs(int cpu, Task p) {
        return out.str(",\"args\":{\"cpu\":").num(cpu).str(",\"pid\":").num(p.pid()).str(",\"comm\":")
                .jsonString(p.comm()).str("}");
    }

    private void counter(long timeNs, int cpu, String nameTailAndArgs, long value) {
        out.str(",\n{\"name\":\"").str(cpuLabel[cpu]).str(nameTailAndArgs).num(value).str("},\"ph\":\"C\",\"ts\":")
                .micros(timeNs).str(",\"pid\":").num(CPUS_PID).str(",\"tid\":").num(tid(cpu)).str("}");
    }
}
