package io.scx4j.core.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.core.Engine;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.MachineModel;
import io.scx4j.core.RunResult;
import io.scx4j.topology.TopologyPresets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** rt-app files end to end under the fallback fair class, with the full step interpreter. */
class RtAppRunTest {

    static final Path DIR = Path.of("src/test/resources/rtapp");

    static RunResult run(String file, String topology, Duration d) throws Exception {
        Engine e = new Engine(TopologyPresets.get(topology), EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addWorkload(RtAppReader.read(DIR.resolve(file)));
        return e.run(d);
    }

    @Test
    void example7sBarriersMakeANineMsLoopInWhichTask0RunsFourMsAndTask1Five() throws Exception {
        // task0: runtime 1, sleep 2 (-> 3), FIRST at 3 (task1 ran 2 and waits), runtime 2 (-> 5), SECOND at 6
        // (task1: runtime 1 -> 4, sleep 2 -> 6), task0 runtime 1 (-> 7), sleep 2 (-> 9); task1 runtime 2 (-> 8),
        // THIRD at 9: one loop is 9 ms, task0 runs 1+2+1 = 4 ms and task1 2+1+2 = 5 ms of it; 100 loops in 900 ms
        RunResult r = run("tutorial_example7.json", "flat-2", Duration.ofMillis(900));

        assertTrue(r.exits().isEmpty(), r.exits().toString());
        assertEquals(400_000_000L, r.task("task0").runtimeNs(), 2_000_000L);
        assertEquals(500_000_000L, r.task("task1").runtimeNs(), 2_000_000L);
    }

    @Test
    void mp3ShortRunsItsAudioTickEverySixMs() throws Exception {
        RunResult r = run("mp3-short.json", "flat-4", Duration.ofSeconds(1));

        assertTrue(r.exits().isEmpty(), r.exits().toString());
        // one timer step per 6 ms: 1 s / 6 ms = 166.7 boundaries
        assertEquals(167, r.task("AudioTick").timerPeriods(), 2);
        // AudioTick only waits and resumes (no run event); the pipeline it drives does run. AudioOut works
        // 275 + 4725 µs = 5 ms per iteration: once at fork (its program starts with a run; the resume AudioTick sends at
        // 0 is kept, so its first suspend returns at once), then once per resume, one per 5 ticks = 30 ms, at 0, 30,
        // ..., 990 ms: 1 + 34 = 35 iterations = 175 ms
        assertEquals(175_000_000L, r.task("AudioOut").runtimeNs(), 1_000_000L);
        for (String c : new String[] {"AudioTrack", "mp3.decoder", "OMXCall"}) {
            assertTrue(r.task(c).runtimeNs() > 0, c + " ran");
        }
    }

    @Test
    void tutorialExample3sTwelveInstancesRunTheirLightThenHeavyPhases() throws Exception {
        // each instance: 10 x (3 ms of work per 30 ms) then 10 x (27 ms per 30 ms), once: 300 ms of work over 600 ms;
        // 12 instances on 12 CPUs never compete
        RunResult r = run("tutorial_example3.json", "flat-12", Duration.ofSeconds(1));

        assertTrue(r.exits().isEmpty(), r.exits().toString());
        for (var t : r.tasks()) {
            assertEquals(300_000_000L, t.runtimeNs(), 1_000_000L, t.comm());
        }
    }

    static java.util.stream.Stream<String> readableExamples() {
        return RtAppExamplesTest.readable().map(a -> (String) a.get()[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readableExamples")
    void everyReadableExampleRunsUnderFair(String file) throws Exception {
        // 1.5 s: dvfs.json first waits one 1.2 s timer period, as rt-app does
        RunResult r = run("examples/" + file, "flat-4", Duration.ofMillis(1_500));

        assertTrue(r.exits().isEmpty(), r.exits().toString());
        assertTrue(r.totalRuntimeNs() > 0, file + " did some work");
    }
}
