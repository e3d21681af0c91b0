package io.scx4j.cli;

import io.scx4j.core.PolicyRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Runs the {@code scx} command in-process with captured output. */
record Cli(int code, String out, String err) {
    static Cli run(String... args) {
        return run(PolicyRegistry::load, args);
    }

    static Cli run(Supplier<PolicyRegistry> registries, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ScxCommand.commandLine(registries);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }
}
