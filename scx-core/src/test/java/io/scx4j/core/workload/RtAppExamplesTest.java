package io.scx4j.core.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.core.Engine;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.MachineModel;
import io.scx4j.core.RunResult;
import io.scx4j.topology.TopologyPresets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every JSON file of rt-app's {@code doc/examples/} (commit 55cb0c04, see {@code rtapp/examples/SOURCE.md}) either
 * reads to the expected threads, or fails with the located error for the construct scx4j does not model.
 */
class RtAppExamplesTest {

    static final Path DIR = Path.of("src/test/resources/rtapp/examples");

    /** file, threads started at time 0, templates, duration in s. */
    static Stream<Arguments> readable() {
        return Stream.of(
                Arguments.of("browser-long.json", 9, 0, 600),
                Arguments.of("browser-short.json", 9, 0, 6),
                Arguments.of("cpufreq_governor_efficiency/calibration.json", 1, 0, 0),
                Arguments.of("cpufreq_governor_efficiency/dvfs.json", 1, 0, 0),
                Arguments.of("mp3-long.json", 5, 0, 600),
                Arguments.of("mp3-short.json", 5, 0, 6),
                Arguments.of("spreading-tasks.json", 2, 0, 60),
                Arguments.of("template.json", 1, 0, 6),
                Arguments.of("tutorial/example1.json", 1, 0, 2),
                Arguments.of("tutorial/example2.json", 1, 0, 2),
                Arguments.of("tutorial/example3.json", 12, 0, 0),
                Arguments.of("tutorial/example4.json", 2, 0, 0),
                Arguments.of("tutorial/example5.json", 2, 0, 0),
                Arguments.of("tutorial/example6.json", 1, 0, 2),
                Arguments.of("tutorial/example7.json", 2, 0, 5),
                Arguments.of("tutorial/example8.json", 1, 0, 2),
                Arguments.of("tutorial/example9.json", 2, 2, 2),
                Arguments.of("tutorial/example10.json", 1, 0, 2),
                Arguments.of("tutorial/example11.json", 1, 0, 2),
                Arguments.of("video-long.json", 17, 0, 600),
                Arguments.of("video-short.json", 17, 0, 6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readable")
    void readsToTheExpectedThreads(String file, int tasks, int templates, int durationS) throws Exception {
        Workload w = RtAppReader.read(DIR.resolve(file));

        assertEquals(tasks, w.tasks().size(), "threads");
        assertEquals(templates, w.templates().size(), "templates");
        assertEquals(durationS * 1_000_000_000L, w.durationNs(), "duration");
    }

    /** file, the exact error. */
    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("custom-slice.json", "custom-slice.json:14:4: key 'dl-runtime': SCHED_DEADLINE parameters"
                        + " (and the Linux 6.12 custom slice, dl-runtime on SCHED_OTHER) are not modelled; remove the key"),
                Arguments.of("merge/global.json", "global.json:1:1: key 'tasks': no tasks: the file needs a \"tasks\""
                        + " object with at least one thread (a lone \"global\" or \"resources\" object is a fragment of"
                        + " rt-app's legacy split format, which doc/merge.py joins into one file)"),
                Arguments.of("merge/resources.json", "resources.json:1:1: key 'tasks': no tasks: the file needs a"
                        + " \"tasks\" object with at least one thread (a lone \"global\" or \"resources\" object is a"
                        + " fragment of rt-app's legacy split format, which doc/merge.py joins into one file)"),
                legacy("thread0"), legacy("thread1"), legacy("thread2"), legacy("thread3"));
    }

    static Arguments legacy(String thread) {
        return Arguments.of("merge/" + thread + ".json", thread + ".json:4:10: key 'exec': legacy rt-app grammar (exec,"
                + " lock_order, resources per thread), which the current rt-app rejects too (\"No events found\");"
                + " describe the thread with events (run, lock, wait, ...)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void failsWithTheLocatedErrorForAConstructScx4jDoesNotModel(String file, String message) {
        WorkloadFormatException e = assertThrows(WorkloadFormatException.class, () -> RtAppReader.read(DIR.resolve(file)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void everyExampleFileIsCovered() throws Exception {
        List<String> covered = Stream.concat(readable(), rejected()).map(a -> (String) a.get()[0]).sorted().toList();
        try (Stream<Path> files = Files.walk(DIR)) {
            List<String> all = files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> DIR.relativize(p).toString().replace('\\', '/')).sorted().toList();
            assertEquals(all, covered);
        }
    }

    @Test
    void example1RunsUnderTheFairClassAsTwentyMsOfWorkEveryHundredMs() throws Exception {
        Workload w = RtAppReader.read(DIR.resolve("tutorial/example1.json"));
        Engine e = new Engine(TopologyPresets.get("flat-1"), EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addWorkload(w);

        RunResult r = e.run(Duration.ofNanos(w.durationNs()));

        // run 20 ms then sleep 80 ms, alone on one CPU: 20 periods of 100 ms in 2 s, 20 x 20 ms = 400 ms of CPU
        assertEquals(400_000_000L, r.task("thread0").runtimeNs(), 1_000_000L);
        assertTrue(r.exits().isEmpty());
    }
}
