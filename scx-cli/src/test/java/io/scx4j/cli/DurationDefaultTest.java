package io.scx4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long {@code scx run} simulates: {@code --duration} when given; otherwise an rt-app file's own
 * {@code global.duration} (seconds, rt-app's unit); otherwise 5 s. The length is read back from the JSON output's
 * {@code duration_ns}.
 */
class DurationDefaultTest {
    static final long SECOND = 1_000_000_000L;

    /** One periodic task: 1 ms of work every 10 ms (rt-app units: µs). */
    static String rtApp(String global) {
        return """
                {
                  "tasks": { "tick": { "loop": -1, "run": 1000, "timer": { "ref": "t", "period": 10000 } } },
                  "global": { %s }
                }
                """.formatted(global);
    }

    @Test
    void anRtAppFileWithGlobalDurationTwoRunsTwoSecondsWhenNoDurationIsGiven(@TempDir Path dir) throws Exception {
        assertEquals(2 * SECOND, durationNs(dir, rtApp("\"duration\": 2"), null));
    }

    @Test
    void anExplicitDurationWinsOverTheFilesGlobalDuration(@TempDir Path dir) throws Exception {
        assertEquals(SECOND / 2, durationNs(dir, rtApp("\"duration\": 2"), "500ms"));
    }

    @Test
    void anRtAppFileWithoutADurationOrWithMinusOneRunsTheDefaultFiveSeconds(@TempDir Path dir) throws Exception {
        assertEquals(5 * SECOND, durationNs(dir, rtApp("\"calibration\": 100"), null));
        assertEquals(5 * SECOND, durationNs(dir, rtApp("\"duration\": -1"), null)); // rt-app: -1 = until killed
    }

    @Test
    void theHelpSaysWhereTheDefaultDurationComesFrom() {
        Cli r = Cli.run("run", "--help");
        String help = r.out().replaceAll("\\s+", ""); // picocli wraps the description anywhere
        assertTrue(help.contains("global.duration") && help.contains("else5s"), r.out());
    }

    private static long durationNs(Path dir, String rtApp, String duration) throws Exception {
        Path file = Files.writeString(dir.resolve("w.json"), rtApp);
        Path json = dir.resolve("out.json");
        Cli r = duration == null
                ? Cli.run("run", "--workload", file.toString(), "--topology", "flat-2", "--json", json.toString())
                : Cli.run("run", "--workload", file.toString(), "--topology", "flat-2", "--duration", duration,
                        "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(json.toFile()).get("duration_ns").asLong();
    }
}
