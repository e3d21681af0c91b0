package io.scx4j.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChromeTraceSinkTest {
    private static final long MS = 1_000_000L;
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
        assertEquals(1, x.get("tid").asInt(), "CPU 0's track is tid 1: tid 0 is the idle thread in Perfetto");
        assertEquals(ChromeTraceSink.CPUS_PID, x.get("pid").asInt());
        assertEquals(0, x.get("args").get("cpu").asInt());
        assertEquals("hog", x.get("args").get("comm").asText());
        assertTrue(ev.stream().anyMatch(n -> n.get("ph").asText().equals("M") && n.get("tid").asInt() == 1
                && n.get("name").asText().equals("thread_name") && n.get("args").get("name").asText().equals("CPU 0")));
    }

    @Test
    void everyCpuTrackIsTidCpuPlusOneNamedCpuN() throws Exception {
        List<JsonNode> ev = events("flat-4", 10_000_000, TaskSpec.of("a", Step.run(MS), Step.sleep(MS)),
                TaskSpec.of("b", Step.run(MS), Step.sleep(2 * MS)), TaskSpec.of("c", Step.run(3 * MS), Step.sleep(MS)));
        for (int cpu = 0; cpu < 4; cpu++) {
            int c = cpu;
            assertEquals(1, ev.stream().filter(n -> n.get("name").asText().equals("thread_name")
                    && n.get("tid").asInt() == c + 1 && n.get("args").get("name").asText().equals("CPU " + c)).count());
        }
        for (JsonNode n : ev) {
            String ph = n.get("ph").asText();
            if (ph.equals("X") || (ph.equals("i") && n.get("name").asText().equals("wakeup")) || ph.equals("C")) {
                assertEquals(n.has("args") && n.get("args").has("cpu") ? n.get("args").get("cpu").asInt() + 1
                        : Integer.parseInt(n.get("name").asText().split(" ")[1]) + 1, n.get("tid").asInt(), n.toString());
            }
        }
    }

    @Test
    void aSemaphorePostFromARunningTaskIsAFlowFromItsSliceToTheWaitersNextSlice() throws Exception {
        // flat-2, ideal machine: the waiter blocks at once; the poster runs 0-4 ms, posts at 4 ms and runs on to
        // 6 ms; the waiter runs 4-5 ms on the other CPU. One flow: start at 4 ms inside the poster's slice,
        // finish at 4 ms, the start of the waiter's slice.
        List<JsonNode> ev = events("flat-2", 10_000_000,
                TaskSpec.of("waiter", new Step.SemWait("s"), Step.run(MS)).repeating(1),
                TaskSpec.of("poster", Step.run(4 * MS), new Step.SemPost("s"), Step.run(2 * MS)).repeating(1));
        assertEquals(List.of("0.0+6000.0"), slices(ev, "poster"));
        assertEquals(List.of("4000.0+1000.0"), slices(ev, "waiter"));
        List<JsonNode> starts = phase(ev, "s");
        List<JsonNode> finishes = phase(ev, "f");
        assertEquals(1, starts.size());
        assertEquals(1, finishes.size());
        JsonNode s = starts.get(0);
        JsonNode f = finishes.get(0);
        assertEquals("4000.0", s.get("ts").asText());
        assertEquals("4000.0", f.get("ts").asText());
        assertEquals(s.get("id").asLong(), f.get("id").asLong());
        assertEquals("e", f.get("bp").asText(), "the finish binds to the enclosing slice");
        assertEquals(tidOf(ev, "poster"), s.get("tid").asInt());
        assertEquals(tidOf(ev, "waiter"), f.get("tid").asInt());
        assertEquals("wakeup", s.get("cat").asText());
        assertEquals("wakeup", f.get("cat").asText());
        assertEquals("wakeup", s.get("name").asText(), "a semaphore post is no WF_SYNC wake-up");
    }

    @Test
    void aPipeWriteWakesItsReaderWithWfSyncAndTheFlowSaysSync() throws Exception {
        // the same timing as the semaphore post above, through a pipe: the writer's wake-up of the blocked reader
        // carries WF_SYNC (the pipe's __wake_up_sync_key), and both ends of the flow are named "wakeup (sync)"
        List<JsonNode> ev = events("flat-2", 10_000_000,
                TaskSpec.of("reader", new Step.PipeRead("p"), Step.run(MS)).repeating(1),
                TaskSpec.of("writer", Step.run(4 * MS), new Step.PipeWrite("p"), Step.run(2 * MS)).repeating(1));
        List<JsonNode> starts = phase(ev, "s");
        List<JsonNode> finishes = phase(ev, "f");
        assertEquals(1, starts.size());
        assertEquals("4000.0", starts.get(0).get("ts").asText());
        assertEquals(tidOf(ev, "writer"), starts.get(0).get("tid").asInt());
        assertEquals("wakeup (sync)", starts.get(0).get("name").asText());
        assertEquals("wakeup (sync)", finishes.get(0).get("name").asText());
        assertEquals("wakeup", starts.get(0).get("cat").asText());
    }

    @Test
    void aWakerThatSleepsAtTheInstantItPostsStartsTheFlowOneNanosecondBeforeItsSliceEnds() throws Exception {
        List<JsonNode> ev = events("flat-2", 10_000_000,
                TaskSpec.of("waiter", new Step.SemWait("s"), Step.run(MS)).repeating(1),
                TaskSpec.of("poster", Step.run(4 * MS), new Step.SemPost("s"), Step.sleep(MS)).repeating(1));
        assertEquals(List.of("0.0+4000.0"), slices(ev, "poster"));
        List<JsonNode> starts = phase(ev, "s");
        assertEquals(1, starts.size());
        assertEquals("3999.999", starts.get(0).get("ts").asText(), "inside [0, 4000): a slice's end is not in it");
        assertEquals("4000.0", phase(ev, "f").get(0).get("ts").asText());
    }

    @Test
    void aWakerWhoseSliceIsEmptyDrawsNoFlowOnlyTheInstant() throws Exception {
        // the poster posts and sleeps at the very instant it first runs: its slice [0, 0) is not written
        List<JsonNode> ev = events("flat-2", 10_000_000,
                TaskSpec.of("waiter", Step.run(2 * MS), new Step.SemWait("s"), Step.run(MS)).repeating(1),
                TaskSpec.of("poster", Step.sleep(3 * MS), new Step.SemPost("s"), Step.sleep(MS)).repeating(1));
        assertEquals(List.of(), slices(ev, "poster"));
        assertEquals(0, phase(ev, "s").size());
        assertEquals(0, phase(ev, "f").size());
    }

    @Test
    void inAPingPongPipelineEveryFlowStartHasOneFinishAndBothLieInsideSlicesOfTheirTracks() throws Exception {
        // three stages handing work on through semaphores, plus hogs that make them queue and migrate
        List<JsonNode> ev = events("flat-3", 200_000_000,
                TaskSpec.of("a", Step.run(MS / 3), new Step.SemPost("ab"), new Step.SemWait("ca")),
                TaskSpec.of("b", new Step.SemWait("ab"), Step.run(MS / 2), new Step.SemPost("bc")),
                TaskSpec.of("c", new Step.SemWait("bc"), Step.run(MS / 5), new Step.SemPost("ca")),
                TaskSpec.of("hog1", Step.run(7 * MS), Step.sleep(3 * MS)),
                TaskSpec.of("hog2", Step.run(5 * MS), Step.sleep(MS)));
        Map<Long, JsonNode> starts = new HashMap<>();
        for (JsonNode s : phase(ev, "s")) {
            assertNull(starts.put(s.get("id").asLong(), s), "flow ids are unique");
        }
        Map<Long, JsonNode> finishes = new HashMap<>();
        for (JsonNode f : phase(ev, "f")) {
            assertNull(finishes.put(f.get("id").asLong(), f), "one finish per flow");
        }
        assertTrue(starts.size() > 100, "a busy pipeline: " + starts.size() + " flows");
        assertEquals(starts.keySet(), finishes.keySet(), "every start has its finish and every finish its start");
        for (long id : starts.keySet()) {
            JsonNode s = starts.get(id);
            JsonNode f = finishes.get(id);
            assertTrue(ns(s) <= ns(f), "a flow goes forward in time: " + s + " " + f);
            assertTrue(insideASlice(ev, s.get("tid").asInt(), ns(s)), "start inside a slice: " + s);
            assertTrue(insideASlice(ev, f.get("tid").asInt(), ns(f)), "finish inside a slice: " + f);
        }
    }

    @Test
    void aWakerThatKeepsRunningHasItsFlowsWrittenAsTheWakeesSlicesCloseNotAtTheEnd() throws Exception {
        // flat-2, ideal machine: the producer has a CPU to itself and runs one slice for the whole 50 ms, posting
        // every ms; the consumer runs 0.2 ms per post on the other CPU. Its flows cannot wait for the producer's
        // slice to close (that is the run's end): each pair is written when the consumer's slice closes.
        Engine e = new Engine(TopologyPresets.get("flat-2"), EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addWorkload(Workload.of("t", TaskSpec.of("producer", Step.run(MS), new Step.SemPost("s")),
                TaskSpec.of("consumer", new Step.SemWait("s"), Step.run(MS / 5))));
        StringWriter w = new StringWriter();
        ChromeTraceSink sink = new ChromeTraceSink(w, 2);
        e.addSink(sink);
        e.runUntil(50 * MS);
        sink.flush();
        int before = w.toString().split("\"ph\":\"s\"", -1).length - 1;
        sink.finish(50 * MS);
        List<JsonNode> ev = new ArrayList<>();
        JSON.readTree(w.toString()).get("traceEvents").forEach(ev::add);
        assertEquals(List.of("0.0+50000.0"), slices(ev, "producer"));
        assertEquals(49, phase(ev, "s").size(), "posts at 1..49 ms; the one at 50 ms has no consumer slice yet");
        assertEquals(49, before, "all of them written before the producer's slice closed");
    }

    private static long ns(JsonNode event) {
        return new BigDecimal(event.get("ts").asText()).movePointRight(3).longValueExact();
    }

    private static boolean insideASlice(List<JsonNode> events, int tid, long tsNs) {
        return events.stream().anyMatch(n -> n.get("ph").asText().equals("X") && n.get("tid").asInt() == tid
                && ns(n) <= tsNs && tsNs < ns(n) + new BigDecimal(n.get("dur").asText()).movePointRight(3)
                        .longValueExact());
    }

    private static List<JsonNode> phase(List<JsonNode> events, String ph) {
        return events.stream().filter(n -> n.get("ph").asText().equals(ph)).toList();
    }

    private static int tidOf(List<JsonNode> events, String comm) {
        return events.stream().filter(n -> n.get("ph").asText().equals("X") && n.get("name").asText().equals(comm))
                .findFirst().orElseThrow().get("tid").asInt();
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
