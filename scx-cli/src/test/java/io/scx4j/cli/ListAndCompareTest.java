package io.scx4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListAndCompareTest {
    @Test
    void listShowsSimpleAndCentralWithTheirOptionsAndWhereTheyWereFound() {
        Cli r = Cli.run("list");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        for (String policy : List.of("fair", "simple", "central")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("  " + policy + " ")), policy + ":\n" + r.out());
        }
        // slice_us of simple: name, type, default, description (scx-lib SimplePolicyProvider)
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+slice_us\\s+long\\s+default 20000\\s+\\S.*")),
                r.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("found in:") && l.contains("scx-lib")
                || l.contains("found in:") && l.contains("io.scx4j.lib")), r.out());
        assertTrue(r.out().contains("cpu-mix"), "scenarios");
        assertTrue(r.out().contains("intel-hybrid-8p8e"), "topology presets");
    }

    @Test
    void compareShowsEachGroupWithAColumnPerPolicy() {
        Cli r = Cli.run("compare", "--policies", "fair,simple", "--topology", "flat-4", "--duration", "100ms");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        String head = lines.stream().filter(l -> l.startsWith("group")).findFirst().orElseThrow();
        assertTrue(head.matches("group\\s+metric\\s+fair\\s+simple"), head);
        for (String group : List.of("batch", "interactive", "render")) {
            String row = lines.stream().filter(l -> l.startsWith(group + " ")).findFirst().orElseThrow();
            assertTrue(row.matches(group + "\\s+p50\\s+\\S+ \\S?s\\s+\\S+ \\S?s"), row);
        }
        assertTrue(lines.stream().anyMatch(l -> l.matches("machine\\s+CPU util\\s+[\\d.]+%\\s+[\\d.]+%")), r.out());
    }

    @Test
    void compareGivesAPolicyPrefixedOptionToThatPolicyOnly() {
        Cli bad = Cli.run("compare", "--policies", "fair,simple", "--option", "fair.slice_us=5", "--duration",
                "10ms");
        assertEquals(2, bad.code(), "fair has no slice_us: " + bad.out());
        Cli ok = Cli.run("compare", "--policies", "fair,simple", "--option", "simple.slice_us=5000",
                "--topology", "flat-2", "--duration", "10ms");
        assertEquals(0, ok.code(), ok.err());
    }
}
