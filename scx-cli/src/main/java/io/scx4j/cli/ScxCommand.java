package io.scx4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code scx}: write, compose and evaluate sched_ext-style schedulers. */
@Command(name = "scx", mixinStandardHelpOptions = true, version = "scx4j 0.1.0-SNAPSHOT",
        description = "Write, compose and evaluate schedulers in the style of Linux sched_ext.",
        subcommands = {TopologyCommand.class, CommandLine.HelpCommand.class})
public final class ScxCommand {
    /** Entry point. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ScxCommand()).execute(args));
    }
}
