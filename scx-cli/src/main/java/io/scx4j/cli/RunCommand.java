package io.scx4j.cli;

import io.scx4j.api.SchedOps;
import io.scx4j.core.PolicyRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scx run}: one workload under one policy on a simulated machine. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a workload under one policy on a simulated machine and print per-group wake-up latency, "
                + "runtime, waits, misses, migrations and switches.",
                "With no options: the cpu-mix scenario under fair (no sched_ext policy: the baseline every policy "
                        + "is measured against) on smt-desktop-8c16t for 5 s.",
                "Exit status: 0 when the run completed (also when the policy was ejected: that is a result), "
                        + "2 for bad usage or input."})
final class RunCommand extends PolicyCommand {
    @Option(names = {"-p", "--policy"}, paramLabel = "NAME", defaultValue = PolicyRegistry.FAIR,
            description = "the policy (see scx list). Default: ${DEFAULT-VALUE}")
    String policy;

    @Mixin
    RunOptions opts;

    @Override
    public Integer call() {
        PrintWriter out = out();
        Simulation sim = new Simulation(opts, registry());
        Optional<SchedOps> ops = sim.create(policy, opts.options);
        Path trace = Outputs.trace(opts, policy, false);
        Simulation.Outcome o = sim.run(ops, trace, opts.report != null, Progress.forTerminal(policy));
        SummaryTable.single(out, sim.label, o.result());
        if (trace != null) {
            out.println("wrote " + trace);
        }
        Outputs.write(opts, sim.label, List.of(o), false, out);
        out.flush();
        return 0;
    }
}
