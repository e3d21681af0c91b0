package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.Topology;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fair class (no policy loaded) honours {@code WF_SYNC} as Linux's {@code select_task_rq_fair} does
 * ({@code wake_affine} then {@code select_idle_sibling}): the scene of {@link WakeSyncPingPongTest} (a producer and a
 * consumer handing a message back and forth ten times, on four CPUs in two LLCs, 0-1 and 2-3, one node, no SMT), now
 * under fair.
 *
 * <p>Placement, derived by hand: two 1 ms hogs fork at 0 onto the least loaded CPUs, 0 and 1; the consumer forks at
 * 100 µs onto the least loaded CPU, 2, and blocks reading. The hogs end at 1 ms. The producer forks at 2 ms onto
 * CPU 0 (every CPU idle, the lowest wins) and starts ten rounds of 90 µs of work, a write to "ping", a read of "pong".
 * <ul>
 *   <li>Through pipes (sync wakes): the first write wakes the consumer from CPU 0, where the producer is the only
 *       task ({@code wake_affine_idle}: sync and {@code nr_running == 1}, so the target is CPU 0); CPU 0 is busy and
 *       the consumer's CPU 2 shares no cache with it, so {@code select_idle_sibling} takes the idle CPU of CPU 0's
 *       LLC, CPU 1: one migration across the LLCs. From then on each wakes the other from the only task on its CPU,
 *       the target is the waker's CPU, and the wakee's previous CPU shares that LLC and is idle: each stays where it
 *       is. CPU 0 runs the hog and the producer (1.9 ms), CPU 1 the other hog and the consumer (1.9 ms), CPU 2
 *       nothing.</li>
 *   <li>Through semaphores (ordinary wakes): the waker's CPU is busy and the wakee's previous CPU idle, so
 *       {@code wake_affine_idle} keeps the previous CPU: the consumer stays on CPU 2 in the other LLC, no migration;
 *       CPU 0 runs 1.9 ms, CPU 1 1 ms, CPU 2 0.9 ms.</li>
 * </ul>
 */
class FairWakeAffineTest {
    static final long US = 1_000L;
    static final long MS = 1_000_000L;
    static final int ROUNDS = 10;
    /** One side's work per round: 90 µs, so that no hand-over falls on a 1 ms tick (see the last test). */
    static final long WORK = 90 * US;

    static final Topology TWO_LLCS = WakeSyncTest.TWO_LLCS;

    static RunResult run(boolean pipes) {
        return run(pipes, MS);
    }

    static RunResult run(boolean pipes, long hog1Ns) {
        Step ping = pipes ? new Step.PipeWrite("ping") : new Step.SemPost("ping");
        Step waitPing = pipes ? new Step.PipeRead("ping") : new Step.SemWait("ping");
        Step pong = pipes ? new Step.PipeWrite("pong") : new Step.SemPost("pong");
        Step waitPong = pipes ? new Step.PipeRead("pong") : new Step.SemWait("pong");
        Engine e = new Engine(TWO_LLCS, EngineConfig.defaults().withMachine(MachineModel.ideal()));
        e.addWorkload(Workload.of("ping-pong",
                TaskSpec.of("hog0", Step.run(MS)).repeating(1), TaskSpec.of("hog1", Step.run(hog1Ns)).repeating(1),
                TaskSpec.of("consumer", waitPing, Step.run(WORK), pong).repeating(ROUNDS).startingAt(100 * US),
                TaskSpec.of("producer", Step.run(WORK), ping, waitPong).repeating(ROUNDS).startingAt(2 * MS)));
        e.afterEachStep(e::checkInvariants);
        RunResult r = e.run(Duration.ofMillis(10));
        assertEquals(ROUNDS * WORK, r.task("consumer").runtimeNs());
        assertEquals(ROUNDS * WORK, r.task("producer").runtimeNs());
        return r;
    }

    @Test
    void aPipePingPongPairUnderFairMovesOnceIntoTheProducersLlcAndThenStaysPut() {
        RunResult r = run(true);
        TaskResult consumer = r.task("consumer");
        assertEquals(1, consumer.migrations(), "pulled once, to the idle CPU 1 beside the producer's CPU 0");
        assertEquals(1, consumer.migrationsSameNode(), "the one move crosses the LLCs");
        assertEquals(0, r.task("producer").migrations());
        assertEquals(MS + ROUNDS * WORK, r.cpus().get(0).busyNs());
        assertEquals(MS + ROUNDS * WORK, r.cpus().get(1).busyNs());
        assertEquals(0, r.cpus().get(2).busyNs());
    }

    @Test
    void aSemaphorePingPongPairUnderFairStaysOnItsTwoCpusInDifferentLlcs() {
        RunResult r = run(false);
        assertEquals(0, r.task("consumer").migrations());
        assertEquals(0, r.task("producer").migrations());
        assertEquals(MS + ROUNDS * WORK, r.cpus().get(0).busyNs());
        assertEquals(MS, r.cpus().get(1).busyNs());
        assertEquals(ROUNDS * WORK, r.cpus().get(2).busyNs());
    }

    /**
     * The pipe scene with the second hog running 5 ms: at the first write CPU 1 is busy, so the producer's LLC has no
     * idle CPU and {@code select_idle_sibling} returns the target itself, the producer's CPU 0, although the
     * consumer's previous CPU 2 in the other LLC is idle. The consumer queues on CPU 0 and runs there as soon as the
     * producer blocks reading; from then on both wake each other on CPU 0 (the wakee's previous CPU is the waker's,
     * the only other CPU of the LLC is busy). CPU 0 runs the first hog and all the pair's work, 2.8 ms. (With 100 µs
     * rounds a hand-over falls on the 3 ms tick while the waker is still on the CPU; the tick's balance then sees the
     * wakee waiting behind it and pushes it to an idle CPU, and the pair moves to the other LLC: legitimate, but not
     * this test's point.)
     */
    @Test
    void aPipePingPongPairUnderFairSharesTheProducersCpuWhenItsLlcHasNoIdleCpu() {
        RunResult r = run(true, 5 * MS);
        TaskResult consumer = r.task("consumer");
        assertEquals(1, consumer.migrations(), "pulled once, onto the producer's CPU 0");
        assertEquals(1, consumer.migrationsSameNode(), "the one move crosses the LLCs");
        assertEquals(0, r.task("producer").migrations());
        assertEquals(MS + 2 * ROUNDS * WORK, r.cpus().get(0).busyNs());
        assertEquals(5 * MS, r.cpus().get(1).busyNs());
        assertEquals(0, r.cpus().get(2).busyNs());
    }
}
