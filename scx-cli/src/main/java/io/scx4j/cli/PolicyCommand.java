package io.scx4j.cli;

import io.scx4j.core.PolicyRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand that runs or lists policies: it takes them from the registry {@link ScxCommand#commandLine(Supplier)}
 * was given (ServiceLoader discovery by default; a fixed registry in tests and embedders).
 */
abstract class PolicyCommand implements Callable<Integer> {
    private Supplier<PolicyRegistry> registries = PolicyRegistry::load;

    @Spec
    CommandSpec spec;

    final void useRegistry(Supplier<PolicyRegistry> source) {
        registries = source;
    }

    /** A registry of the policies this command may use. */
    final PolicyRegistry registry() {
        return registries.get();
    }

    /** Where the command prints its results. */
    final PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
