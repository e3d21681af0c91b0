package io.scx4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.Dsq;
import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyOption;
import io.scx4j.api.PolicyProvider;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.core.PolicyRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit status 0 for a completed run (ejection included), 2 with one line on stderr for every user mistake. */
class ExitStatusTest {
    @TempDir
    Path dir;

    private static void assertOneLineError(Cli r, String... fragments) {
        assertEquals(2, r.code(), r.err());
        String e = r.err().strip();
        assertEquals(1, e.lines().count(), "one line expected: " + e);
        assertTrue(!e.contains("Exception") && !e.contains("\tat "), "no stack trace: " + e);
        for (String f : fragments) {
            assertTrue(e.contains(f), "'" + f + "' missing from: " + e);
        }
    }

    @Test
    void aCompletedRunExitsZeroAndPrintsTheGroupTable() {
        Cli r = Cli.run("run", "--policy", "simple", "--topology", "flat-4", "--duration", "50ms");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("policy simple on flat-4 (4 CPUs), workload cpu-mix"), r.out());
        for (String group : List.of("batch", "interactive", "render")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(group + " ")), group + " row missing:\n" + r.out());
        }
    }

    @Test
    void anUnknownPolicyIsOneLineListingTheKnownOnes() {
        assertOneLineError(Cli.run("run", "--policy", "nosuch", "--duration", "1ms"),
                "scx run:", "unknown policy 'nosuch'", "central", "fair", "simple");
    }

    @Test
    void aBadOptionValueSaysWhichTypeWasExpected() {
        assertOneLineError(Cli.run("run", "--policy", "simple", "--option", "slice_us=soon", "--duration", "1ms"),
                "slice_us", "soon", "expected");
    }

    @Test
    void anOptionThePolicyDoesNotHaveIsOneLine() {
        assertOneLineError(Cli.run("run", "--policy", "simple", "--option", "nosuch=1", "--duration", "1ms"),
                "nosuch");
    }

    @Test
    void anUnknownWorkloadListsTheScenarios() {
        assertOneLineError(Cli.run("run", "--workload", "nosuch", "--duration", "1ms"),
                "unknown workload 'nosuch'", "cpu-mix");
    }

    @Test
    void aMissingWorkloadFileIsNamed() {
        assertOneLineError(Cli.run("run", "--workload", dir.resolve("gone.json").toString()), "gone.json",
                "no such workload file");
    }

    @Test
    void aBadDurationSaysWhatADurationLooksLike() {
        assertOneLineError(Cli.run("run", "--duration", "10 parsecs"), "--duration", "500ms");
    }

    @Test
    void anUnknownFlagIsOneLine() {
        assertOneLineError(Cli.run("run", "--frobnicate"), "--frobnicate");
    }

    @Test
    void anUnknownTopologyListsThePresets() {
        assertOneLineError(Cli.run("run", "--topology", "no-such-box", "--duration", "1ms"), "smt-desktop-8c16t");
    }

    @Test
    void anOutputInAMissingDirectoryFailsBeforeTheRun() {
        assertOneLineError(Cli.run("run", "--json", dir.resolve("no/such/dir/r.json").toString()),
                "does not exist");
    }

    @Test
    void compareRejectsAnOptionNoComparedPolicyHas() {
        assertOneLineError(Cli.run("compare", "--policies", "fair,simple", "--option", "nosuch=1", "--duration",
                "1ms"), "nosuch", "fair, simple");
    }

    @Test
    void everySubcommandHasHelp() {
        for (String cmd : List.of("run", "compare", "list", "topology")) {
            Cli r = Cli.run(cmd, "--help");
            assertEquals(0, r.code(), cmd);
            assertTrue(r.out().startsWith("Usage: scx " + cmd), r.out());
        }
    }

    /** Inserts every task into a DSQ that was never created: the kernel ejects such a policy. */
    static final class BogusDsqPolicy implements SchedOps {
        @Override
        public String name() {
            return "bogus";
        }

        @Override
        public void enqueue(Task p, long enqFlags) {
            Scx.current().dsqInsert(p, 0x1234, Scx.SLICE_DFL, enqFlags);
        }
    }

    static PolicyRegistry withBogus() {
        PolicyProvider bogus = new PolicyProvider() {
            @Override public String name() { return "bogus"; }
            @Override public String description() { return "inserts into a DSQ that does not exist"; }
            @Override public List<PolicyOption<?>> options() { return List.of(); }
            @Override public SchedOps create(PolicyConfig config) { return new BogusDsqPolicy(); }
        };
        return new PolicyRegistry(List.of(bogus));
    }

    @Test
    void anEjectedPolicyIsAResultExitZeroPrintedProminentlyAndInTheJson() throws Exception {
        Path json = dir.resolve("r.json");
        Cli r = Cli.run(ExitStatusTest::withBogus, "run", "--policy", "bogus", "--topology", "flat-2",
                "--duration", "20ms", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("!! POLICY EJECTED: bogus"), r.out());
        String text = Files.readString(json);
        assertTrue(text.contains("\"kind\" : \"ERROR\""), text);
        assertTrue(Dsq.GLOBAL != 0x1234);
    }
}
