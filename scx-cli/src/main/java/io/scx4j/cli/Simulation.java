package io.scx4j.cli;

import io.scx4j.api.SchedOps;
import io.scx4j.core.Engine;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.PolicyRegistry;
import io.scx4j.core.RunResult;
import io.scx4j.core.report.ChromeTraceSink;
import io.scx4j.core.report.FtraceTextSink;
import io.scx4j.core.report.RunLabel;
import io.scx4j.core.report.SliceRecorder;
import io.scx4j.core.workload.Scenario;
import io.scx4j.core.workload.Scenarios;
import io.scx4j.core.workload.Workload;
import io.scx4j.core.workload.WorkloadFiles;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One workload on one machine, run under one policy at a time, with the outputs the options ask for. The engine runs
 * in {@value #CHUNKS} equal chunks of simulated time whether or not a progress bar is drawn, so a run is the same on
 * a terminal and in a pipe.
 */
final class Simulation {
    static final int CHUNKS = 100;
    /** Slices kept for the HTML report's timelines. */
    static final int REPORT_SLICES = 50_000;

    private final RunOptions opts;
    final Topology topology;
    final PolicyRegistry registry;
    private final @Nullable Scenario scenario;
    private final @Nullable Workload fileWorkload;
    final RunLabel label;
    /**
     * Simulated time of each run: {@code --duration}, else the workload file's {@link Workload#durationNs()} (rt-app
     * {@code global.duration}, a trace's recorded span) when it is set, else {@link RunOptions#DEFAULT_DURATION_NS}.
     */
    final long durationNs;

    /** What one policy's run produced. */
    record Outcome(RunResult result, @Nullable SliceRecorder slices) {}

    Simulation(RunOptions opts, PolicyRegistry registry) {
        this.opts = opts;
        this.registry = registry;
        for (Path out : new Path[] {opts.trace, opts.json, opts.report}) {
            checkWritable(out);
        }
        Optional<Scenario> s = Scenarios.find(opts.workload);
        Path file = Path.of(opts.workload);
        if (s.isPresent()) {
            scenario = s.get();
            fileWorkload = null;
        } else if (Files.isRegularFile(file)) {
            scenario = null;
            try {
                fileWorkload = WorkloadFiles.read(file);
            } catch (IOException e) {
                throw new UserError(file + ": cannot read: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        } else {
            String known = Scenarios.all().stream().map(Scenario::name).collect(Collectors.joining(", "));
            throw new UserError(looksLikeFile(opts.workload)
                    ? opts.workload + ": no such workload file"
                    : "unknown workload '" + opts.workload + "'; scenarios: " + known
                            + " (or a workload file: rt-app JSON or a sched_switch trace)");
        }
        String topologyName = opts.topology != null ? opts.topology
                : fileWorkload != null && fileWorkload.cpusSeen() > 0 ? "flat-" + fileWorkload.cpusSeen()
                : RunOptions.DEFAULT_TOPOLOGY;
        this.topology = loadTopology(topologyName);
        String name = scenario != null ? scenario.name() : fileWorkload.name();
        this.label = new RunLabel(name, topology.name(), opts.seed);
        this.durationNs = opts.durationNs != null ? opts.durationNs
                : fileWorkload != null && fileWorkload.durationNs() > 0 ? fileWorkload.durationNs()
                : RunOptions.DEFAULT_DURATION_NS;
    }

    /** Fails now, before a long run, if {@code file} could not be written later. */
    private static void checkWritable(@Nullable Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserError("cannot write " + file + ": directory " + dir + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new UserError("cannot write " + file + ": it is a directory");
        }
    }

    private static boolean looksLikeFile(String s) {
        return s.contains("/") || s.contains("\\") || s.contains(".");
    }

    static Topology loadTopology(String source) {
        try {
            return TopologyCommand.load(source);
        } catch (TopologyException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** A fresh workload instance (scenarios are built for the topology). */
    Workload workload() {
        return scenario != null ? scenario.workload(topology) : fileWorkload;
    }

    /** Checks the policy name and options now, before anything runs. */
    Optional<SchedOps> create(String policy, Map<String, String> options) {
        return registry.create(policy, options);
    }

    /**
     * Runs {@code policy} (already configured: {@code ops}, empty for fair) and writes its trace to
     * {@code traceFile} if not null.
     */
    Outcome run(Optional<SchedOps> ops, @Nullable Path traceFile, boolean recordSlices, @Nullable Progress progress) {
        Engine engine = new Engine(topology, EngineConfig.defaults().withSeed(opts.seed));
        engine.addWorkload(workload());
        int nrCpus = topology.cpus().size();
        SliceRecorder slices = recordSlices ? new SliceRecorder(nrCpus, REPORT_SLICES) : null;
        if (slices != null) {
            engine.addSink(slices);
        }
        Writer traceWriter = null;
        ChromeTraceSink chrome = null;
        FtraceTextSink ftrace = null;
        try {
            if (traceFile != null) {
                traceWriter = new BufferedWriter(Files.newBufferedWriter(traceFile, StandardCharsets.UTF_8), 1 << 16);
                if (opts.ftrace(traceFile)) {
                    ftrace = new FtraceTextSink(traceWriter, nrCpus);
                    engine.addSink(ftrace);
                } else {
                    chrome = new ChromeTraceSink(traceWriter, nrCpus);
                    engine.addSink(chrome);
                }
            }
            ops.ifPresent(engine::load);
            long start = engine.now();
            long end = start + durationNs;
            for (int i = 1; i <= CHUNKS; i++) {
                engine.runUntil(start + durationNs / CHUNKS * i + (i == CHUNKS ? durationNs % CHUNKS : 0));
                if (progress != null) {
                    progress.update(engine.now() - start, durationNs);
                }
            }
            RunResult result = engine.result();
            if (slices != null) {
                slices.finish(end);
            }
            if (chrome != null) {
                chrome.finish(end);
            }
            if (ftrace != null) {
                ftrace.flush();
            }
            return new Outcome(result, slices);
        } catch (IOException e) {
            throw new UserError("cannot write " + traceFile + ": " + e);
        } finally {
            if (progress != null) {
                progress.done();
            }
            if (traceWriter != null) {
                try {
                    traceWriter.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** {@code trace.json} → {@code trace-simple.json} (one trace per policy in a comparison). */
    static Path perPolicy(Path file, String policy) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String named = dot > 0 ? n.substring(0, dot) + "-" + policy + n.substring(dot) : n + "-" + policy;
        return file.resolveSibling(named);
    }

    /** Opens {@code file} for writing, as a user error if it cannot be. */
    static PrintWriter open(Path file) {
        try {
            return new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e);
        }
    }
}
