package io.scx4j.cli;

import io.scx4j.api.PolicyOption;
import io.scx4j.core.PolicyRegistry;
import io.scx4j.core.workload.Scenario;
import io.scx4j.core.workload.Scenarios;
import io.scx4j.topology.TopologyPresets;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;

/** {@code scx list}: what there is to run. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the policies (with their options and where each was found), the decorators, the "
                + "built-in scenarios and the topology presets.")
final class ListCommand extends PolicyCommand {
    @Override
    public Integer call() {
        PrintWriter out = out();
        PolicyRegistry registry = registry();
        out.println("Policies (scx run --policy NAME [--option KEY=VALUE]...):");
        for (PolicyRegistry.Entry e : registry.entries()) {
            if (!e.decorator()) {
                entry(out, e);
            }
        }
        if (!registry.decoratorNames().isEmpty()) {
            out.println();
            out.println("Decorators (wrap a policy):");
            for (PolicyRegistry.Entry e : registry.entries()) {
                if (e.decorator()) {
                    entry(out, e);
                }
            }
        }
        out.println();
        out.println("Scenarios (--workload NAME):");
        for (Scenario s : Scenarios.all()) {
            out.printf("  %-20s %s%n", s.name(), s.models());
            out.printf("  %-20s asks: %s%n", "", s.question());
        }
        out.println();
        out.println("Topologies (--topology NAME; also flat-<N>, a topology JSON file, or host):");
        for (String t : TopologyPresets.names()) {
            out.printf("  %-20s %s%n", t, TopologyPresets.describe(t));
        }
        out.flush();
        return 0;
    }

    private static void entry(PrintWriter out, PolicyRegistry.Entry e) {
        out.printf("  %-20s %s%n", e.name(), e.description());
        out.printf("  %-20s found in: %s%n", "", e.location());
        for (PolicyOption<?> o : e.options()) {
            out.printf("  %-20s   %-18s %-9s default %-10s %s%n", "", o.name(), typeName(o.type()),
                    o.defaultValue(), o.doc());
        }
    }

    private static String typeName(Class<?> type) {
        if (type.isEnum()) {
            StringBuilder b = new StringBuilder();
            for (Object c : type.getEnumConstants()) {
                b.append(b.isEmpty() ? "" : "|").append(c.toString().toLowerCase(java.util.Locale.ROOT));
            }
            return b.toString();
        }
        if (type == Duration.class) {
            return "duration";
        }
        return type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
