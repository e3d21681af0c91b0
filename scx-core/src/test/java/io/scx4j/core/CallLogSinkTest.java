package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scx4j.api.Dsq;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.TopologyPresets;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallLogSinkTest {
    static final long MS = 1_000_000L;

    /** Spreads wake-ups over the CPUs by the engine's idle picker; the seed changes tie order and so the log. */
    static SchedOps spreading() {
        return new SchedOps() {
            @Override
            public String name() {
                return "spread";
            }

            @Override
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                var r = Scx.current().selectCpuDfl(p, prevCpu, wakeFlags);
                if (r.idle()) {
                    Scx.current().dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, 0);
                }
                return r.cpu();
            }
        };
    }

    static String log(long seed) {
        StringWriter out = new StringWriter();
        CallLogSink sink = new CallLogSink(out);
        Engine e = new Engine(TopologyPresets.get("smt-desktop-8c16t"), EngineConfig.defaults().withSeed(seed));
        e.addSink(sink);
        e.addWorkload(new Workload("w", Workload.copies(24,
                TaskSpec.of("t", Step.run(3 * MS), Step.sleep(2 * MS), Step.run(1 * MS), Step.sleep(5 * MS)))));
        e.load(spreading());
        e.runUntil(200 * MS);
        assertEquals(List.of(), e.exits(), "the policy ran to the end");
        sink.flush();
        return out.toString();
    }

    @Test
    void theSameSeedGivesAByteIdenticalCallLog() {
        String a = log(42);
        String b = log(42);
        assertTrue(a.length() > 10_000, "the log has content: " + a.length());
        assertEquals(a, b);
    }

    @Test
    void anotherSeedGivesAnotherCallLog() {
        assertNotEquals(log(1), log(2));
    }

    @Test
    void eachLineIsOneJsonObjectWithTheCallsFields() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = log(7).lines().limit(200).toList();
        for (String line : lines) {
            JsonNode n = json.readTree(line);
            assertEquals(List.of("time", "cpu", "kind", "op", "pid", "args", "result"),
                    iterable(n.fieldNames()), line);
            String kind = n.get("kind").asText();
            // the engine logs only the callbacks a policy implements; "spread" implements select_cpu alone
            assertTrue(kind.equals("op") ? n.get("op").asText().equals("select_cpu")
                    : kind.equals("kfunc") && n.get("op").asText().startsWith("scx_bpf_"), line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"op\":\"select_cpu\"")));
    }

    @Test
    void helpersThePolicyCallsAreLoggedWithTheirTaskArgumentsAndResult() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> calls = new java.util.ArrayList<>();
        for (String line : log(7).lines().limit(400).toList()) {
            calls.add(json.readTree(line));
        }
        // each select_cpu line is preceded by the select_cpu_dfl call it made, for the same task, whose result
        // names the CPU select_cpu returned
        int checked = 0;
        for (int i = 1; i < calls.size(); i++) {
            JsonNode op = calls.get(i);
            if (!op.get("kind").asText().equals("op")) {
                continue;
            }
            int j = i - 1;
            while (!calls.get(j).get("op").asText().equals("scx_bpf_select_cpu_dfl")) {
                assertEquals("scx_bpf_dsq_insert", calls.get(j).get("op").asText(), "only an insert in between");
                j--;
            }
            JsonNode dfl = calls.get(j);
            assertEquals(op.get("pid").asInt(), dfl.get("pid").asInt());
            assertTrue(dfl.get("result").asText().startsWith("SelectCpuResult[cpu=" + op.get("result").asText() + ","),
                    dfl + " then " + op);
            checked++;
        }
        assertTrue(checked > 20, "select_cpu calls checked: " + checked);
        assertTrue(calls.stream().anyMatch(c -> c.get("op").asText().equals("scx_bpf_dsq_insert")
                && c.get("args").asText().startsWith(Dsq.LOCAL + ", ") && c.get("result").asText().equals("true")),
                "a direct dispatch to SCX_DSQ_LOCAL is logged");
    }

    @Test
    void helpersCalledThroughTheScxKeptFromInitAreLoggedToo() {
        StringWriter out = new StringWriter();
        CallLogSink sink = new CallLogSink(out);
        Engine e = new Engine(TopologyPresets.get("flat-2"), EngineConfig.defaults());
        e.addSink(sink);
        e.addWorkload(new Workload("w", List.of(TaskSpec.of("t", Step.run(1 * MS), Step.sleep(1 * MS)))));
        int loaded = e.load(new SchedOps() {
            Scx kept;

            @Override
            public String name() {
                return "keeps_init_scx";
            }

            @Override
            public int init(Scx scx) {
                kept = scx;
                return 0;
            }

            @Override
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                return prevCpu; // no direct dispatch: every wake-up reaches enqueue
            }

            @Override
            public void enqueue(Task p, long enqFlags) {
                kept.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
                kept.kickCpu(1, 0);
            }
        });
        assertEquals(0, loaded);
        e.runUntil(20 * MS);
        sink.flush();
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"op\":\"scx_bpf_kick_cpu\"")), "kick logged");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"op\":\"scx_bpf_dsq_insert\"")), "insert logged");
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
