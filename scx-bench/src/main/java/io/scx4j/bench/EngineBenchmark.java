package io.scx4j.bench;

import io.scx4j.api.Dsq;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.SelectCpuResult;
import io.scx4j.api.Task;
import io.scx4j.core.Engine;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.EventSink;
import io.scx4j.core.MachineModel;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
 * Engine throughput: events per second of wall-clock time with a global-FIFO policy (scx_simple's FIFO mode: a
 * wake-up onto an idle CPU dispatches directly, everything else goes through one shared user DSQ), on flat-8 and
 * flat-64, beside a bare discrete-event loop doing the same number of heap operations on a
 * {@link PriorityQueue} of {@code long[]} (the floor any Java event loop pays).
 *
 * <p>"Events" in {@link #engine} are the policy callbacks plus context switches of the run, counted by the policy
 * itself and one sink (the engine does not expose its internal event count); {@link #bareLoop} does as many
 * poll+offer pairs as the engine run had events, measured once per trial.
 *
 * <p>Run with {@code -prof gc}: the engine's hot path should allocate nothing per event (DESIGN.md), so
 * {@code gc.alloc.rate.norm} (bytes per op) divided by the events per op ({@code events} rate / ops rate) is the
 * allocation per event. One engine serves the whole trial, each op advancing it by {@link #RUN_NS}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class EngineBenchmark {
    static final long MS = 1_000_000L;
    static final long FIFO_DSQ = 0;
    /** Virtual time simulated per benchmark invocation. */
    static final long RUN_NS = 100 * MS;

    @Param({"flat-8", "flat-64"})
    public String topology;

    /** Tasks per CPU: a hackbench-like mix of short runs and sleeps, so every CPU switches often. */
    @Param({"4"})
    public int tasksPerCpu;

    /** The machine model: {@code defaults} (every effect but jitter and noise) or {@code ideal} (none). */
    @Param({"defaults", "ideal"})
    public String machine;

    private Topology topo;
    private Engine engine;
    private GlobalFifo policy;
    private final SwitchCounter switches = new SwitchCounter();
    private long eventsPerRun;

    private PriorityQueue<long[]> heap;
    private SplittableRandom random;

    @Setup(Level.Trial)
    public void setUp() {
        topo = TopologyPresets.get(topology);
        policy = new GlobalFifo();
        engine = new Engine(topo, EngineConfig.defaults().withMachine(
                "ideal".equals(machine) ? MachineModel.ideal() : MachineModel.defaults()));
        engine.addSink(switches);
        int n = topo.nrCpuIds() * tasksPerCpu;
        for (int i = 0; i < n; i++) {
            long run = 50_000 + (i % 7) * 100_000;
            long sleep = 20_000 + (i % 5) * 150_000;
            engine.addTask(TaskSpec.of("w" + i, Step.run(run), Step.sleep(sleep)));
        }
        if (engine.load(policy) != 0) {
            throw new IllegalStateException("global_fifo refused at load");
        }
        // one run to reach the steady state (every task forked, counters and queues at their working size) and to
        // size the bare loop
        engine.runUntil(RUN_NS);
        eventsPerRun = policy.calls + switches.count;
        int pending = topo.nrCpuIds() * (tasksPerCpu + 2); // wake-ups + run-done + ticks in flight
        heap = new PriorityQueue<>(pending, (a, b) -> Long.compare(a[0], b[0]));
        random = new SplittableRandom(1);
        for (int i = 0; i < pending; i++) {
            heap.add(new long[] {random.nextLong(1_000_000), i, 0});
        }
    }

    /**
     * Simulates {@link #RUN_NS} more of virtual time under the global-FIFO policy, on one engine for the whole trial:
     * {@code gc.alloc.rate.norm} is then what the engine allocates per {@code RUN_NS}, not the cost of building it.
     */
    @Benchmark
    public long engine(EventCount counter) {
        long before = policy.calls + switches.count;
        engine.runUntil(engine.now() + RUN_NS);
        counter.events += policy.calls + switches.count - before;
        return engine.now();
    }

    /** The same number of events as one {@link #engine} invocation, as poll+offer on a binary heap. */
    @Benchmark
    public long bareLoop(EventCount counter) {
        long sum = 0;
        for (long i = 0; i < eventsPerRun; i++) {
            long[] ev = heap.poll();
            sum += ev[1];
            ev[0] += 1 + random.nextLong(200_000); // reuse the array: no allocation per event
            heap.offer(ev);
        }
        counter.events += eventsPerRun;
        return sum;
    }

    static final class SwitchCounter implements EventSink {
        long count;

        @Override
        public void onSwitch(long timeNs, int cpu, @Nullable Task prev, @Nullable Task next) {
            count++;
        }
    }

    /** scx_simple, FIFO mode. */
    static final class GlobalFifo implements SchedOps {
        long calls;

        @Override
        public String name() {
            return "global_fifo";
        }

        @Override
        public int init(Scx scx) {
            return scx.createDsq(FIFO_DSQ, Scx.NUMA_NO_NODE);
        }

        @Override
        public int selectCpu(Task p, int prevCpu, long wakeFlags) {
            calls++;
            SelectCpuResult r = Scx.current().selectCpuDfl(p, prevCpu, wakeFlags);
            if (r.idle()) {
                Scx.current().dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, 0);
            }
            return r.cpu();
        }

        @Override
        public void enqueue(Task p, long enqFlags) {
            calls++;
            Scx.current().dsqInsert(p, FIFO_DSQ, Scx.SLICE_DFL, enqFlags);
        }

        @Override
        public void dispatch(int cpu, @Nullable Task prev) {
            calls++;
            Scx.current().dsqMoveToLocal(FIFO_DSQ);
        }
    }
}
