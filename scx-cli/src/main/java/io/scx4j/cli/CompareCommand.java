package io.scx4j.cli;

import io.scx4j.api.PolicyOption;
import io.scx4j.api.SchedOps;
import io.scx4j.core.PolicyRegistry;
import io.scx4j.core.RunResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scx compare}: one workload under several policies, side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one workload under several policies (same machine, same seed) and print the task groups' "
                + "results side by side, a column per policy.",
                "--trace FILE writes one trace per policy (trace.json -> trace-fair.json, trace-simple.json); "
                        + "--json writes {\"runs\":[...]}; --report puts every policy in one HTML file.",
                "Exit status: 0 when every run completed (ejections included), 2 for bad usage or input."})
final class CompareCommand extends PolicyCommand {
    @Option(names = {"-p", "--policies"}, paramLabel = "A,B,...", split = ",", defaultValue = "fair,simple",
            description = "the policies to compare (see scx list). Default: ${DEFAULT-VALUE}")
    List<String> policies;

    @Mixin
    RunOptions opts;

    @Override
    public Integer call() {
        PrintWriter out = out();
        Set<String> names = new LinkedHashSet<>(policies);
        if (names.size() != policies.size()) {
            throw new UserError("--policies names a policy twice: " + String.join(",", policies));
        }
        PolicyRegistry registry = registry();
        Simulation sim = new Simulation(opts, registry);
        Map<String, Map<String, String>> perPolicy = splitOptions(registry, policies, opts.options);
        List<Optional<SchedOps>> created = new ArrayList<>();
        for (String p : policies) {
            created.add(sim.create(p, perPolicy.get(p)));
        }
        List<Simulation.Outcome> outcomes = new ArrayList<>();
        List<String> traces = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            String p = policies.get(i);
            var trace = Outputs.trace(opts, p, true);
            outcomes.add(sim.run(created.get(i), trace, opts.report != null, Progress.forTerminal(p)));
            if (trace != null) {
                traces.add(trace.toString());
            }
        }
        List<RunResult> results = outcomes.stream().map(Simulation.Outcome::result).toList();
        SummaryTable.compare(out, sim.label, results);
        for (String t : traces) {
            out.println("wrote " + t);
        }
        Outputs.write(opts, sim.label, outcomes, true, out);
        out.flush();
        return 0;
    }

    /**
     * {@code POLICY.KEY=VALUE} goes to that policy; {@code KEY=VALUE} to every compared policy that declares KEY.
     */
    static Map<String, Map<String, String>> splitOptions(PolicyRegistry registry, List<String> policies,
            Map<String, String> raw) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String p : policies) {
            registry.entry(p); // unknown policy: one line listing the known ones
            out.put(p, new LinkedHashMap<>());
        }
        for (var e : raw.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            if (dot > 0) {
                String p = key.substring(0, dot);
                if (!out.containsKey(p)) {
                    throw new UserError("option '" + key + "' names policy '" + p + "', which is not compared here ("
                            + String.join(",", policies) + ")");
                }
                out.get(p).put(key.substring(dot + 1), e.getValue());
                continue;
            }
            boolean any = false;
            for (String p : policies) {
                if (registry.entry(p).options().stream().map(PolicyOption::name).anyMatch(key::equals)) {
                    out.get(p).put(key, e.getValue());
                    any = true;
                }
            }
            if (!any) {
                throw new UserError("option '" + key + "' is not an option of " + String.join(", ", policies)
                        + " (see scx list)");
            }
        }
        return out;
    }
}
