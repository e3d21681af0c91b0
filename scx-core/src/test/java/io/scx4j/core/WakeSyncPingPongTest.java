package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.SchedOps;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.lib.policies.SimplePolicy;
import io.scx4j.topology.Topology;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A producer and a consumer that hand a message back and forth (the shape of {@code perf bench sched pipe}), on a
 * machine of two LLCs (CPUs 0-1 and 2-3, one node, no SMT), under {@code simple} (which calls
 * {@code scx_bpf_select_cpu_dfl}) and under a policy without {@code ops.select_cpu} (the kernel's default path).
 *
 * <p>Placement, derived by hand: two 1 ms hogs fork at 0 and take CPUs 0 and 1 (the fork's previous CPU is 0: CPU
 * 0, then the idle CPU 1 of the same LLC); the consumer forks at 100 µs onto an idle CPU of the other LLC (2) and
 * blocks reading. The hogs end at 1 ms; the producer forks at 2 ms onto idle CPU 0 and starts ten rounds of 100 µs
 * of work, a write to "ping", a read of "pong".
 *
 * <ul>
 *   <li>Through pipes (sync wakes), the first write finds the consumer's previous CPU 2 outside the waker's LLC, and
 *       the waker's CPU 0 with an empty local DSQ on a machine with idle CPUs: the consumer is dispatched to CPU 0
 *       and runs there when the producer blocks. From then on each wakes the other on CPU 0 (previous CPU is the
 *       waker's own CPU, not idle; step 1 returns the waker's CPU): one migration across the LLCs in all, and CPU 0
 *       runs all 2 ms of the pair's work.</li>
 *   <li>Through semaphores (ordinary wakes), each wake-up finds the wakee's previous CPU idle and keeps it: the
 *       consumer stays on CPU 2 in the other LLC, no migration, CPU 0 and CPU 2 run 1 ms each.</li>
 * </ul>
 */
class WakeSyncPingPongTest {
    static final long US = 1_000L;
    static final long MS = 1_000_000L;
    static final int ROUNDS = 10;

    static final Topology TWO_LLCS = WakeSyncTest.TWO_LLCS;

    static Supplier<SchedOps> policy(String name) {
        return switch (name) {
            case "simple" -> SimplePolicy::new;
            case "no_select_cpu" -> () -> () -> "no_select_cpu";
            default -> throw new IllegalArgumentException(name);
        };
    }

    static RunResult run(SchedOps ops, boolean pipes) {
        Step ping = pipes ? new Step.PipeWrite("ping") : new Step.SemPost("ping");
        Step waitPing = pipes ? new Step.PipeRead("ping") : new Step.SemWait("ping");
        Step pong = pipes ? new Step.PipeWrite("pong") : new Step.SemPost("pong");
        Step waitPong = pipes ? new Step.PipeRead("pong") : new Step.SemWait("pong");
        Engine e = new Engine(TWO_LLCS, EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addWorkload(Workload.of("ping-pong",
                TaskSpec.of("hog0", Step.run(MS)).repeating(1), TaskSpec.of("hog1", Step.run(MS)).repeating(1),
                TaskSpec.of("consumer", waitPing, Step.run(100 * US), pong).repeating(ROUNDS).startingAt(100 * US),
                TaskSpec.of("producer", Step.run(100 * US), ping, waitPong).repeating(ROUNDS).startingAt(2 * MS)));
        e.afterEachStep(e::checkInvariants);
        assertEquals(0, e.load(ops));
        RunResult r = e.run(Duration.ofMillis(10));
        assertTrue(r.exits().isEmpty(), () -> "no ejection: " + r.exits());
        assertEquals(ROUNDS * 100 * US, r.task("consumer").runtimeNs());
        assertEquals(ROUNDS * 100 * US, r.task("producer").runtimeNs());
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "no_select_cpu"})
    void aPipePingPongPairMovesOnceAcrossLlcsAndThenSharesTheProducersCpu(String name) {
        RunResult r = run(policy(name).get(), true);
        TaskResult consumer = r.task("consumer");
        assertEquals(1, consumer.migrations(), "pulled once to the waker's CPU");
        assertEquals(1, consumer.migrationsSameNode(), "the one move crosses the LLCs");
        assertEquals(0, r.task("producer").migrations());
        // CPU 0: hog 1 ms, then the pair's 2 x 10 x 100 us; CPU 2 ran only the consumer's zero-time first read
        assertEquals(MS + 2 * ROUNDS * 100 * US, r.cpus().get(0).busyNs());
        assertEquals(0, r.cpus().get(2).busyNs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "no_select_cpu"})
    void aSemaphorePingPongPairStaysOnItsTwoCpusInDifferentLlcs(String name) {
        RunResult r = run(policy(name).get(), false);
        assertEquals(0, r.task("consumer").migrations());
        assertEquals(0, r.task("producer").migrations());
        assertEquals(MS + ROUNDS * 100 * US, r.cpus().get(0).busyNs());
        assertEquals(ROUNDS * 100 * US, r.cpus().get(2).busyNs());
    }
}
