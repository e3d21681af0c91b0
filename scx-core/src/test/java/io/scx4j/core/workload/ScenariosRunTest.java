package io.scx4j.core.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.core.Engine;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.MachineModel;
import io.scx4j.core.RunResult;
import io.scx4j.core.TaskResult;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The built-in scenarios run under the fallback fair class (no policy loaded) for one simulated second. */
class ScenariosRunTest {

    static final Topology FLAT8 = TopologyPresets.get("flat-8");

    static RunResult run(String name, Topology t) {
        Engine e = new Engine(t, EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addWorkload(Scenarios.find(name).orElseThrow().workload(t));
        return e.run(Duration.ofSeconds(1));
    }

    static Stream<String> names() {
        return Scenarios.all().stream().map(Scenario::name);
    }

    static long group(RunResult r, String group, java.util.function.ToLongFunction<TaskResult> f) {
        return r.tasks().stream().filter(t -> t.group().equals(group)).mapToLong(f).sum();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void runsOneSecondUnderFairWithoutErrorAndKeepsTheCpusBusy(String name) {
        RunResult r = run(name, FLAT8);

        assertTrue(r.exits().isEmpty(), name + ": " + r.exits());
        for (TaskResult t : r.tasks()) {
            assertTrue(t.runtimeNs() > 0, name + ": " + t.comm() + " ran");
        }
    }

    @Test
    void theGamingRenderThreadReachesSixtyFramesPerSecond() {
        RunResult r = run("gaming", FLAT8);

        long periods = group(r, "render", TaskResult::timerPeriods);
        // 1 s at 60 Hz: 60 boundaries, the first reached at time 0
        assertEquals(60, periods, 2);
    }

    @Test
    void theGamingCompositorRunsOncePerRenderedFrame() {
        RunResult r = run("gaming", FLAT8);

        long frames = group(r, "render", TaskResult::timerPeriods);
        // the render thread resumes the compositor after each frame's 4 ms; the compositor works 1.5 ms per resume
        assertEquals(frames * 1_500_000L, group(r, "compositor", TaskResult::runtimeNs), 1_500_000L);
    }

    @Test
    void hackbenchDeliversEveryMessage() {
        RunResult r = run("hackbench", FLAT8);

        // one group on 8 CPUs: 20 senders x 20 receivers x 100 messages, 2 us to write and 2 us to read each:
        // every task works 20 x 100 x 2 us = 4 ms and then exits, well inside the second
        assertEquals(40, r.tasks().size());
        for (TaskResult t : r.tasks()) {
            assertEquals(4_000_000L, t.runtimeNs(), t.comm());
        }
    }

    @Test
    void aiTrainingRanksAdvanceInLockstepThroughTheBarrier() {
        RunResult r = run("ai-training", FLAT8);

        // every rank does 9 ms of work per step and no rank can start step k+1 before all finished step k, so
        // their CPU times differ by at most one step
        long min = Long.MAX_VALUE;
        long max = 0;
        for (TaskResult t : r.tasks()) {
            if (t.group().equals("rank")) {
                min = Math.min(min, t.runtimeNs());
                max = Math.max(max, t.runtimeNs());
            }
        }
        assertTrue(max - min <= 9_000_000L, "ranks between " + min + " and " + max + " ns");
        assertTrue(min > 0);
    }

    @Test
    void theRtPipelineRunsEveryStageOncePerQuantum() {
        RunResult r = run("rt-pipeline", FLAT8);

        long quanta = group(r, "source", TaskResult::timerPeriods);
        // 1 s / 2.667 ms = 375 quanta
        assertEquals(375, quanta, 2);
        // two stages of 300 us and a sink of 200 us per quantum, the last chain possibly cut by the end of the run
        assertEquals(quanta * 600_000L, group(r, "stage", TaskResult::runtimeNs), 600_000L);
        assertEquals(quanta * 200_000L, group(r, "sink", TaskResult::runtimeNs), 200_000L);
    }
}
