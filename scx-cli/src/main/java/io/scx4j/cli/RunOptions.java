package io.scx4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options {@code scx run} and {@code scx compare} share: what to run, on what, for how long, and the outputs. */
final class RunOptions {
    /** The scenario run when none is named. */
    static final String DEFAULT_WORKLOAD = "cpu-mix";
    /** The machine used when none is named: a preset, so a run is the same on every host. */
    static final String DEFAULT_TOPOLOGY = "smt-desktop-8c16t";

    @Option(names = "--option", paramLabel = "KEY=VALUE",
            description = "a policy option (see scx list); repeatable. With compare, POLICY.KEY=VALUE sets it for "
                    + "one policy, KEY=VALUE for every policy that has it")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = {"-w", "--workload"}, paramLabel = "NAME|FILE", defaultValue = DEFAULT_WORKLOAD,
            description = "a built-in scenario (see scx list) or a workload file (rt-app JSON or a "
                    + "sched_switch trace). Default: ${DEFAULT-VALUE}")
    String workload;

    @Option(names = {"-t", "--topology"}, paramLabel = "NAME|FILE|host",
            description = "the simulated machine: a preset, flat-<N>, a topology JSON file, or host. Default: "
                    + DEFAULT_TOPOLOGY + ", or flat-<N> for a replayed trace that shows N CPUs")
    @Nullable String topology;

    /** How long a run lasts when neither {@code --duration} nor the workload file says. */
    static final long DEFAULT_DURATION_NS = 5_000_000_000L;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", converter = DurationConverter.class,
            description = "simulated time to run: 500ms, 10s, 2m, 1500us, 250ns. Default: the workload file's own "
                    + "length when it gives one (an rt-app file's global.duration, a replayed trace's recorded "
                    + "span), else 5s")
    @Nullable Long durationNs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "seed of the run (same seed and inputs, byte-identical outputs). Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "write a trace: Chrome trace-event JSON for ui.perfetto.dev, or ftrace text when FILE "
                    + "ends in .txt or .ftrace (or with --trace-format ftrace)")
    Path trace;

    @Option(names = "--trace-format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto (by FILE's extension), chrome or ftrace. Default: ${DEFAULT-VALUE}")
    TraceFormat traceFormat;

    @Option(names = "--json", paramLabel = "FILE", description = "write the results as JSON (docs/json-output.md)")
    Path json;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "write a self-contained HTML report with plots")
    Path report;

    /** Trace file formats. */
    enum TraceFormat { auto, chrome, ftrace }

    /** True if the trace at {@code file} is written as ftrace text. */
    boolean ftrace(Path file) {
        return switch (traceFormat) {
            case ftrace -> true;
            case chrome -> false;
            case auto -> {
                String n = file.getFileName().toString();
                yield n.endsWith(".txt") || n.endsWith(".ftrace");
            }
        };
    }
}
