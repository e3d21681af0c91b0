package io.scx4j.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scx4j.core.Engine;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.MachineModel;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.TopologyPresets;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChromeTraceSinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> events(String topology, long runNs, TaskSpec... tasks) throws Exception {
        Engine e = new Engine(TopologyPresets.get(topology), EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addWorkload(Workload.of("t", tasks));
        StringWriter w = new StringWriter();
        ChromeTraceSink sink = new ChromeTraceSink(w, TopologyPresets.get(topology).cpus().size());
        e.addSink(sink);
        e.runUntil(runNs);
        sink.finish(runNs);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(w.toString()).get("traceEvents").forEach(out::add);
        return out;
    }

    private static List<String> slices(List<JsonNode> events, String comm) {
        return events.stream().filter(n -> n.get("ph").asText().equals("X") && n.get("name").asText().equals(comm))
                .map(n -> n.get("ts").asText() + "+" + n.get("dur").asText()).toList();
    }

    @Test
    void aHogAloneOnOneCpuIsOneSliceCoveringTheWholeRunClosedByFinish() throws Exception {
        List<JsonNode> ev = events("flat-1", 10_000_000, TaskSpec.of("hog", Step.run(1_000_000_000L)));
        assertEquals(List.of("0.0+10000.0"), slices(ev, "hog"));
        JsonNode x = ev.stream().filter(n -> n.get("ph").asText().equals("X")).findFirst().orElseThrow();
        assertEquals("sched", x.get("cat").asText());
        assertEquals(0, x.get("tid").asInt());
        assertEquals(ChromeTraceSink.CPUS_PID, x.get("pid").asInt());
        assertEquals(0, x.get("args").get("cpu").asInt());
        assertEquals("hog", x.get("args").get("comm").asText());
        assertTrue(ev.stream().anyMatch(n -> n.get("ph").asText().equals("M")
                && n.get("name").asText().equals("thread_name") && n.get("args").get("name").asText().equals("CPU 0")));
    }

    @Test
    void aTaskThatRunsOneMsAndSleepsFourIsASliceEveryFiveMsWithAWakeupInstantEach() throws Exception {
        // flat-2: the hog keeps one CPU, the sleeper finds the other idle at each wake-up: runs 0-1, 5-6 ms;
        // its wake-up at 10 ms opens a slice the run's end closes at zero length, which is not written
        List<JsonNode> ev = events("flat-2", 10_000_000, TaskSpec.of("hog", Step.run(1_000_000_000L)),
                TaskSpec.of("sleeper", Step.run(1_000_000), Step.sleep(4_000_000)));
        assertEquals(List.of("0.0+1000.0", "5000.0+1000.0"), slices(ev, "sleeper"));
        long wakeups = ev.stream().filter(n -> n.get("ph").asText().equals("i")
                && n.get("name").asText().equals("wakeup") && n.get("args").get("comm").asText().equals("sleeper"))
                .count();
        assertEquals(3, wakeups, "fork at 0, wake-ups at 5 and 10 ms");
    }

    @Test
    void aSecondHogOnOneCpuShowsUpAsAQueueLengthOfOne() throws Exception {
        List<JsonNode> ev = events("flat-1", 10_000_000, TaskSpec.of("a", Step.run(1_000_000_000L)),
                TaskSpec.of("b", Step.run(1_000_000_000L)));
        JsonNode c = ev.stream().filter(n -> n.get("ph").asText().equals("C")).findFirst().orElseThrow();
        assertEquals("CPU 0 queue", c.get("name").asText());
        assertEquals(1, c.get("args").get("nr_queued").asInt());
    }

    @Test
    void microsecondsKeepNanosecondPrecision() {
        StringWriter w = new StringWriter();
        TextOut out = new TextOut(w).micros(1_234_567).ch(' ').micros(5).ch(' ').seconds(1_500_000).ch(' ')
                .jsonString("a\"b\n");
        out.flush();
        assertEquals("1234.567 0.005 0.001500000 \"a\\\"b\\n\"", w.toString());
    }
}
