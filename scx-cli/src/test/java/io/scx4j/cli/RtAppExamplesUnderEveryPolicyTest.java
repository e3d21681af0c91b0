package io.scx4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scx4j.core.PolicyRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rt-app files of ../shared/rtapp-examples (copied into scx-core's test resources with their SOURCE.md) run
 * unchanged under every policy the registry finds: the run completes (exit 0), the policy is not ejected, and the
 * tasks that run under fair run under the policy too.
 */
class RtAppExamplesUnderEveryPolicyTest {
    static final Path EXAMPLES = Path.of("..", "scx-core", "src", "test", "resources", "rtapp");

    static Stream<Arguments> filesAndPolicies() {
        List<String> files = List.of("mp3-short.json", "tutorial_example3.json", "tutorial_example7.json");
        List<String> policies = PolicyRegistry.load().names().stream().sorted().toList();
        assertTrue(policies.containsAll(List.of("fair", "simple", "central", "lavd")), policies.toString());
        return files.stream().flatMap(f -> policies.stream().map(p -> Arguments.of(f, p)));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("filesAndPolicies")
    void anRtAppExampleRunsUnchangedUnderEveryInstalledPolicy(String file, String policy, @TempDir Path tmp)
            throws Exception {
        JsonNode under = run(file, policy, tmp.resolve("policy.json"));
        JsonNode fair = run(file, "fair", tmp.resolve("fair.json"));
        assertTrue(under.get("exit").isNull(), "no ejection: " + under.get("exit"));
        assertEquals(fair.get("tasks").size(), under.get("tasks").size());
        for (int i = 0; i < fair.get("tasks").size(); i++) {
            JsonNode f = fair.get("tasks").get(i);
            JsonNode p = under.get("tasks").get(i);
            if (f.get("runtime_ns").asLong() > 0) {
                assertTrue(p.get("runtime_ns").asLong() > 0, p.get("comm").asText() + " never ran under " + policy);
            }
        }
    }

    private static JsonNode run(String file, String policy, Path json) throws Exception {
        Cli r = Cli.run("run", "--policy", policy, "--workload", EXAMPLES.resolve(file).toString(), "--topology",
                "flat-4", "--duration", "1s", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(Files.readString(json));
    }
}
