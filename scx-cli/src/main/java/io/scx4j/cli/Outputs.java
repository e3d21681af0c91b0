package io.scx4j.cli;

import io.scx4j.core.RunResult;
import io.scx4j.core.report.HtmlReport;
import io.scx4j.core.report.RunJson;
import io.scx4j.core.report.RunLabel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Writes the {@code --json} and {@code --report} files of one or more runs. */
final class Outputs {
    private Outputs() {}

    static void write(RunOptions opts, RunLabel label, List<Simulation.Outcome> outcomes, boolean several,
            PrintWriter status) {
        List<RunResult> results = outcomes.stream().map(Simulation.Outcome::result).toList();
        if (opts.json != null) {
            try (PrintWriter w = Simulation.open(opts.json)) {
                if (several) {
                    RunJson.writeAll(results, Collections.nCopies(results.size(), label), w);
                } else {
                    RunJson.write(results.get(0), label, w);
                }
            }
            status.println("wrote " + opts.json);
        }
        if (opts.report != null) {
            List<HtmlReport.Run> runs = new ArrayList<>();
            for (Simulation.Outcome o : outcomes) {
                runs.add(new HtmlReport.Run(o.result(), o.slices()));
            }
            try (PrintWriter w = Simulation.open(opts.report)) {
                HtmlReport.write(label, runs, w);
            }
            status.println("wrote " + opts.report);
        }
    }

    static @Nullable Path trace(RunOptions opts, String policy, boolean several) {
        if (opts.trace == null) {
            return null;
        }
        return several ? Simulation.perPolicy(opts.trace, policy) : opts.trace;
    }
}
