package io.scx4j.cli;

import io.scx4j.topology.Cpu;
import io.scx4j.topology.SysfsTopologyReader;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyException;
import io.scx4j.topology.TopologyJson;
import io.scx4j.topology.TopologyPresets;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scx topology [NAME|FILE|host]}: show a machine's topology. */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Show a topology: this machine's (host, the default), a preset by NAME, or a JSON FILE.")
final class TopologyCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = "host", paramLabel = "NAME|FILE|host",
            description = "host, a preset (${COMPLETION-CANDIDATES}), flat-<N>, or a topology JSON file")
    String source;

    @Option(names = "--json", description = "print the topology as JSON (the format FILE takes)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Topology t;
        try {
            t = load(source);
        } catch (TopologyException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("scx topology: " + e.getMessage());
            return 2;
        }
        if (json) {
            out.println(TopologyJson.toJson(t));
            return 0;
        }
        out.println(t);
        out.printf("%-5s %-5s %-4s %-5s %-4s %-8s %-6s %s%n", "cpu", "core", "llc", "node", "pkg", "capacity", "kind",
                "max MHz");
        for (Cpu c : t.cpus()) {
            out.printf("%-5d %-5d %-4d %-5d %-4d %-8d %-6s %s%n", c.id(), c.coreId(), c.llcId(), c.nodeId(),
                    c.packageId(), c.capacity(), c.kind().name().toLowerCase().substring(0, Math.min(4, c.kind().name().length())),
                    c.maxFreqKhz() == 0 ? "?" : Long.toString(c.maxFreqKhz() / 1000));
        }
        return 0;
    }

    /** host, a preset name, or a JSON file. */
    static Topology load(String source) {
        if (source.equals("host")) {
            return SysfsTopologyReader.readLive();
        }
        Path path = Path.of(source);
        if (Files.isRegularFile(path)) {
            return TopologyJson.read(path);
        }
        return TopologyPresets.get(source);
    }
}
