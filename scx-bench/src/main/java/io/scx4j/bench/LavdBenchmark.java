package io.scx4j.bench;

import io.scx4j.api.SchedOps;
import io.scx4j.core.Engine;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.MachineModel;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.lib.policies.SimplePolicy;
import io.scx4j.policy.lavd.LavdPolicy;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What LAVD costs the engine: events per second of wall-clock time with {@code lavd} (upstream defaults, autopilot)
 * beside {@code simple} (scx_simple, weighted vtime: {@link SimplePolicy}) on flat-8 and flat-64, same workload, same
 * run. The baseline is the {@code simple} row of the same topology; the ratio lavd/simple is the price of LAVD's
 * per-event bookkeeping (latency criticality, deadlines, per-domain DSQs, the 10 ms statistics pass).
 *
 * <p>"Events" are the context switches and wake-ups the engine reports to a sink: they are the same kind of work
 * under both policies (the policies' own callback counts differ). The workload is {@link EngineBenchmark}'s: four
 * tasks per CPU of short runs and sleeps. Run with {@code -prof gc} to see that neither allocates per event.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class LavdBenchmark {
    static final long MS = 1_000_000L;
    /** Virtual time simulated per benchmark invocation. */
    static final long RUN_NS = 100 * MS;

    @Param({"flat-8", "flat-64"})
    public String topology;

    @Param({"simple", "lavd"})
    public String policy;

    private Engine engine;
    private final SwitchWakeCounter events = new SwitchWakeCounter();

    @Setup(Level.Trial)
    public void setUp() {
        Topology topo = TopologyPresets.get(topology);
        engine = new Engine(topo, EngineConfig.defaults().withMachine(MachineModel.defaults()));
        engine.addSink(events);
        int n = topo.nrCpuIds() * 4;
        for (int i = 0; i < n; i++) {
            long run = 50_000 + (i % 7) * 100_000;
            long sleep = 20_000 + (i % 5) * 150_000;
            engine.addTask(TaskSpec.of("w" + i, Step.run(run), Step.sleep(sleep)));
        }
        SchedOps ops = "lavd".equals(policy) ? new LavdPolicy() : new SimplePolicy();
        if (engine.load(ops) != 0) {
            throw new IllegalStateException(policy + " refused at load");
        }
        engine.runUntil(RUN_NS); // steady state: every task forked, queues and arenas at their working size
    }

    /** Simulates {@link #RUN_NS} more of virtual time under the chosen policy. */
    @Benchmark
    public long engine(EventCount counter) {
        long before = events.count;
        engine.runUntil(engine.now() + RUN_NS);
        counter.events += events.count - before;
        return engine.now();
    }
}
