package io.scx4j.core.workload;

import io.scx4j.api.SchedPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays a scheduler trace: the text of {@code perf script} or {@code trace-cmd report} (or tracefs {@code trace})
 * holding {@code sched_switch} and {@code sched_wakeup}/{@code sched_wakeup_new}/{@code sched_waking} events,
 * becomes a {@link Workload} with one task per traced pid (pid and comm kept) whose program repeats what the task
 * was seen doing: {@link Step.Run} for each stretch on a CPU (the observed on-CPU time as work, so on a CPU of
 * capacity 1024 at full speed it takes the same time again), {@link Step.Sleep} for each stretch blocked
 * (from a switch-out in a sleeping state to the wake-up, or to the next switch-in when the wake-up was not traced).
 * Time a task spent runnable but off the CPU (preempted, {@code prev_state} {@code R}/{@code R+}, or woken but not
 * yet running) is neither: it is what the replaying scheduler decides anew. Consecutive runs split only by a
 * preemption are merged into one {@link Step.Run}.
 *
 * <p>Three renderings of the events are accepted (reference simulators-workloads-traces.md §4.4; the kernel's format
 * strings are in {@code include/trace/events/sched.h}), detected from the first {@code sched_switch} line:
 * <ul>
 *   <li>{@link Format#KEY_VALUE}, the kernel's own format ({@code prev_comm=bash prev_pid=1234 prev_prio=120
 *       prev_state=S ==> next_comm=swapper/2 next_pid=0 next_prio=120}; wake-ups {@code comm=bash pid=1234
 *       prio=120 target_cpu=002}), printed by tracefs and by {@code perf script} without libtraceevent plugins;</li>
 *   <li>{@link Format#COMPACT}, libtraceevent's sched plugin ({@code bash:1234 [120] S ==> swapper/2:0 [120]};
 *       wake-ups {@code bash:1234 [120] success=1 CPU:002}), the default of {@code trace-cmd report};</li>
 *   <li>{@link Format#RAW}, {@code trace-cmd report -R} (the fields without {@code ==>}, {@code prev_state} as a
 *       number: runnable when none of the low 8 task-state bits is set, whatever preemption bit the kernel
 *       version adds above them).</li>
 * </ul>
 * Comms may contain spaces and colons ({@code rs:main Q:Reg}): fields are split on the pid and priority that follow
 * the comm, not on spaces. Lines of other events, blank lines, headers ({@code version = 6}, {@code cpus=5}) and
 * lost-event notes ({@code CPU 3 is empty}, {@code LOST 12 events}) are skipped; a {@code sched_switch} or wake-up
 * line that does not parse is an error naming its line.
 *
 * <p>Each task starts at its first appearance, relative to the first timestamp of the trace; a task already on a
 * CPU when the trace starts is taken to have run since that first timestamp. The idle task (pid 0) is not replayed,
 * nor are tasks that never ran in the trace (they have no observed behaviour). A task's kernel priority becomes its
 * nice ({@code prio - 120}) or, below 100, SCHED_FIFO with RT priority {@code 99 - prio} (at least 1); a deadline
 * task (negative prio) is replayed as SCHED_FIFO 99. {@link Workload#cpusSeen()} is the highest CPU number in the
 * trace plus one, or the {@code cpus=N} header if that is larger; {@link Workload#durationNs()} spans the first to
 * the last timestamp. Each task runs its program once and exits.
 */
public final class TraceReader {

    /** How a trace prints its scheduler events. */
    public enum Format {
        /** The kernel's {@code key=value} format with {@code ==>}. */
        KEY_VALUE,
        /** libtraceevent's compact sched plugin rendering ({@code comm:pid [prio] STATE ==> comm:pid [prio]}). */
        COMPACT,
        /** {@code trace-cmd report -R}: raw fields, numeric {@code prev_state}, no {@code ==>}. */
        RAW
    }

    /** {@code <task> [<cpu>] <flags>? <sec.frac>: <system:>?<event>: <args>}. */
    private static final Pattern LINE = Pattern.compile(
            "^\\s*(.*?)\\s+\\[(\\d{1,5})]\\s+(?:[^\\s:]+\\s+)?(\\d+)\\.(\\d{1,9}):\\s+(?:[\\w-]+:)?([\\w-]+):\\s*(.*)$");

    private static final Pattern SWITCH_KV = Pattern.compile(
            "^prev_comm=(.*) prev_pid=(\\d+) prev_prio=(-?\\d+) prev_state=(\\S+) ==> next_comm=(.*) next_pid=(\\d+)"
                    + " next_prio=(-?\\d+)\\s*$");
    private static final Pattern SWITCH_RAW = Pattern.compile(
            "^prev_comm=(.*) prev_pid=(\\d+) prev_prio=(-?\\d+) prev_state=(\\d+) next_comm=(.*) next_pid=(\\d+)"
                    + " next_prio=(-?\\d+)\\s*$");
    private static final Pattern SWITCH_COMPACT = Pattern.compile(
            "^(.*):(\\d+) \\[(-?\\d+)] (\\S+) ==> (.*):(\\d+) \\[(-?\\d+)]\\s*$");
    private static final Pattern WAKE_KV = Pattern.compile(
            "^comm=(.*) pid=(\\d+) prio=(-?\\d+)(?: success=\\d+)?(?: target_cpu=(\\d+))?\\s*$");
    private static final Pattern WAKE_COMPACT = Pattern.compile(
            "^(.*):(\\d+) \\[(-?\\d+)](?: success=\\d+)?(?: CPU:(\\d+))?\\s*$");
    private static final Pattern CPUS_HEADER = Pattern.compile("^\\s*cpus=(\\d+)\\s*$");

    private TraceReader() {}

    /** Reads the trace text file {@code file}; the workload is named after the file without its extension. */
    public static Workload read(Path file) throws IOException {
        return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * The rendering of the first {@code sched_switch} line of {@code text}, or empty when there is none (then the text
     * is not a scheduler trace this reader can replay).
     */
    public static Optional<Format> detect(String text) {
        for (String line : text.split("\r?\n", -1)) {
            Matcher m = LINE.matcher(line);
            if (m.matches() && m.group(5).equals("sched_switch")) {
                return Optional.of(formatOf(m.group(6)));
            }
        }
        return Optional.empty();
    }

    private static Format formatOf(String args) {
        if (args.startsWith("prev_comm=")) {
            return args.contains("==>") ? Format.KEY_VALUE : Format.RAW;
        }
        return Format.COMPACT;
    }

    /**
     * Parses trace {@code text}; {@code source} names it in errors and, without its extension, names the workload.
     *
     * @throws WorkloadFormatException when there is no {@code sched_switch} event, or a scheduler event line does
     *                                 not parse in the trace's rendering
     */
    public static Workload parse(String source, String text) {
        Format format = detect(text).orElseThrow(() -> new WorkloadFormatException(source, 0, 0, null,
                "no sched_switch event found: expected perf script or trace-cmd report text of sched_switch and"
                        + " sched_wakeup/sched_waking events (key=value, compact or raw -R rendering)"));
        List<Event> events = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        long firstNs = Long.MAX_VALUE;
        long lastNs = Long.MIN_VALUE;
        int maxCpu = -1;
        int headerCpus = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                Matcher h = CPUS_HEADER.matcher(line);
                if (h.matches()) {
                    headerCpus = Integer.parseInt(h.group(1));
                }
                continue;
            }
            int cpu = Integer.parseInt(m.group(2));
            long ts = Long.parseLong(m.group(3)) * 1_000_000_000L + fractionNs(m.group(4));
            firstNs = Math.min(firstNs, ts);
            lastNs = Math.max(lastNs, ts);
            maxCpu = Math.max(maxCpu, cpu);
            String event = m.group(5);
            String args = m.group(6);
            int argsColumn = m.start(6) + 1;
            switch (event) {
                case "sched_switch" -> {
                    Matcher s = (switch (format) {
                        case KEY_VALUE -> SWITCH_KV;
                        case RAW -> SWITCH_RAW;
                        case COMPACT -> SWITCH_COMPACT;
                    }).matcher(args);
                    if (!s.matches()) {
                        throw new WorkloadFormatException(source, i + 1, argsColumn, event, "not a " + describe(format)
                                + " sched_switch (the trace's first sched_switch set the rendering); expected "
                                + example(format));
                    }
                    String state = s.group(4);
                    boolean runnable;
                    boolean dead;
                    if (format == Format.RAW) {
                        long st = Long.parseLong(state);
                        runnable = (st & 0xff) == 0;
                        dead = (st & (0x10 | 0x20)) != 0;
                    } else {
                        runnable = state.startsWith("R");
                        dead = state.contains("X") || state.contains("x") || state.contains("Z");
                    }
                    events.add(new Switch(ts, i, cpu, s.group(1), Integer.parseInt(s.group(2)),
                            Integer.parseInt(s.group(3)), runnable, dead, s.group(5), Integer.parseInt(s.group(6)),
                            Integer.parseInt(s.group(7))));
                }
                case "sched_wakeup", "sched_wakeup_new", "sched_waking" -> {
                    Matcher w = (format == Format.COMPACT ? WAKE_COMPACT : WAKE_KV).matcher(args);
                    if (!w.matches()) {
                        throw new WorkloadFormatException(source, i + 1, argsColumn, event, "not a " + describe(format)
                                + " wake-up; expected " + (format == Format.COMPACT ? "comm:pid [prio] success=1 CPU:002"
                                : "comm=X pid=N prio=P target_cpu=002"));
                    }
                    if (w.group(4) != null) {
                        maxCpu = Math.max(maxCpu, Integer.parseInt(w.group(4)));
                    }
                    events.add(new Wake(ts, i, w.group(1), Integer.parseInt(w.group(2)), Integer.parseInt(w.group(3))));
                }
                default -> {
                    // other events (sched_stat_*, sched_migrate_task, cpu_idle, ...) are not needed for the replay
                }
            }
        }
        events.sort(Comparator.comparingLong(Event::ts).thenComparingInt(Event::order));
        final long traceStartNs = firstNs;
        Map<Integer, Observed> tasks = new LinkedHashMap<>();
        for (Event e : events) {
            switch (e) {
                case Switch s -> {
                    if (s.prevPid() != 0) {
                        Observed p = tasks.computeIfAbsent(s.prevPid(), pid -> new Observed(pid, traceStartNs, true));
                        p.switchOut(s.ts(), s.prevRunnable(), s.prevDead());
                        p.seen(s.prevComm(), s.prevPrio());
                    }
                    if (s.nextPid() != 0) {
                        Observed n = tasks.computeIfAbsent(s.nextPid(), pid -> new Observed(pid, s.ts(), false));
                        n.switchIn(s.ts());
                        n.seen(s.nextComm(), s.nextPrio());
                    }
                }
                case Wake w -> {
                    if (w.pid() != 0) {
                        Observed t = tasks.computeIfAbsent(w.pid(), pid -> new Observed(pid, w.ts(), false));
                        t.wake(w.ts());
                        t.seen(w.comm(), w.prio());
                    }
                }
            }
        }
        List<TaskSpec> specs = new ArrayList<>();
        for (Observed t : tasks.values()) {
            t.end(lastNs);
            if (t.program.isEmpty()) {
                continue;
            }
            specs.add(t.spec(firstNs));
        }
        if (specs.isEmpty()) {
            throw new WorkloadFormatException(source, 0, 0, null, "no task other than the idle task ran in the trace");
        }
        String name = source.replaceAll("\\.[^./]*$", "");
        return new Workload(name, specs, List.of(), lastNs - firstNs, Math.max(maxCpu + 1, headerCpus));
    }

    private static long fractionNs(String digits) {
        long v = Long.parseLong(digits);
        for (int i = digits.length(); i < 9; i++) {
            v *= 10;
        }
        return v;
    }

    private static String describe(Format f) {
        return switch (f) {
            case KEY_VALUE -> "key=value";
            case COMPACT -> "compact (libtraceevent plugin)";
            case RAW -> "raw (trace-cmd report -R)";
        };
    }

    private static String example(Format f) {
        return switch (f) {
            case KEY_VALUE -> "prev_comm=bash prev_pid=1234 prev_prio=120 prev_state=S ==> next_comm=swapper/2"
                    + " next_pid=0 next_prio=120";
            case COMPACT -> "bash:1234 [120] S ==> swapper/2:0 [120]";
            case RAW -> "prev_comm=bash prev_pid=1234 prev_prio=120 prev_state=1 next_comm=swapper/2 next_pid=0"
                    + " next_prio=120";
        };
    }

    private sealed interface Event {
        long ts();

        /** The line index, to keep file order among equal timestamps. */
        int order();
    }

    private record Switch(long ts, int order, int cpu, String prevComm, int prevPid, int prevPrio, boolean prevRunnable,
            boolean prevDead, String nextComm, int nextPid, int nextPrio) implements Event {}

    private record Wake(long ts, int order, String comm, int pid, int prio) implements Event {}

    /** What one pid was seen doing. */
    private static final class Observed {
        private enum State { RUNNING, RUNNABLE, SLEEPING, DEAD }

        final int pid;
        final long firstNs;
        String comm = "";
        int prio = 120;
        State state;
        long since;
        final List<Step> program = new ArrayList<>();

        /**
         * @param running true for a task first seen switching out: it was on the CPU since {@code firstNs}, the start
         *                of the trace; otherwise it is first seen runnable (woken or switched in)
         */
        Observed(int pid, long firstNs, boolean running) {
            this.pid = pid;
            this.firstNs = firstNs;
            this.state = running ? State.RUNNING : State.RUNNABLE;
            this.since = firstNs;
        }

        void seen(String newComm, int newPrio) {
            comm = newComm;
            prio = newPrio;
        }

        void switchIn(long ts) {
            if (state == State.SLEEPING) {
                sleep(ts - since);
            }
            state = State.RUNNING;
            since = ts;
        }

        void switchOut(long ts, boolean runnable, boolean dead) {
            if (state == State.RUNNING) {
                run(ts - since);
            }
            state = dead ? State.DEAD : runnable ? State.RUNNABLE : State.SLEEPING;
            since = ts;
        }

        void wake(long ts) {
            if (state == State.SLEEPING) {
                sleep(ts - since);
                state = State.RUNNABLE;
                since = ts;
            }
        }

        void end(long lastNs) {
            if (state == State.RUNNING) {
                run(lastNs - since);
            }
        }

        private void run(long ns) {
            if (ns <= 0) {
                return;
            }
            if (!program.isEmpty() && program.getLast() instanceof Step.Run r) {
                program.set(program.size() - 1, new Step.Run(r.workNs() + ns));
            } else {
                program.add(new Step.Run(ns));
            }
        }

        private void sleep(long ns) {
            if (ns <= 0 || program.isEmpty()) {
                return;
            }
            if (program.getLast() instanceof Step.Sleep s) {
                program.set(program.size() - 1, new Step.Sleep(s.ns() + ns));
            } else {
                program.add(new Step.Sleep(ns));
            }
        }

        TaskSpec spec(long traceStartNs) {
            SchedPolicy policy = SchedPolicy.NORMAL;
            int nice = 0;
            int rt = 0;
            if (prio >= 100) {
                nice = Math.max(-20, Math.min(19, prio - 120));
            } else {
                policy = SchedPolicy.FIFO;
                rt = prio < 0 ? 99 : Math.max(1, 99 - prio);
            }
            return new TaskSpec(comm, pid, policy, nice, null, firstNs - traceStartNs, program, 1, comm, rt, "/", 0, 0);
        }
    }
}
