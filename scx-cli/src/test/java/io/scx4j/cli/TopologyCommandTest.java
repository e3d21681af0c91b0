package io.scx4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TopologyCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new ScxCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void aPresetIsPrintedWithOneLinePerCpu() {
        assertEquals(0, run("topology", "intel-hybrid-8p8e"));
        String text = out.toString();
        assertTrue(text.startsWith("intel-hybrid-8p8e: 24 CPUs"), text);
        assertEquals(1 + 1 + 24, text.lines().count());
    }

    @Test
    void anUnknownTopologyIsAOneLineErrorListingThePresets() {
        assertEquals(2, run("topology", "no-such-box"));
        String e = err.toString().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains("smt-desktop-8c16t"), e);
    }

    @Test
    void jsonOutputReadsBackAsTheSameTopology() throws Exception {
        assertEquals(0, run("topology", "--json", "amd-2ccx-16c32t"));
        var t = io.scx4j.topology.TopologyJson.read(
                new java.io.ByteArrayInputStream(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)), "out");
        assertEquals(io.scx4j.topology.TopologyPresets.get("amd-2ccx-16c32t").cpus(), t.cpus());
    }
}
