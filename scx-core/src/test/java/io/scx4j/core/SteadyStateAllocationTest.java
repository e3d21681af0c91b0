package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.Dsq;
import io.scx4j.api.DsqIterFlags;
import io.scx4j.api.DsqIterator;
import io.scx4j.api.EnqFlags;
import io.scx4j.api.KickFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.lib.policies.SimplePolicy;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine's hot path allocates nothing per event (DESIGN.md): once a run is in its steady state (every task
 * forked, queues and arrays at their working size, classes loaded and constant-pool strings resolved), a whole
 * second of simulated scheduling allocates no more than the 112 bytes of one {@code runUntil} call (its
 * {@code ScopedValue} bindings). Two loads on flat-8: run/sleep loops (about 40,000 context switches and as many
 * timer wake-ups per second) and pipe ping-pong pairs (about 250,000 of each: every wake-up is a task waking a task
 * with {@code WF_SYNC}, through the behaviour programs' blocking steps).
 *
 * <p>This is not a timing test: it counts bytes with {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes},
 * which is exact for the calling thread (the TLAB's used part included). What it counts does not depend on how fast
 * the machine is, only on what the code allocates. Two things could hide or fake an allocation, and the test defends
 * against both:
 * <ul>
 *   <li>C2's escape analysis removes some allocations (an iterator whose loop is fully inlined), so a regression
 *       would show up only on a cold path or another JVM. Maven runs this class in its own surefire execution with
 *       {@code -XX:-DoEscapeAnalysis} (scx-core/pom.xml, execution {@code allocation-guard}): every {@code new} the
 *       code executes is then counted, as in the interpreter.</li>
 *   <li>The JVM itself allocates a few hundred bytes on the running thread while it warms up (strings when a method
 *       is first queued for compilation, one-off constant resolution), in bursts that end after a few simulated
 *       seconds. The test warms up for {@value #WARM_UP_SECONDS} s and takes the <em>smallest</em> of
 *       {@value #WINDOWS} one-second windows: a real per-event allocation is in every window, a warm-up burst is
 *       not.</li>
 * </ul>
 * The bound, {@value #MAX_BYTES_PER_EVENT} byte per event, is far below the smallest object (16 bytes): an
 * allocation on any path taken by one event in sixteen fails it (measured before the fixes: 32 B per switch from the
 * varargs array of the kfunc context check and the {@code SelectCpuResult} record, 48 B per switch from {@code Long}
 * keys of the user-DSQ map). Measured after the fixes: 112 bytes per window, i.e. 0.001 to 0.002 B per event, all of
 * it the {@code runUntil} call. Shown to catch a regression: one {@code ArrayList} iterator added per handled event
 * (in {@code Kernel.handle}) made every case fail at about 35 B per counted event with escape analysis off, while
 * the same run with escape analysis on passed, the iterator scalar-replaced.
 */
class SteadyStateAllocationTest {
    static final long SECOND = 1_000_000_000L;
    static final int WARM_UP_SECONDS = 3;
    static final int WINDOWS = 3;
    static final double MAX_BYTES_PER_EVENT = 1.0;
    /** A user DSQ id outside {@code Long}'s small-value cache (-128..127): a boxed lookup would allocate. */
    static final long BIG_DSQ_ID = 1L << 20;

    @ParameterizedTest(name = "{0} on the {1} machine, {2}")
    @CsvSource({
        "simple, defaults, run-sleep",
        "simple-fifo, ideal, run-sleep",
        "fair, defaults, run-sleep",
        "fair, ideal, run-sleep",
        "big-dsq-id, defaults, run-sleep",
        "immed-wait, defaults, run-sleep",
        "iter-move, defaults, run-sleep",
        "simple, defaults, pipes",
        "fair, defaults, pipes",
    })
    void aSecondOfSteadyStateSchedulingOnFlat8AllocatesNothingPerEvent(String policy, String machine, String load) {
        Topology topo = TopologyPresets.get("flat-8");
        Engine engine = new Engine(topo, EngineConfig.defaults()
                .withMachine("ideal".equals(machine) ? MachineModel.ideal() : MachineModel.defaults()));
        EventCounter events = new EventCounter();
        engine.addSink(events);
        if (load.equals("run-sleep")) {
            // four short run/sleep loops per CPU: every CPU switches, wakes and idles many times per millisecond
            for (int i = 0; i < 4 * topo.nrCpuIds(); i++) {
                engine.addTask(TaskSpec.of("w" + i, Step.run(50_000 + (i % 7) * 100_000L),
                        Step.sleep(20_000 + (i % 5) * 150_000L)));
            }
        } else {
            // two ping-pong pairs per CPU through pipes: every wake-up is a task waking a task (WF_SYNC), the
            // behaviour programs' blocking steps and the select_cpu_dfl sync path run on every event
            for (int i = 0; i < 2 * topo.nrCpuIds(); i++) {
                engine.addTask(TaskSpec.of("ping" + i, Step.run(20_000 + (i % 3) * 10_000L),
                        new Step.PipeWrite("to" + i), new Step.PipeRead("from" + i)));
                engine.addTask(TaskSpec.of("pong" + i, new Step.PipeRead("to" + i), Step.run(30_000),
                        new Step.PipeWrite("from" + i)));
            }
        }
        SchedOps ops = switch (policy) {
            case "simple" -> new SimplePolicy();
            case "simple-fifo" -> new SimplePolicy(true, Scx.SLICE_DFL);
            case "big-dsq-id" -> new FifoOnDsq(BIG_DSQ_ID);
            case "immed-wait" -> new ImmedAndWaitKicks();
            case "iter-move" -> new IterateAndMove(BIG_DSQ_ID);
            default -> null; // the fair class alone
        };
        if (ops != null) {
            assertEquals(0, engine.load(ops));
        }
        engine.runUntil(WARM_UP_SECONDS * SECOND);

        long fewestBytes = Long.MAX_VALUE;
        long eventsThen = 0;
        for (int w = 0; w < WINDOWS; w++) {
            long events0 = events.count;
            long bytes0 = allocatedBytes();
            engine.runUntil(engine.now() + SECOND);
            long bytes = allocatedBytes() - bytes0;
            if (bytes < fewestBytes) {
                fewestBytes = bytes;
                eventsThen = events.count - events0;
            }
        }

        assertTrue(engine.exits().isEmpty(), "no ejection: " + engine.exits());
        assertTrue(eventsThen > 50_000, "a busy second: " + eventsThen + " switches and wake-ups");
        double perEvent = (double) fewestBytes / eventsThen;
        assertTrue(perEvent < MAX_BYTES_PER_EVENT, String.format(
                "%s on the %s machine (%s) allocated %d bytes in its quietest second of %d switches and wake-ups "
                        + "(%.3f B per event, bound %.1f; escape analysis %s)",
                policy, machine, load, fewestBytes, eventsThen, perEvent, MAX_BYTES_PER_EVENT, escapeAnalysis()));
    }

    private static String escapeAnalysis() {
        boolean off = ProcessHandle.current().info().arguments()
                .map(args -> Arrays.asList(args).contains("-XX:-DoEscapeAnalysis")).orElse(false);
        return off ? "off" : "ON: allocations C2 scalar-replaces are not counted";
    }

    /**
     * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()}, through a method handle: scx-core's
     * module does not read {@code java.management}/{@code jdk.management}, and {@code invokeExact} on a
     * {@code ()long} handle boxes nothing, so the probe adds no allocation of its own to what it measures.
     */
    private static final MethodHandle CURRENT_THREAD_ALLOCATED_BYTES = currentThreadAllocatedBytes();

    private static MethodHandle currentThreadAllocatedBytes() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            Class<?> threadBean = Class.forName("com.sun.management.ThreadMXBean");
            Object bean = lookup.findStatic(factory, "getThreadMXBean",
                    MethodType.methodType(Class.forName("java.lang.management.ThreadMXBean"))).invoke();
            return lookup.findVirtual(threadBean, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
                    .bindTo(bean);
        } catch (Throwable e) {
            throw new IllegalStateException("this JVM cannot count a thread's allocated bytes", e);
        }
    }

    private static long allocatedBytes() {
        try {
            return (long) CURRENT_THREAD_ALLOCATED_BYTES.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts what every scheduling round has: context switches and wake-ups. */
    static final class EventCounter implements EventSink {
        long count;

        @Override
        public void onSwitch(long timeNs, int cpu, @Nullable Task prev, @Nullable Task next) {
            count++;
        }

        @Override
        public void onWakeup(long timeNs, Task p, int cpu) {
            count++;
        }
    }

    /** Global FIFO on a user DSQ of the given id (scx_simple's FIFO mode with another DSQ number). */
    record FifoOnDsq(long dsqId) implements SchedOps {
        @Override
        public String name() {
            return "fifo_on_dsq";
        }

        @Override
        public int init(Scx scx) {
            return scx.createDsq(dsqId, Scx.NUMA_NO_NODE);
        }

        @Override
        public void enqueue(Task p, long enqFlags) {
            Scx.current().dsqInsert(p, dsqId, Scx.SLICE_DFL, enqFlags);
        }

        @Override
        public void dispatch(int cpu, @Nullable Task prev) {
            Scx.current().dsqMoveToLocal(dsqId);
        }
    }

    /**
     * Every enqueue goes to the task's own local DSQ with {@code SCX_ENQ_IMMED} (a handed-back task goes to the global
     * DSQ) and WAIT-kicks the next CPU: the deferred IMMED re-enqueue and the {@code SCX_KICK_WAIT} paths on every
     * event.
     */
    record ImmedAndWaitKicks() implements SchedOps {
        @Override
        public String name() {
            return "immed_wait";
        }

        @Override
        public void enqueue(Task p, long enqFlags) {
            Scx scx = Scx.current();
            if ((enqFlags & EnqFlags.REENQ) != 0) {
                scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
                return;
            }
            int cpu = scx.taskCpu(p);
            scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, enqFlags | EnqFlags.IMMED);
            scx.kickCpu((cpu + 1) % scx.nrCpuIds(), KickFlags.WAIT);
        }
    }

    /**
     * Every dispatch walks the policy's DSQ ({@code bpf_for_each(scx_dsq, ...)}) and moves the first task that may run
     * on this CPU with {@code scx_bpf_dsq_move}; for each task it looks at, a nested walk from the tail
     * ({@code SCX_DSQ_ITER_REV}) is left with {@code break} after two steps, so it stays open until dispatch returns.
     * Two or more walks per dispatch: before the walks were pooled ({@code DsqWalks}) this case failed with 8,623,776
     * bytes in its quietest second of 51,581 switches and wake-ups, 167 B per event, with escape analysis off and on
     * alike (a walk object, an {@code ArrayList} and its array per {@code dsqIter}).
     */
    record IterateAndMove(long dsqId) implements SchedOps {
        @Override
        public String name() {
            return "iterate_and_move";
        }

        @Override
        public int init(Scx scx) {
            return scx.createDsq(dsqId, Scx.NUMA_NO_NODE);
        }

        @Override
        public void enqueue(Task p, long enqFlags) {
            Scx.current().dsqInsert(p, dsqId, Scx.SLICE_DFL, enqFlags);
        }

        @Override
        public void dispatch(int cpu, @Nullable Task prev) {
            Scx scx = Scx.current();
            DsqIterator it = scx.dsqIter(dsqId, 0);
            for (Task t : it) {
                int seen = 0;
                for (Task u : scx.dsqIter(dsqId, DsqIterFlags.REV)) {
                    if (u == t || ++seen == 2) {
                        break;
                    }
                }
                if (t.cpusAllowed().contains(cpu)) {
                    it.setMoveSlice(Scx.SLICE_DFL / 2);
                    scx.dsqMove(it, t, Dsq.LOCAL, 0);
                    return;
                }
            }
        }
    }
}
