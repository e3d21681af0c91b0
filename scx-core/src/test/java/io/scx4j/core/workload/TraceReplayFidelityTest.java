package io.scx4j.core.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.core.Engine;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.MachineModel;
import io.scx4j.core.RunResult;
import io.scx4j.core.TaskResult;
import io.scx4j.topology.TopologyPresets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Replaying a real trace (ARM-software/trappy {@code tests/trace_sched.txt}, see {@code traces/SOURCE.md}) under the
 * fallback fair class gives every task the CPU time the trace recorded.
 */
class TraceReplayFidelityTest {

    static long recordedNs(TaskSpec t) {
        return t.program().stream().mapToLong(s -> s instanceof Step.Run r ? r.workNs() : 0).sum();
    }

    @Test
    void theTrappyTraceHasItsTasksAndCpus() throws Exception {
        Workload w = TraceReader.read(Path.of("src/test/resources/traces/trappy_trace_sched.txt"));

        // the header says cpus=5; switches happen on CPUs 0 and 1 only
        assertEquals(5, w.cpusSeen());
        assertTrue(w.tasks().stream().anyMatch(t -> t.comm().equals("rs:main Q:Reg") && t.pid() == 1769),
                w.tasks().toString());
        TaskSpec bash = w.tasks().stream().filter(t -> t.pid() == 2459).findFirst().orElseThrow();
        // woken at 34.897703 (start 0.000783 after the first timestamp 34.896920), on CPU 1 from 34.898082 until it
        // exits at 34.898758: 676 µs of work
        assertEquals(783_000, bash.startNs());
        assertEquals(java.util.List.of(new Step.Run(676_000)), bash.program());
    }

    @Test
    void eachTaskGetsTheCpuTimeTheTraceRecordedUnderFair() throws Exception {
        Workload w = TraceReader.read(Path.of("src/test/resources/traces/trappy_trace_sched.txt"));
        Engine e = new Engine(TopologyPresets.get("flat-" + w.cpusSeen()), EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addWorkload(w);

        // the trace spans ~8 ms; give the replay room to finish every program
        RunResult r = e.run(Duration.ofNanos(w.durationNs() + 50_000_000L));

        for (TaskSpec t : w.tasks()) {
            long recorded = recordedNs(t);
            TaskResult got = r.tasks().stream().filter(x -> x.pid() == t.pid()).findFirst().orElseThrow();
            // 5 %, or 2 µs for tasks that ran only a few tens of µs, where one tick's or one context switch's
            // accounting granularity would be a large fraction (today the replay is exact: alone or nearly alone on
            // five CPUs, no task waits long enough for a different interleaving to change its work)
            long tolerance = Math.max(recorded / 20, 2_000);
            assertEquals(recorded, got.runtimeNs(), tolerance, t.comm() + " (pid " + t.pid() + ")");
        }
    }
}
