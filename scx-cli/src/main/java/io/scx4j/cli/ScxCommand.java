package io.scx4j.cli;

import io.scx4j.topology.TopologyException;
import io.scx4j.core.PolicyRegistry;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;

/**
 * {@code scx}: write, compose and evaluate sched_ext-style schedulers. Subcommands {@code run}, {@code compare},
 * {@code list}, {@code topology}.
 *
 * <p>Exit status: 0 for a completed command (a run whose policy was ejected completed: the ejection is a result),
 * 2 for bad usage or bad input, reported as one line on stderr without a stack trace, 1 for a bug (with its stack
 * trace).
 */
@Command(name = "scx", mixinStandardHelpOptions = true, version = "scx4j 0.1.0-SNAPSHOT",
        description = "Write, compose and evaluate schedulers in the style of Linux sched_ext.",
        subcommands = {RunCommand.class, CompareCommand.class, ListCommand.class, TopologyCommand.class,
                CommandLine.HelpCommand.class})
public final class ScxCommand {
    /** The exit status for bad usage or input. */
    public static final int EXIT_USAGE = 2;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The {@code scx} command line with its error handling: user errors are one line and exit status 2. */
    public static CommandLine commandLine() {
        return commandLine(PolicyRegistry::load);
    }

    /** The {@code scx} command line with policies from {@code registries} instead of ServiceLoader discovery. */
    public static CommandLine commandLine(Supplier<PolicyRegistry> registries) {
        IFactory defaults = CommandLine.defaultFactory();
        IFactory factory = new IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = defaults.create(type);
                if (made instanceof PolicyCommand u) {
                    u.useRegistry(registries);
                }
                return made;
            }
        };
        CommandLine cl = new CommandLine(new ScxCommand(), factory);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(prefix(c) + oneLine(ex.getMessage()) + " (see " + c.getCommandSpec().qualifiedName()
                    + " --help)");
            c.getErr().flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof UserError || ex instanceof IllegalArgumentException || ex instanceof TopologyException
                    || ex instanceof UncheckedIOException) {
                c.getErr().println(prefix(c) + oneLine(ex.getMessage()));
                c.getErr().flush();
                return EXIT_USAGE;
            }
            throw ex;
        });
        return cl;
    }

    private static String prefix(CommandLine c) {
        return c.getCommandSpec().qualifiedName() + ": ";
    }

    /** The first line of {@code message}. */
    static String oneLine(String message) {
        if (message == null) {
            return "error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
