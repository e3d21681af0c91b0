package io.scx4j.core.workload;

import io.scx4j.api.SchedPolicy;
import io.scx4j.core.workload.LenientJson.JArray;
import io.scx4j.core.workload.LenientJson.JMember;
import io.scx4j.core.workload.LenientJson.JNumber;
import io.scx4j.core.workload.LenientJson.JObject;
import io.scx4j.core.workload.LenientJson.JString;
import io.scx4j.core.workload.LenientJson.JValue;
import io.scx4j.topology.CpuMask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads an rt-app workload description (scheduler-tools/rt-app, {@code doc/tutorial.txt}; what the parser really
 * accepts is {@code src/rt-app_parse_config.c}) into a {@link Workload}, as leniently as rt-app itself: comments,
 * trailing commas, duplicate event keys kept in file order (what the {@code workgen} pre-pass achieves by renaming),
 * event keys matched by prefix ({@code run0}, {@code runtime1}, {@code timer_x}), unknown {@code global} keys
 * ignored. The full support matrix is {@code docs/workloads.md}; in short:
 *
 * <ul>
 *   <li>each entry of {@code tasks} is a thread: {@code instance} copies (comm {@code name} for one,
 *       {@code name-0..name-(n-1)} for more; group {@code name}), {@code instance: 0} only as a template for
 *       {@code fork}; {@code delay} (µs) is the fork time; {@code loop} repeats the program (task level, default
 *       -1 = for ever) or a phase (phase level, default 1);</li>
 *   <li>{@code policy}/{@code priority} (nice for SCHED_OTHER/BATCH/IDLE, RT priority for FIFO/RR, default 10),
 *       {@code cpus} and {@code taskgroup} at task level set the task; at phase level they become the phase's
 *       {@link Step.Attrs} (a phase without {@code cpus} runs on the task's {@code cpus}, or on all CPUs, once
 *       any phase sets them, as rt-app's {@code set_thread_affinity} does);</li>
 *   <li>events map one to one onto {@link Step}s: {@code run} → {@link Step.Run} (work), {@code runtime} →
 *       {@link Step.Runtime} (wall time), {@code sleep}, {@code timer} (never a sleep: a named periodic timer,
 *       {@code unique*} refs private to each instance), {@code lock}/{@code unlock}, {@code wait}, {@code signal},
 *       {@code broad}, {@code sync}, {@code suspend}/{@code resume}, {@code barrier} (parties = the number of
 *       references to the name times the referencing task's instances, as rt-app counts them), {@code sem_post},
 *       {@code sem_wait}, {@code fork}, {@code yield}; {@code mem}, {@code iorun} and {@code memrun} become
 *       {@link Step.Run} work of a modelled cost (see {@link #MEMSET_BYTES_PER_NS} and the other constants);</li>
 *   <li>scx4j's own settings live under one extension key per task, {@code "scx4j": {"group": "render",
 *       "working_set": 262144, "uid": 1000}}, which rt-app itself ignores.</li>
 * </ul>
 *
 * <p>What the simulator cannot honour is an error naming file, line, column and key, never a silent skip:
 * SCHED_DEADLINE and {@code dl-*} parameters (also the Linux 6.12 custom slice, {@code dl-runtime} on
 * SCHED_OTHER), {@code util_min}/{@code util_max} (uclamp), {@code nodes_membind}, {@code pi_enabled: true},
 * {@code iorun} to a device other than {@code /dev/null}, and keys of a task or phase that are neither an event nor a
 * property (rt-app ignores those silently, which hides typos).
 */
public final class RtAppReader {

    /** {@code mem} is a {@code memset} of the given bytes: modelled at 10 bytes per reference ns (10 GB/s). */
    public static final long MEMSET_BYTES_PER_NS = 10;

    /**
     * {@code iorun} writes the bytes to {@code io_device} in {@code mem_buffer_size} chunks; to {@code /dev/null}
     * (rt-app's default) each {@code write()} costs only the system call, modelled as 1 µs of work.
     */
    public static final long IO_WRITE_SYSCALL_NS = 1_000;

    /**
     * {@code memrun} of type {@code read}/{@code write} touches {@code count} bytes one volatile byte access at a
     * time (rt-app {@code memread}/{@code memwrite}): modelled at 2 bytes per reference ns (one access per cycle at
     * 2 GHz).
     */
    public static final long MEMRUN_BYTES_PER_NS = 2;

    /**
     * {@code memrun} of type {@code chase} follows {@code count} pointers through a buffer of {@code size} bytes; each
     * hop costs the load latency of the cache level the buffer fits in: L1 (≤ 32 KiB) 1 ns, L2 (≤ 1 MiB) 4 ns, LLC
     * (≤ 32 MiB) 15 ns, DRAM 90 ns (typical desktop figures). The largest {@code memrun} buffer is also the task's
     * {@link TaskSpec#workingSetBytes() working set} unless the extension key sets one.
     */
    static long chaseHopNs(long sizeBytes) {
        if (sizeBytes <= 32 * 1024) {
            return 1;
        }
        if (sizeBytes <= 1024 * 1024) {
            return 4;
        }
        if (sizeBytes <= 32L * 1024 * 1024) {
            return 15;
        }
        return 90;
    }

    /** The extension key holding scx4j-only task settings. */
    public static final String EXTENSION_KEY = "scx4j";

    /** Event key prefixes in the order they are tried ({@code runtime} before {@code run}, {@code memrun} before {@code mem}). */
    static final List<String> EVENT_PREFIXES = List.of("lock", "unlock", "wait", "signal", "broad", "sync", "sleep",
            "runtime", "run", "timer", "suspend", "resume", "memrun", "mem", "iorun", "yield", "barrier", "fork",
            "sem_post", "sem_wait");

    private static final Set<String> PHASE_PROPERTIES = Set.of("loop", "policy", "priority", "cpus", "taskgroup",
            "nodes_membind", "util_min", "util_max", "dl-runtime", "dl-period", "dl-deadline");

    private static final Set<String> TASK_PROPERTIES;

    static {
        Set<String> s = new HashSet<>(PHASE_PROPERTIES);
        s.addAll(Set.of("instance", "delay", "phases", "period", "deadline", EXTENSION_KEY));
        TASK_PROPERTIES = Set.copyOf(s);
    }

    private static final String SUPPORTED_POLICIES = "SCHED_OTHER, SCHED_BATCH, SCHED_IDLE, SCHED_FIFO, SCHED_RR";
    private static final int DEFAULT_RT_PRIORITY = 10;

    private final String source;
    private SchedPolicy defaultPolicy = SchedPolicy.NORMAL;
    private String ioDevice = "/dev/null";
    private long memBufferSize = 4 * 1024 * 1024;
    private final Map<String, Integer> barrierParties = new HashMap<>();
    private final Map<String, JObject> taskObjects = new LinkedHashMap<>();
    private final Set<String> forkTargets = new HashSet<>();
    private long workingSet;

    private RtAppReader(String source) {
        this.source = source;
    }

    /** Reads the rt-app file {@code file}; the workload is named after the file without its extension. */
    public static Workload read(Path file) throws IOException {
        return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses rt-app JSON {@code text}; {@code source} is the file name used in errors and, without its extension, as
     * the workload's name.
     *
     * @throws WorkloadFormatException naming line, column and key of anything that cannot be simulated
     */
    public static Workload parse(String source, String text) {
        return new RtAppReader(source).workload(LenientJson.parse(source, text));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Workload workload(JValue root) {
        JObject top = object(root, null, "the top level must be an object with \"tasks\" and optionally \"global\"");
        JObject tasks = null;
        JObject global = null;
        for (JMember m : top.members()) {
            switch (m.key()) {
                case "tasks" -> tasks = object(m.value(), m.key(), "\"tasks\" must be an object of named threads");
                case "global" -> global = object(m.value(), m.key(), "\"global\" must be an object");
                default -> {
                    // rt-app reads only tasks, global and the legacy resources section
                }
            }
        }
        if (tasks == null || tasks.members().isEmpty()) {
            throw err(top.line(), top.column(), "tasks", "no tasks: the file needs a \"tasks\" object with at least one"
                    + " thread (a lone \"global\" or \"resources\" object is a fragment of rt-app's legacy split"
                    + " format, which doc/merge.py joins into one file)");
        }
        long durationNs = global == null ? 0 : readGlobal(global);
        for (JMember m : tasks.members()) {
            JObject t = object(m.value(), m.key(), "a thread must be an object of properties and events");
            if (taskObjects.put(m.key(), t) != null) {
                throw err(m, "thread name '" + m.key() + "' is used twice (thread names must be unique: resume,"
                        + " fork and the results refer to them)");
            }
        }
        countBarriersAndForks();
        List<TaskSpec> specs = new ArrayList<>();
        List<TaskSpec> templates = new ArrayList<>();
        for (Map.Entry<String, JObject> e : taskObjects.entrySet()) {
            String name = e.getKey();
            JObject t = e.getValue();
            int instances = (int) intProp(t, "instance", 1, 0, 1 << 20);
            TaskSpec spec = task(name, t);
            if (instances == 0 || forkTargets.contains(name)) {
                templates.add(spec);
            }
            if (instances == 1) {
                specs.add(spec);
            } else if (instances > 1) {
                specs.addAll(Workload.copies(instances, spec));
            }
        }
        if (specs.isEmpty()) {
            throw err(tasks.line(), tasks.column(), "tasks", "every thread has \"instance\": 0, so nothing would run");
        }
        String name = source.replaceAll("\\.[^./]*$", "");
        return new Workload(name, specs, templates, durationNs, 0);
    }

    private long readGlobal(JObject global) {
        long durationNs = 0;
        for (JMember m : global.members()) {
            switch (m.key()) {
                case "duration" -> {
                    long s = integer(m, Integer.MIN_VALUE, Integer.MAX_VALUE);
                    durationNs = s < 0 ? 0 : s * 1_000_000_000L;
                }
                case "default_policy" -> defaultPolicy = policy(m);
                case "pi_enabled" -> {
                    if (m.value() instanceof LenientJson.JBool b && b.value()) {
                        throw err(m, "priority-inheritance mutexes are not modelled; use \"pi_enabled\": false");
                    }
                }
                case "io_device" -> ioDevice = string(m);
                case "mem_buffer_size" -> memBufferSize = integer(m, 1, Integer.MAX_VALUE);
                default -> {
                    // calibration, logging, ftrace, gnuplot, lock_pages, cumulative_slack and unknown keys: they
                    // concern the real run only; rt-app ignores unknown global keys too
                }
            }
        }
        return durationNs;
    }

    /** rt-app's barrier participant count: each reference adds the referencing thread's instance count. */
    private void countBarriersAndForks() {
        for (JObject t : taskObjects.values()) {
            int instances = (int) intProp(t, "instance", 1, 0, 1 << 20);
            for (JMember ev : allEventMembers(t)) {
                String kind = eventKind(ev.key());
                if ("barrier".equals(kind) && ev.value() instanceof JString s) {
                    barrierParties.merge(s.value(), instances, Integer::sum);
                } else if ("fork".equals(kind) && ev.value() instanceof JString s) {
                    if (!taskObjects.containsKey(s.value())) {
                        throw err(ev, "fork of '" + s.value() + "', which is not a thread of this file (threads: "
                                + String.join(", ", taskObjects.keySet()) + ")");
                    }
                    forkTargets.add(s.value());
                }
            }
        }
    }

    private List<JMember> allEventMembers(JObject t) {
        List<JMember> out = new ArrayList<>();
        JMember phases = last(t, "phases");
        if (phases != null && phases.value() instanceof JObject po) {
            for (JMember ph : po.members()) {
                if (ph.value() instanceof JObject p) {
                    p.members().stream().filter(m -> eventKind(m.key()) != null).forEach(out::add);
                }
            }
        } else {
            t.members().stream().filter(m -> eventKind(m.key()) != null).forEach(out::add);
        }
        return out;
    }

    private TaskSpec task(String name, JObject t) {
        workingSet = 0;
        for (String legacy : List.of("exec", "lock_order", "resources")) {
            JMember m = last(t, legacy);
            if (m != null) {
                throw err(m, "legacy rt-app grammar (exec, lock_order, resources per thread), which the current rt-app"
                        + " rejects too (\"No events found\"); describe the thread with events (run, lock, wait, ...)");
            }
        }
        SchedPolicy policy = defaultPolicy;
        JMember pm = last(t, "policy");
        if (pm != null) {
            policy = policy(pm);
        }
        int nice = 0;
        int rtPriority = 0;
        JMember prio = last(t, "priority");
        if (policy.isRealtime()) {
            rtPriority = prio == null ? DEFAULT_RT_PRIORITY : (int) integer(prio, 1, 99);
        } else if (prio != null) {
            nice = (int) integer(prio, -20, 19);
        }
        rejectUnsupported(t, true);
        for (JMember m : t.members()) {
            if (eventKind(m.key()) == null && !TASK_PROPERTIES.contains(m.key())) {
                throw err(m, "neither an rt-app event nor a thread property (events: " + String.join(", ",
                        EVENT_PREFIXES) + ", with any suffix; properties: " + String.join(", ", sorted(TASK_PROPERTIES))
                        + ")");
            }
        }
        CpuMask affinity = cpus(last(t, "cpus"));
        String cgroup = taskgroup(last(t, "taskgroup"));
        long startNs = intProp(t, "delay", 0, 0, Integer.MAX_VALUE) * 1_000L;
        List<Step> program;
        int repeat;
        JMember phases = last(t, "phases");
        if (phases != null) {
            JObject po = object(phases.value(), "phases", "\"phases\" must be an object of named phases");
            if (po.members().isEmpty()) {
                throw err(phases, "\"phases\" is empty (No events found)");
            }
            SchedPolicy current = policy;
            program = new ArrayList<>();
            // rt-app's set_thread_affinity: a phase's cpus, else the task's, else the thread's initial (all) CPUs; so
            // once any phase sets cpus, a phase without them returns to the task's mask rather than keeping the last
            boolean phasesSetCpus = po.members().stream().anyMatch(ph -> ph.value() instanceof JObject p
                    && last(p, "cpus") != null);
            CpuMask phaseDefaultCpus = affinity != null ? affinity : CpuMask.range(0, CpuMask.MAX_CPUS);
            for (JMember ph : po.members()) {
                JObject p = object(ph.value(), ph.key(), "a phase must be an object of properties and events");
                rejectUnsupported(p, false);
                for (JMember m : p.members()) {
                    if (eventKind(m.key()) == null && !PHASE_PROPERTIES.contains(m.key())) {
                        throw err(m, "neither an rt-app event nor a phase property (events: " + String.join(", ",
                                EVENT_PREFIXES) + ", with any suffix; properties: "
                                + String.join(", ", sorted(PHASE_PROPERTIES)) + ")");
                    }
                }
                int loops = (int) loop(p, 1);
                SchedPolicy phasePolicy = null;
                JMember ppm = last(p, "policy");
                if (ppm != null) {
                    phasePolicy = policy(ppm);
                    current = phasePolicy;
                }
                Integer phasePrio = null;
                JMember pp = last(p, "priority");
                if (pp != null) {
                    phasePrio = current.isRealtime() ? (int) integer(pp, 1, 99) : (int) integer(pp, -20, 19);
                } else if (phasePolicy != null) {
                    phasePrio = phasePolicy.isRealtime() ? DEFAULT_RT_PRIORITY : 0;
                }
                JMember tg = last(p, "taskgroup");
                String phaseCgroup = tg == null || (tg.value() instanceof JString s && s.value().isEmpty())
                        ? null : taskgroup(tg);
                CpuMask phaseCpus = cpus(last(p, "cpus"));
                if (phaseCpus == null && phasesSetCpus) {
                    phaseCpus = phaseDefaultCpus;
                }
                Step.Attrs attrs = new Step.Attrs(phasePolicy, phasePrio, phaseCpus, phaseCgroup);
                program.add(new Step.Phase(ph.key(), loops, attrs, events(ph.key(), p)));
            }
            repeat = (int) loop(t, -1);
        } else {
            program = events(name, t);
            // rt-app: without "phases" the task-level loop is the single phase's loop, and an absent loop is -1
            repeat = (int) loop(t, -1);
        }
        String group = name;
        int uid = 0;
        long ws = workingSet;
        JMember ext = last(t, EXTENSION_KEY);
        if (ext != null) {
            JObject eo = object(ext.value(), EXTENSION_KEY, "\"" + EXTENSION_KEY
                    + "\" must be an object with group, working_set, uid");
            for (JMember m : eo.members()) {
                switch (m.key()) {
                    case "group" -> group = nonEmpty(m);
                    case "working_set" -> ws = integer(m, 0, Long.MAX_VALUE);
                    case "uid" -> uid = (int) integer(m, 0, Integer.MAX_VALUE);
                    default -> throw err(m, "unknown " + EXTENSION_KEY + " setting (supported: group, working_set,"
                            + " uid)");
                }
            }
        }
        return new TaskSpec(name, 0, policy, nice, affinity, startNs, program, repeat, group, rtPriority, cgroup, uid,
                ws);
    }

    private long loop(JObject o, long absent) {
        JMember m = last(o, "loop");
        if (m == null) {
            return absent;
        }
        long v = integer(m, -1, Integer.MAX_VALUE);
        if (v == 0) {
            throw err(m, "loop 0 would run nothing; use a count >= 1, or -1 for ever");
        }
        return v;
    }

    private void rejectUnsupported(JObject o, boolean taskLevel) {
        for (JMember m : o.members()) {
            switch (m.key()) {
                case "dl-runtime", "dl-period", "dl-deadline" -> throw err(m, "SCHED_DEADLINE parameters (and the"
                        + " Linux 6.12 custom slice, dl-runtime on SCHED_OTHER) are not modelled; remove the key");
                case "period", "deadline" -> {
                    if (taskLevel) {
                        throw err(m, "legacy SCHED_DEADLINE parameter; SCHED_DEADLINE is not modelled");
                    }
                }
                case "util_min", "util_max" -> {
                    if (!(m.value() instanceof JNumber n && n.text().equals("-1"))) {
                        throw err(m, "uclamp (util_min/util_max) is not modelled; remove the key or set -1");
                    }
                }
                case "nodes_membind" -> throw err(m, "NUMA memory binding is not modelled; remove the key");
                default -> {
                    // handled elsewhere
                }
            }
        }
    }

    private List<Step> events(String where, JObject o) {
        List<Step> out = new ArrayList<>();
        int seen = 0;
        for (JMember m : o.members()) {
            String kind = eventKind(m.key());
            if (kind == null) {
                continue;
            }
            seen++;
            Step s = event(kind, m);
            if (s != null) {
                out.add(s);
            }
        }
        if (seen == 0) {
            throw err(o.line(), o.column(), where, "no events (rt-app: \"No events found. Task must have events\");"
                    + " events are " + String.join(", ", EVENT_PREFIXES));
        }
        if (out.isEmpty()) {
            throw err(o.line(), o.column(), where, "every event has a zero duration, so there is nothing to simulate");
        }
        return out;
    }

    /** One event; null for a zero-length run/runtime/sleep, which rt-app executes as a no-op. */
    private @Nullable Step event(String kind, JMember m) {
        return switch (kind) {
            case "run", "runtime", "sleep" -> {
                long us = integer(m, 0, Integer.MAX_VALUE);
                if (us == 0) {
                    yield null;
                }
                long ns = us * 1_000L;
                yield kind.equals("run") ? new Step.Run(ns) : kind.equals("runtime") ? new Step.Runtime(ns)
                        : new Step.Sleep(ns);
            }
            case "timer" -> {
                JObject t = object(m.value(), m.key(), "a timer is { \"ref\": name, \"period\": µs, \"mode\":"
                        + " \"relative\"|\"absolute\" }");
                String ref = "unknown";
                long period = 0;
                boolean absolute = false;
                for (JMember f : t.members()) {
                    switch (f.key()) {
                        case "ref" -> ref = nonEmpty(f);
                        case "period" -> period = integer(f, 0, Integer.MAX_VALUE);
                        case "mode" -> absolute = string(f).startsWith("absolute");
                        default -> throw err(f, "unknown timer field (supported: ref, period, mode)");
                    }
                }
                if (period <= 0) {
                    throw err(m, "timer '" + ref + "' needs a \"period\" > 0 µs");
                }
                yield new Step.Timer(ref, period * 1_000L, absolute);
            }
            case "lock" -> new Step.Lock(nonEmpty(m));
            case "unlock" -> new Step.Unlock(nonEmpty(m));
            case "signal" -> new Step.Signal(nonEmpty(m), false);
            case "broad" -> new Step.Signal(nonEmpty(m), true);
            case "wait", "sync" -> {
                JObject w = object(m.value(), m.key(), "a " + kind + " is { \"ref\": condition, \"mutex\": mutex }");
                String ref = null;
                String mutex = null;
                for (JMember f : w.members()) {
                    switch (f.key()) {
                        case "ref" -> ref = nonEmpty(f);
                        case "mutex" -> mutex = nonEmpty(f);
                        default -> throw err(f, "unknown " + kind + " field (supported: ref, mutex)");
                    }
                }
                if (ref == null || mutex == null) {
                    throw err(m, kind + " needs both \"ref\" and \"mutex\"");
                }
                yield kind.equals("wait") ? new Step.Wait(ref, mutex) : new Step.Sync(ref, mutex);
            }
            // rt-app ignores suspend's value: a thread always suspends on its own name
            case "suspend" -> new Step.Suspend();
            case "resume" -> new Step.Resume(nonEmpty(m));
            case "yield" -> new Step.Yield();
            case "barrier" -> {
                String name = nonEmpty(m);
                int parties = barrierParties.getOrDefault(name, 0);
                if (parties < 1) {
                    throw err(m, "barrier '" + name + "' is referenced only by threads with \"instance\": 0 (rt-app:"
                            + " barriers cannot be combined with fork)");
                }
                yield new Step.Barrier(name, parties);
            }
            case "sem_post" -> new Step.SemPost(nonEmpty(m));
            case "sem_wait" -> new Step.SemWait(nonEmpty(m));
            case "fork" -> new Step.Fork(nonEmpty(m));
            case "mem" -> {
                long bytes = integer(m, 0, Integer.MAX_VALUE);
                yield bytes == 0 ? null : new Step.Run(Math.max(1, ceilDiv(bytes, MEMSET_BYTES_PER_NS)));
            }
            case "iorun" -> {
                long bytes = integer(m, 0, Integer.MAX_VALUE);
                if (!ioDevice.equals("/dev/null")) {
                    throw err(m, "iorun to '" + ioDevice + "' would block on I/O, which is not modelled; only"
                            + " io_device /dev/null is supported");
                }
                yield bytes == 0 ? null : new Step.Run(ceilDiv(bytes, memBufferSize) * IO_WRITE_SYSCALL_NS);
            }
            case "memrun" -> memrun(m);
            default -> throw new IllegalStateException(kind);
        };
    }

    private @Nullable Step memrun(JMember m) {
        JObject o = object(m.value(), m.key(), "a memrun is { \"type\": read|write|chase, \"size\": bytes,"
                + " \"count\": n, \"stride\", \"pattern\", \"ref\" }");
        String type = null;
        long size = 0;
        long count = 0;
        for (JMember f : o.members()) {
            switch (f.key()) {
                case "type" -> type = string(f);
                case "size" -> size = integer(f, 1, Integer.MAX_VALUE);
                case "count" -> count = integer(f, 0, Integer.MAX_VALUE);
                case "stride" -> integer(f, 1, Integer.MAX_VALUE);
                case "pattern", "ref" -> string(f);
                default -> throw err(f, "unknown memrun field (supported: type, size, count, stride, pattern, ref)");
            }
        }
        if (type == null || size <= 0) {
            throw err(m, "memrun needs \"type\" and a \"size\" > 0");
        }
        workingSet = Math.max(workingSet, size);
        long ns = switch (type) {
            case "read", "write" -> ceilDiv(count, MEMRUN_BYTES_PER_NS);
            case "chase" -> count * chaseHopNs(size);
            default -> throw err(m, "unknown memrun type '" + type + "' (supported: read, write, chase)");
        };
        return ns == 0 ? null : new Step.Run(ns);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The event an rt-app key names (by prefix), or null for a property or unknown key. */
    static @Nullable String eventKind(String key) {
        for (String p : EVENT_PREFIXES) {
            if (key.startsWith(p)) {
                return p;
            }
        }
        return null;
    }

    private SchedPolicy policy(JMember m) {
        String s = string(m);
        return switch (s) {
            case "SCHED_OTHER" -> SchedPolicy.NORMAL;
            case "SCHED_BATCH" -> SchedPolicy.BATCH;
            case "SCHED_IDLE" -> SchedPolicy.IDLE;
            case "SCHED_FIFO" -> SchedPolicy.FIFO;
            case "SCHED_RR" -> SchedPolicy.RR;
            case "SCHED_DEADLINE" -> throw err(m, "SCHED_DEADLINE is not modelled (supported: " + SUPPORTED_POLICIES
                    + ")");
            default -> throw err(m, "unknown policy '" + s + "' (supported: " + SUPPORTED_POLICIES + ")");
        };
    }

    private @Nullable CpuMask cpus(@Nullable JMember m) {
        if (m == null) {
            return null;
        }
        if (!(m.value() instanceof JArray a) || a.items().isEmpty()) {
            throw err(m, "\"cpus\" must be a non-empty array of CPU numbers, e.g. [0, 2], found "
                    + m.value().kind());
        }
        CpuMask.Builder b = CpuMask.builder();
        for (JValue v : a.items()) {
            if (!(v instanceof JNumber n) || !n.integral()) {
                throw err(v.line(), v.column(), "cpus", "a CPU number must be an integer, found " + v.kind());
            }
            long cpu = Long.parseLong(n.text());
            if (cpu < 0 || cpu >= CpuMask.MAX_CPUS) {
                throw err(v.line(), v.column(), "cpus", "CPU " + cpu + " out of range 0.." + (CpuMask.MAX_CPUS - 1));
            }
            b.set((int) cpu);
        }
        return b.build();
    }

    private String taskgroup(@Nullable JMember m) {
        if (m == null) {
            return "/";
        }
        String s = string(m);
        if (s.isEmpty()) {
            return "/";
        }
        if (!s.startsWith("/")) {
            throw err(m, "a taskgroup is a cgroup path starting with '/', found '" + s + "'");
        }
        return s;
    }

    private static @Nullable JMember last(JObject o, String key) {
        JMember found = null;
        for (JMember m : o.members()) {
            if (m.key().equals(key)) {
                found = m;
            }
        }
        return found;
    }

    private long intProp(JObject o, String key, long absent, long min, long max) {
        JMember m = last(o, key);
        return m == null ? absent : integer(m, min, max);
    }

    private long integer(JMember m, long min, long max) {
        if (!(m.value() instanceof JNumber n) || !n.integral()) {
            throw err(m, "expected an integer, found " + m.value().kind());
        }
        long v;
        try {
            v = Long.parseLong(n.text());
        } catch (NumberFormatException e) {
            throw err(m, "integer " + n.text() + " is too large");
        }
        if (v < min || v > max) {
            throw err(m, v + " is out of range " + min + ".." + max);
        }
        return v;
    }

    private String string(JMember m) {
        if (!(m.value() instanceof JString s)) {
            throw err(m, "expected a string, found " + m.value().kind());
        }
        return s.value();
    }

    private String nonEmpty(JMember m) {
        String s = string(m);
        if (s.isEmpty()) {
            throw err(m, "expected a non-empty name");
        }
        return s;
    }

    private JObject object(JValue v, @Nullable String key, String expected) {
        if (!(v instanceof JObject o)) {
            throw err(v.line(), v.column(), key, expected + ", found " + v.kind());
        }
        return o;
    }

    private WorkloadFormatException err(JMember m, String what) {
        return err(m.line(), m.column(), m.key(), what);
    }

    private WorkloadFormatException err(int line, int column, @Nullable String key, String what) {
        return new WorkloadFormatException(source, line, column, key, what);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
