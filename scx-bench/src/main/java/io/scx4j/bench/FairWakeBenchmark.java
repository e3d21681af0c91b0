package io.scx4j.bench;

import io.scx4j.core.Engine;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.MachineModel;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.TopologyPresets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fair class's wake-up path ({@code select_task_rq_fair}: {@code wake_affine}, {@code select_idle_sibling}) under
 * load: no policy loaded, on amd-2ccx-16c32t (32 CPUs with SMT in two LLCs), one pipe ping-pong pair per core (every
 * wake-up a task waking a task with {@code WF_SYNC}, 20 µs of work per side) beside one run/sleep task per core (timer
 * wake-ups). Each op simulates {@link #RUN_NS} more on one engine; {@code :events} counts its context switches and
 * wake-ups. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} per op over events per op is the allocation per
 * event, which must stay at zero.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class FairWakeBenchmark {
    static final long US = 1_000L;
    /** Virtual time simulated per benchmark invocation. */
    static final long RUN_NS = 20_000 * US;

    private Engine engine;
    private final SwitchWakeCounter counter = new SwitchWakeCounter();

    @Setup(Level.Trial)
    public void setUp() {
        var topo = TopologyPresets.get("amd-2ccx-16c32t");
        engine = new Engine(topo, EngineConfig.defaults().withMachine(MachineModel.defaults()));
        engine.addSink(counter);
        int cores = topo.cores().size();
        for (int i = 0; i < cores; i++) {
            engine.addTask(TaskSpec.of("ping" + i, Step.run(20 * US), new Step.PipeWrite("a" + i),
                    new Step.PipeRead("b" + i)));
            engine.addTask(TaskSpec.of("pong" + i, new Step.PipeRead("a" + i), Step.run(20 * US),
                    new Step.PipeWrite("b" + i)));
            engine.addTask(TaskSpec.of("sleeper" + i, Step.run(50 * US + i * US), Step.sleep(200 * US)));
        }
        engine.runUntil(RUN_NS); // the steady state: every task forked, queues at their working size
    }

    @Benchmark
    public long engine(EventCount events) {
        long before = counter.count;
        engine.runUntil(engine.now() + RUN_NS);
        events.events += counter.count - before;
        return engine.now();
    }
}
