package io.scx4j.core.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.SchedPolicy;
import io.scx4j.core.workload.Step.Attrs;
import io.scx4j.core.workload.Step.Barrier;
import io.scx4j.core.workload.Step.Lock;
import io.scx4j.core.workload.Step.Phase;
import io.scx4j.core.workload.Step.Resume;
import io.scx4j.core.workload.Step.Run;
import io.scx4j.core.workload.Step.Runtime;
import io.scx4j.core.workload.Step.Signal;
import io.scx4j.core.workload.Step.Sleep;
import io.scx4j.core.workload.Step.Suspend;
import io.scx4j.core.workload.Step.Timer;
import io.scx4j.core.workload.Step.Unlock;
import io.scx4j.core.workload.Step.Wait;
import io.scx4j.topology.CpuMask;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rt-app JSON → {@link Workload}: the three reference files, the parser's leniency, and located errors. */
class RtAppReaderTest {

    static final Path DIR = Path.of("src/test/resources/rtapp");
    static final long US = 1_000;
    static final long MS = 1_000_000;

    static TaskSpec task(String name, int nice, int repeat, Step... program) {
        return new TaskSpec(name, 0, SchedPolicy.NORMAL, nice, null, 0, List.of(program), repeat, name, 0, "/", 0, 0);
    }

    static Workload parse(String json) {
        return RtAppReader.parse("test.json", json);
    }

    static WorkloadFormatException fails(String json) {
        return assertThrows(WorkloadFormatException.class, () -> parse(json));
    }

    static List<String> comms(List<TaskSpec> tasks) {
        return tasks.stream().map(TaskSpec::comm).toList();
    }

    static void startsWith(String expected, String actual) {
        assertTrue(actual.startsWith(expected), () -> "expected a message starting with\n  " + expected + "\nbut was\n  "
                + actual);
    }

    @Test
    void tutorialExample3IsTwelveInstancesOfALightThenAHeavyTimerPhase() throws Exception {
        Workload w = RtAppReader.read(DIR.resolve("tutorial_example3.json"));

        TaskSpec one = task("thread0", 0, 1,
                new Phase("light", 10, Attrs.NONE, List.of(new Run(3 * MS), new Timer("unique", 30 * MS, false))),
                new Phase("heavy", 10, Attrs.NONE, List.of(new Run(27 * MS), new Timer("unique", 30 * MS, false))));
        assertEquals(new Workload("tutorial_example3", Workload.copies(12, one), List.of(), 0, 0), w);
        assertEquals("thread0-0", w.tasks().getFirst().comm());
        assertEquals("thread0-11", w.tasks().getLast().comm());
        assertTrue(w.tasks().stream().allMatch(t -> t.group().equals("thread0")));
    }

    @Test
    void tutorialExample7IsTwoTasksMeetingAtThreeTwoPartyBarriersWithFixedTimeRuns() throws Exception {
        Workload w = RtAppReader.read(DIR.resolve("tutorial_example7.json"));

        TaskSpec task0 = task("task0", 0, -1, new Runtime(1 * MS), new Sleep(2 * MS), new Barrier("FIRST", 2),
                new Runtime(2 * MS), new Barrier("SECOND", 2), new Runtime(1 * MS), new Sleep(2 * MS),
                new Barrier("THIRD", 2));
        TaskSpec task1 = task("task1", 0, -1, new Runtime(2 * MS), new Barrier("FIRST", 2), new Runtime(1 * MS),
                new Sleep(2 * MS), new Barrier("SECOND", 2), new Runtime(2 * MS), new Barrier("THIRD", 2));
        assertEquals(new Workload("tutorial_example7", List.of(task0, task1), List.of(), 5_000 * MS, 0), w);
    }

    @Test
    void mp3ShortIsTheAudioPipelineWithDuplicateRunKeysInFileOrder() throws Exception {
        Workload w = RtAppReader.read(DIR.resolve("mp3-short.json"));

        Timer tick = new Timer("tick", 6 * MS, false);
        TaskSpec audioTick = task("AudioTick", -19, -1,
                new Phase("p1", 1, Attrs.NONE, List.of(new Resume("AudioOut"), tick)),
                new Phase("p2", 4, Attrs.NONE, List.of(tick))).withAffinity(CpuMask.of(0));
        TaskSpec audioOut = task("AudioOut", -19, -1, new Run(275 * US), new Resume("AudioTrack"), new Run(4725 * US),
                new Suspend());
        TaskSpec audioTrack = task("AudioTrack", -16, -1, new Suspend(), new Run(300 * US), new Resume("mp3.decoder"));
        TaskSpec decoder = task("mp3.decoder", -2, -1, new Suspend(), new Run(1000 * US), new Lock("mutex"),
                new Signal("queue", false), new Wait("queue", "mutex"), new Unlock("mutex"), new Run(150 * US));
        TaskSpec omx = task("OMXCall", -2, -1, new Lock("mutex"), new Wait("queue", "mutex"), new Unlock("mutex"),
                new Run(300 * US), new Lock("mutex"), new Signal("queue", false), new Unlock("mutex"));
        assertEquals(new Workload("mp3-short", List.of(audioTick, audioOut, audioTrack, decoder, omx),
                List.of(), 6_000 * MS, 0), w);
    }

    @Test
    void duplicateKeysAreAllKeptInFileOrderAndKeysMatchEventsByPrefix() {
        Workload w = parse("""
                { "tasks": { "t": { "loop": 2, "run": 1, "sleep0": 2, "run": 3, "runtime_x": 4, "runner": 5,
                  "broadcast": "c", "signal1": "c" } } }""");

        assertEquals(List.of(new Run(1 * US), new Sleep(2 * US), new Run(3 * US),
                new Runtime(4 * US), new Run(5 * US), new Signal("c", true), new Signal("c", false)),
                w.tasks().getFirst().program());
        assertEquals(2, w.tasks().getFirst().repeat());
    }

    @Test
    void commentsTrailingCommasAndABareSuspendKeyAreAccepted() {
        Workload w = parse("""
                {
                  // line comment with a "quote"
                  "tasks": { /* block, with "run", inside */
                    "a//b": { "suspend", "run": 10, "resume": "x/*y*/", },
                    "x/*y*/": { "run": 10, "suspend" },
                  },
                }""");

        assertEquals(List.of("a//b", "x/*y*/"), comms(w.tasks()));
        assertEquals(List.of(new Suspend(), new Run(10 * US), new Resume("x/*y*/")), w.tasks().getFirst().program());
        assertEquals(List.of(new Run(10 * US), new Suspend()), w.tasks().get(1).program());
    }

    @Test
    void absentTaskLoopMeansForeverAndAZeroSleepIsANoOpAsInRtApp() {
        Workload w = parse("""
                { "tasks": { "t": { "run": 10, "sleep": 0, "timer": { "ref": "tick", "period": 100, "mode": "absolute" } } } }""");

        assertEquals(-1, w.tasks().getFirst().repeat());
        assertEquals(List.of(new Run(10 * US), new Timer("tick", 100 * US, true)), w.tasks().getFirst().program());
    }

    @Test
    void forkTargetsBecomeTemplatesAndInstanceZeroThreadsOnlyRunWhenForked() throws Exception {
        Workload w = RtAppReader.read(DIR.resolve("examples/tutorial/example9.json"));

        assertEquals(List.of("thread1", "thread3"), comms(w.tasks()));
        assertEquals(List.of("thread1", "thread2"), comms(w.templates()));
        Phase p2 = (Phase) w.tasks().get(1).program().get(1);
        assertEquals(List.of(new Step.Fork("thread2"), new Run(20 * MS), new Sleep(20 * MS)), p2.body());
        assertEquals(1, w.tasks().get(1).repeat());
    }

    @Test
    void barrierPartiesCountEveryReferenceTimesTheReferencingThreadsInstances() {
        Workload w = parse("""
                { "tasks": {
                    "workers": { "instance": 3, "run": 10, "barrier": "step" },
                    "leader": { "run": 10, "barrier": "step", "sleep": 5 } } }""");

        assertEquals(List.of("workers-0", "workers-1", "workers-2", "leader"), comms(w.tasks()));
        assertEquals(new Barrier("step", 4), w.tasks().getFirst().program().get(1));
        assertEquals(new Barrier("step", 4), w.tasks().get(3).program().get(1));
    }

    @Test
    void phasesCarryTheirOwnPolicyPriorityCpusAndTaskgroup() throws Exception {
        Workload w = parse("""
                { "global": { "default_policy": "SCHED_OTHER", "frag": 1 },
                  "tasks": { "t": { "priority": 5, "cpus": [2], "taskgroup": "/tg1", "delay": 1500,
                    "phases": {
                      "rt": { "policy": "SCHED_FIFO", "cpus": [0, 1], "run": 100 },
                      "rt50": { "priority": 50, "run": 100 },
                      "back": { "policy": "SCHED_OTHER", "priority": -5, "taskgroup": "/", "loop": 3, "run": 100 },
                      "same": { "taskgroup": "", "run": 100 } } } } }""");

        TaskSpec t = w.tasks().getFirst();
        assertEquals(5, t.nice());
        assertEquals(CpuMask.of(2), t.affinity());
        assertEquals("/tg1", t.cgroup());
        assertEquals(1_500 * US, t.startNs());
        assertEquals(List.of(
                new Phase("rt", 1, new Attrs(SchedPolicy.FIFO, 10, CpuMask.of(0, 1), null), List.of(new Run(100 * US))),
                // once a phase sets cpus, the others return to the task's cpus (rt-app's set_thread_affinity)
                new Phase("rt50", 1, new Attrs(null, 50, CpuMask.of(2), null), List.of(new Run(100 * US))),
                new Phase("back", 3, new Attrs(SchedPolicy.NORMAL, -5, CpuMask.of(2), "/"), List.of(new Run(100 * US))),
                new Phase("same", 1, new Attrs(null, null, CpuMask.of(2), null), List.of(new Run(100 * US)))),
                t.program());
    }

    @Test
    void example8sThirdPhaseReturnsToTheTaskLevelCpuAndWithoutOneToAllCpus() throws Exception {
        Workload w = RtAppReader.read(DIR.resolve("examples/tutorial/example8.json"));

        List<Step> phases = w.tasks().getFirst().program();
        assertEquals(CpuMask.of(0), ((Phase) phases.get(0)).attrs().affinity());
        assertEquals(CpuMask.of(1), ((Phase) phases.get(1)).attrs().affinity());
        assertEquals(CpuMask.of(2), ((Phase) phases.get(2)).attrs().affinity());

        Workload noTaskCpus = parse("""
                { "tasks": { "t": { "phases": { "a": { "cpus": [1], "run": 1 }, "b": { "run": 1 } } } } }""");
        assertEquals(CpuMask.range(0, CpuMask.MAX_CPUS),
                ((Phase) noTaskCpus.tasks().getFirst().program().get(1)).attrs().affinity());
    }

    @Test
    void aFifoDefaultPolicyGivesRtPriorityTenAndPriorityMeansRtPriorityThere() throws Exception {
        Workload cal = RtAppReader.read(DIR.resolve("examples/cpufreq_governor_efficiency/calibration.json"));
        assertEquals(SchedPolicy.FIFO, cal.tasks().getFirst().policy());
        assertEquals(10, cal.tasks().getFirst().rtPriority());

        Workload w = parse("""
                { "tasks": { "t": { "policy": "SCHED_RR", "priority": 42, "run": 1 } } }""");
        assertEquals(SchedPolicy.RR, w.tasks().getFirst().policy());
        assertEquals(42, w.tasks().getFirst().rtPriority());
        assertEquals(0, w.tasks().getFirst().nice());
    }

    @Test
    void theScx4jExtensionKeySetsGroupWorkingSetAndUid() {
        Workload w = parse("""
                { "tasks": { "render": { "instance": 2, "run": 1,
                  "scx4j": { "group": "frame", "working_set": 262144, "uid": 1000 } } } }""");

        assertEquals(List.of("render-0", "render-1"), comms(w.tasks()));
        for (TaskSpec t : w.tasks()) {
            assertEquals("frame", t.group());
            assertEquals(262_144L, t.workingSetBytes());
            assertEquals(1000, t.uid());
        }
    }

    @Test
    void memIorunAndMemrunBecomeRunWorkOfTheDocumentedCost() {
        Workload w = parse("""
                { "global": { "mem_buffer_size": 1000 },
                  "tasks": { "t": { "mem": 1000, "iorun": 2500,
                    "memrun": { "type": "read", "size": 4096, "count": 4096 },
                    "memrun1": { "type": "chase", "size": 65536, "count": 1000, "stride": 64, "pattern": "random" } } } }""");

        TaskSpec t = w.tasks().getFirst();
        // memset 1000 B at 10 B/ns = 100 ns; iorun 2500 B in 1000 B writes = 3 syscalls of 1 µs;
        // memrun read 4096 B at 2 B/ns = 2048 ns; chase 1000 hops in 64 KiB (L2) at 4 ns = 4000 ns
        assertEquals(List.of(new Run(100), new Run(3_000), new Run(2_048), new Run(4_000)), t.program());
        assertEquals(65_536, t.workingSetBytes());
    }

    // ---- located errors ------------------------------------------------------------------------------------------

    @Test
    void anEventWithTheWrongShapeNamesFileLineColumnKeyAndTheExpectedShape() {
        WorkloadFormatException e = fails("""
                { "tasks": {
                    "t": { "run": "fast" } } }""");

        assertEquals("test.json:2:12: key 'run': expected an integer, found a string", e.getMessage());
        assertEquals(2, e.line());
        assertEquals(12, e.column());
        assertEquals("run", e.key());
    }

    @Test
    void aKeyThatIsNeitherEventNorPropertyIsALocatedErrorListingWhatIsSupported() {
        WorkloadFormatException e = fails("""
                { "tasks": { "t": { "run": 1,
                  "spin": 1000 } } }""");

        startsWith("test.json:2:3: key 'spin': neither an rt-app event nor a thread property (events: lock, unlock,"
                + " wait", e.getMessage());
    }

    @Test
    void aPhaseWithoutEventsIsALocatedError() {
        WorkloadFormatException e = fails("""
                { "tasks": { "t": { "phases": {
                  "p1": { "run": 1 },
                  "p2": { "loop": 2 } } } } }""");

        startsWith("test.json:3:9: key 'p2': no events", e.getMessage());
    }

    @Test
    void schedDeadlineIsALocatedErrorNamingTheSupportedPolicies() {
        WorkloadFormatException e = fails("""
                { "tasks": { "t": { "run": 1, "policy": "SCHED_DEADLINE" } } }""");

        assertEquals("test.json:1:31: key 'policy': SCHED_DEADLINE is not modelled (supported: SCHED_OTHER,"
                + " SCHED_BATCH, SCHED_IDLE, SCHED_FIFO, SCHED_RR)", e.getMessage());
    }

    @Test
    void aBareKeyIsAcceptedOnlyWhereRtAppIgnoresTheValue() {
        WorkloadFormatException e = fails("""
                { "tasks": { "t": { "run": 1,
                    "lock", "run": 2 } } }""");

        assertEquals("test.json:2:5: key 'lock': expected a string, found no value", e.getMessage());
    }

    @Test
    void brokenJsonIsALocatedSyntaxError() {
        WorkloadFormatException e = fails("""
                { "tasks": { "t": { "run": 1 }
                  "u": { "run": 2 } } }""");

        startsWith("test.json:2:3: not JSON", e.getMessage());
    }

    @Test
    void aForkOfAnUnknownThreadAndAnUnknownTimerFieldAreLocatedErrors() {
        assertEquals("test.json:1:21: key 'fork': fork of 'nobody', which is not a thread of this file (threads: t)",
                fails("""
                        { "tasks": { "t": { "fork": "nobody" } } }""").getMessage());
        startsWith("test.json:1:44: key 'periode': unknown timer field", fails("""
                { "tasks": { "t": { "timer": { "ref": "a", "periode": 10 } } } }""").getMessage());
    }

    @Test
    void aFileWithoutTasksSaysSo() {
        startsWith("test.json:1:1: key 'tasks': no tasks", fails("{ \"global\": { \"duration\": 5 } }").getMessage());
    }
}
