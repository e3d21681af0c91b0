package io.scx4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's "done when": the Chrome trace read back is physically possible (no CPU runs two tasks at once, no task
 * runs on two CPUs at once, every slice lies inside the run), agrees with --json (a task's runtime is the sum of
 * its slices within 1 µs), and the same seed writes the same bytes.
 */
class TraceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RUN_NS = 300_000_000L;

    @TempDir
    Path dir;

    record Slice(int cpu, int pid, long startNs, long endNs) {}

    /** "1234.567" µs → 1234567 ns, exactly. */
    private static long ns(JsonNode micros) {
        return new BigDecimal(micros.asText()).movePointRight(3).longValueExact();
    }

    private List<Slice> slices(Path trace) throws Exception {
        JsonNode root = JSON.readTree(trace.toFile());
        List<Slice> out = new ArrayList<>();
        for (JsonNode e : root.get("traceEvents")) {
            if (e.get("ph").asText().equals("X")) {
                assertEquals("sched", e.get("cat").asText());
                JsonNode args = e.get("args");
                assertEquals(e.get("tid").asInt(), args.get("cpu").asInt() + 1, "a slice sits on its CPU's track");
                assertEquals(e.get("name").asText(), args.get("comm").asText());
                long start = ns(e.get("ts"));
                out.add(new Slice(args.get("cpu").asInt(), args.get("pid").asInt(), start, start + ns(e.get("dur"))));
            }
        }
        return out;
    }

    private Cli run(String policy, Path trace, Path json, String seed) {
        Cli r = Cli.run("run", "--policy", policy, "--topology", "smt-desktop-8c16t", "--duration", "300ms",
                "--seed", seed, "--trace", trace.toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        return r;
    }

    private static void assertNoOverlap(List<Slice> slices, java.util.function.ToIntFunction<Slice> key,
            String what) {
        Map<Integer, List<Slice>> by = new HashMap<>();
        for (Slice s : slices) {
            by.computeIfAbsent(key.applyAsInt(s), k -> new ArrayList<>()).add(s);
        }
        for (var e : by.entrySet()) {
            List<Slice> l = e.getValue();
            l.sort(Comparator.comparingLong(Slice::startNs));
            for (int i = 1; i < l.size(); i++) {
                assertTrue(l.get(i - 1).endNs() <= l.get(i).startNs(),
                        what + " " + e.getKey() + ": " + l.get(i - 1) + " overlaps " + l.get(i));
            }
        }
    }

    private void checkTraceAgainstJson(String policy) throws Exception {
        Path trace = dir.resolve(policy + ".json");
        Path json = dir.resolve(policy + "-result.json");
        run(policy, trace, json, "1");
        List<Slice> slices = slices(trace);
        assertTrue(slices.size() > 300, "a 300 ms run of cpu-mix on 16 CPUs switches hundreds of times: " + slices.size());
        for (Slice s : slices) {
            assertTrue(s.startNs() >= 0 && s.startNs() < s.endNs() && s.endNs() <= RUN_NS, "outside the run: " + s);
        }
        assertNoOverlap(slices, Slice::cpu, "CPU");
        assertNoOverlap(slices, Slice::pid, "task");

        JsonNode result = JSON.readTree(json.toFile());
        assertEquals(RUN_NS, result.get("duration_ns").asLong());
        Map<Integer, Long> sum = new HashMap<>();
        for (Slice s : slices) {
            sum.merge(s.pid(), s.endNs() - s.startNs(), Long::sum);
        }
        long total = 0;
        for (JsonNode t : result.get("tasks")) {
            long runtime = t.get("runtime_ns").asLong();
            long traced = sum.getOrDefault(t.get("pid").asInt(), 0L);
            assertTrue(Math.abs(runtime - traced) <= 1_000, t.get("comm").asText() + ": runtime_ns " + runtime
                    + " but slices sum to " + traced);
            total += runtime;
        }
        long busy = 0;
        for (JsonNode c : result.get("cpus")) {
            busy += c.get("busy_ns").asLong();
            assertEquals(RUN_NS, c.get("busy_ns").asLong() + c.get("idle_ns").asLong());
        }
        assertEquals(busy, total, "CPU busy time is task runtime");
    }

    @Test
    void underFairTheTraceIsPhysicallyPossibleAndAgreesWithTheJson() throws Exception {
        checkTraceAgainstJson("fair");
    }

    @Test
    void underSimpleTheTraceIsPhysicallyPossibleAndAgreesWithTheJson() throws Exception {
        checkTraceAgainstJson("simple");
    }

    @Test
    void underCentralTheTraceIsPhysicallyPossibleAndAgreesWithTheJson() throws Exception {
        checkTraceAgainstJson("central");
    }

    @Test
    void theSameSeedWritesByteIdenticalJsonAndTraces() throws Exception {
        run("simple", dir.resolve("a.json"), dir.resolve("a-r.json"), "7");
        run("simple", dir.resolve("b.json"), dir.resolve("b-r.json"), "7");
        run("simple", dir.resolve("a.txt"), dir.resolve("a-r2.json"), "7");
        run("simple", dir.resolve("b.txt"), dir.resolve("b-r2.json"), "7");
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.json")), Files.readAllBytes(dir.resolve("b.json")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a-r.json")), Files.readAllBytes(dir.resolve("b-r.json")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.txt")), Files.readAllBytes(dir.resolve("b.txt")));
    }

    @Test
    void anotherSeedOrdersSameTimeEventsDifferently() throws Exception {
        run("simple", dir.resolve("a.json"), dir.resolve("a-r.json"), "1");
        run("simple", dir.resolve("b.json"), dir.resolve("b-r.json"), "2");
        assertFalse(Files.readString(dir.resolve("a.json")).equals(Files.readString(dir.resolve("b.json"))));
    }

    private static final Pattern SWITCH = Pattern.compile(
            "^\\s+(\\S+)-(\\d+) +\\[(\\d{3})] d\\.\\.2\\. (\\d+\\.\\d{9}): sched_switch: prev_comm=(\\S+) prev_pid=(\\d+) "
                    + "prev_prio=(\\d+) prev_state=(\\S+) ==> next_comm=(\\S+) next_pid=(\\d+) next_prio=(\\d+)$");
    private static final Pattern WAKING = Pattern.compile(
            "^\\s+(\\S+)-(\\d+) +\\[(\\d{3})] dN\\.2\\. (\\d+\\.\\d{9}): sched_waking: comm=(\\S+) pid=(\\d+) prio=(\\d+) "
                    + "target_cpu=(\\d{3})$");

    @Test
    void theFtraceFormHasKernelShapedSwitchAndWakingLinesThatChainPerCpu() throws Exception {
        Path trace = dir.resolve("t.ftrace");
        run("simple", trace, dir.resolve("r.json"), "1");
        Map<Integer, Integer> current = new HashMap<>();
        long switches = 0, wakings = 0, preempted = 0, slept = 0;
        for (String line : Files.readAllLines(trace)) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SWITCH.matcher(line);
            if (m.matches()) {
                switches++;
                int cpu = Integer.parseInt(m.group(3));
                int prevPid = Integer.parseInt(m.group(6));
                assertEquals(current.getOrDefault(cpu, 0), prevPid, "prev of a switch is what last switched in: "
                        + line);
                assertEquals(m.group(2), m.group(6), "the line's task is prev: " + line);
                current.put(cpu, Integer.parseInt(m.group(10)));
                if (prevPid == 0) {
                    assertEquals("swapper/" + cpu, m.group(5));
                }
                preempted += m.group(8).equals("R+") ? 1 : 0;
                slept += m.group(8).equals("S") ? 1 : 0;
                continue;
            }
            assertTrue(WAKING.matcher(line).matches(), "neither sched_switch nor sched_waking: " + line);
            wakings++;
        }
        assertTrue(switches > 300 && wakings > 100, switches + " switches, " + wakings + " wakings");
        assertTrue(preempted > 0 && slept > 0, "batch tasks are preempted (R+), interactive ones sleep (S): "
                + preempted + " / " + slept);
    }

    @Test
    void hackbenchsWakeStormsAreFlowsWhoseEveryStartHasOneFinishOnTheSameOrALaterInstant() throws Exception {
        Path trace = dir.resolve("hackbench.json");
        Cli r = Cli.run("run", "--policy", "simple", "--workload", "hackbench", "--topology", "flat-4", "--duration",
                "50ms", "--trace", trace.toString());
        assertEquals(0, r.code(), r.err());
        Map<Long, Long> startNs = new HashMap<>();
        Map<Long, Long> finishNs = new HashMap<>();
        for (JsonNode e : JSON.readTree(trace.toFile()).get("traceEvents")) {
            String ph = e.get("ph").asText();
            if (ph.equals("s") || ph.equals("f")) {
                assertEquals("wakeup", e.get("cat").asText());
                assertTrue(e.get("tid").asInt() >= 1, "flows sit on CPU tracks: " + e);
                Long before = (ph.equals("s") ? startNs : finishNs).put(e.get("id").asLong(), ns(e.get("ts")));
                assertEquals(null, before, "one " + ph + " per flow id: " + e);
            }
        }
        assertTrue(startNs.size() > 50, "hackbench's senders wake receivers: " + startNs.size() + " flows");
        assertEquals(startNs.keySet(), finishNs.keySet());
        startNs.forEach((id, s) -> assertTrue(s <= finishNs.get(id), "flow " + id + " goes back in time"));
    }
}
