package io.scx4j.bench;

import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyProvider;
import io.scx4j.api.SchedOps;
import io.scx4j.bench.loops.ArraySumProvider;
import io.scx4j.core.Engine;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.PolicyRegistry;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.lib.policies.SimplePolicyProvider;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
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
 * What the runaway-loop guard costs: the same code loaded plainly and through the instrumenting class loader
 * ({@link PolicyRegistry#instrumented}), which adds {@code if (--count <= 0) count = MayGoto.check();} on a local
 * count at every loop back-edge.
 *
 * <ul>
 *   <li>{@code sum*}: a 1,024-element int-array sum, the worst case (one back-edge per add);
 *   <li>{@code simple*}: 20 ms of virtual time of scx_simple (vtime mode) on flat-8 with 32 short-run/short-sleep
 *       tasks, a whole-engine figure where policy loops are a small share of the work.
 * </ul>
 * Report the ratio instrumented / plain of each pair.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class LoopGuardBenchmark {
    static final long RUN_NS = 20_000_000L;

    private int[] values;
    private ToLongFunction<int[]> plainSum;
    private ToLongFunction<int[]> instrumentedSum;
    private PolicyProvider plainSimple;
    private PolicyProvider instrumentedSimple;
    private final Topology topo = TopologyPresets.get("flat-8");
    private Engine plainEngine;
    private Engine instrumentedEngine;

    @SuppressWarnings("unchecked")
    @Setup(Level.Trial)
    public void setUp() {
        values = new int[1024];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 31 + 7;
        }
        plainSum = (ToLongFunction<int[]>) create(new ArraySumProvider());
        instrumentedSum = (ToLongFunction<int[]>) create(PolicyRegistry.instrumented(ArraySumProvider.class));
        if (plainSum.getClass() == instrumentedSum.getClass()) {
            throw new IllegalStateException("the instrumented copy is the plain class");
        }
        plainSimple = new SimplePolicyProvider();
        instrumentedSimple = PolicyRegistry.instrumented(SimplePolicyProvider.class);
    }

    @Setup(Level.Invocation)
    public void newEngines() {
        plainEngine = engine(create(plainSimple));
        instrumentedEngine = engine(create(instrumentedSimple));
    }

    private Engine engine(SchedOps policy) {
        Engine e = new Engine(topo, EngineConfig.defaults());
        for (int i = 0; i < 32; i++) {
            e.addTask(TaskSpec.of("w" + i, Step.run(50_000 + (i % 7) * 100_000L), Step.sleep(20_000 + (i % 5) * 150_000L)));
        }
        if (e.load(policy) != 0) {
            throw new IllegalStateException("simple refused at load");
        }
        return e;
    }

    private static SchedOps create(PolicyProvider p) {
        return p.create(PolicyConfig.parse(p.name(), p.options(), Map.of()));
    }

    @Benchmark
    public long sumPlain() {
        return plainSum.applyAsLong(values);
    }

    @Benchmark
    public long sumInstrumented() {
        return instrumentedSum.applyAsLong(values);
    }

    @Benchmark
    public long simplePlain() {
        plainEngine.runUntil(RUN_NS);
        return plainEngine.now();
    }

    @Benchmark
    public long simpleInstrumented() {
        instrumentedEngine.runUntil(RUN_NS);
        return instrumentedEngine.now();
    }
}
