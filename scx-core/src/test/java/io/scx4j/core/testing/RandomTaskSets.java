package io.scx4j.core.testing;

import io.scx4j.api.SchedPolicy;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * Random task sets for jqwik properties that run the engine: tasks whose programs ({@link Step}s) run, sleep, block on
 * and wake one another, with random nice levels, policies and affinity masks. Published in scx-core's test-jar
 * ({@code <type>test-jar</type>}) rather than in scx-test-fixtures because they are built from scx-core's workload types and
 * scx-core's own properties use them; see scx-test-fixtures/README.md.
 *
 * <p>Three ready sets, from plain to rich: {@link #runSleepTaskSets} (run/sleep loops only: every task always comes
 * back, so "every task runs within X" is a fair property), {@link #blockingTaskSets} (also mutexes, yields, timers, a
 * semaphore and a pipe: the wake-up paths, {@code SCX_WAKE_SYNC} from a pipe write, priority inheritance; with
 * {@link #blockingAndMovingTaskSets}, phases that change the task's own affinity too) and
 * {@link #taskSets} (also suspend/resume pairs, forks of short-lived children, exits, SCHED_BATCH / SCHED_IDLE /
 * SCHED_FIFO tasks and late starts, drawn machine-independent and cut to a machine by {@link #workload}). The parts
 * ({@link #runs}, {@link #locked}, ...) compose other mixes with {@link #programs}.
 *
 * <p>The draws are deterministic for a seed: the mixes keep their composition so that a property with a fixed seed
 * sees the same samples from build to build.
 */
public final class RandomTaskSets {
    /** One microsecond in ns. */
    public static final long US = 1_000L;
    /** One millisecond in ns. */
    public static final long MS = 1_000_000L;
    /** The name of the fork template of {@link #workload}: what {@link Step.Fork} steps of {@link #taskSets} start. */
    public static final String CHILD = "child";

    private RandomTaskSets() {}

    /** Run steps of 50 us .. 20 ms: from a short burst to a full default slice ({@code SCX_SLICE_DFL}). */
    public static Arbitrary<Step> runs() {
        return Arbitraries.longs().between(50 * US, 20 * MS).map(Step::run);
    }

    /** Sleep steps of 10 us .. 10 ms. */
    public static Arbitrary<Step> sleeps() {
        return Arbitraries.longs().between(10 * US, 10 * MS).map(Step::sleep);
    }

    /** A run, then a sleep half of the time. */
    public static Arbitrary<List<Step>> runSleep(Arbitrary<Step> run, Arbitrary<Step> sleep) {
        return Combinators.combine(run, sleep, Arbitraries.of(true, false))
                .as((r, s, sleeps) -> sleeps ? List.of(r, s) : List.of(r));
    }

    /** A one-level critical section on mutex {@code m0} or {@code m1}: no nesting, so no deadlock. */
    public static Arbitrary<List<Step>> locked(Arbitrary<Step> run) {
        return Combinators.combine(Arbitraries.of("m0", "m1"), run)
                .as((m, r) -> List.of(new Step.Lock(m), r, new Step.Unlock(m)));
    }

    /** A run, then {@code sched_yield()}. */
    public static Arbitrary<List<Step>> yielding(Arbitrary<Step> run) {
        return run.map(r -> List.of(r, new Step.Yield()));
    }

    /** A run, then a wait for the next tick of a periodic timer of 1..30 ms (relative or absolute). */
    public static Arbitrary<List<Step>> timed(Arbitrary<Step> run) {
        return Combinators.combine(run, Arbitraries.longs().between(1 * MS, 30 * MS), Arbitraries.of(true, false))
                .as((r, period, abs) -> List.of(r, new Step.Timer("unique", period, abs)));
    }

    /** A run, then a post of semaphore {@code s}. */
    public static Arbitrary<List<Step>> posting(Arbitrary<Step> run) {
        return run.map(r -> List.of(r, new Step.SemPost("s")));
    }

    /** A run, then a wait on semaphore {@code s}. */
    public static Arbitrary<List<Step>> taking(Arbitrary<Step> run) {
        return run.map(r -> List.of(r, new Step.SemWait("s")));
    }

    /**
     * A run, a write to pipe {@code p}, a read from it: written before it is read in every part, so not every task can
     * wait on it at once; a write that finds a blocked reader wakes it with {@code WF_SYNC}.
     */
    public static Arbitrary<List<Step>> piping(Arbitrary<Step> run) {
        return run.map(r -> List.of(r, new Step.PipeWrite("p"), new Step.PipeRead("p")));
    }

    /**
     * A phase that sets the running task's own affinity to a random non-empty subset of CPUs 0..3 (online on every
     * machine of 4 CPUs or more) and runs in it: the {@code sched_change} cycle, and the stopper's move when the
     * task's CPU left the mask.
     */
    public static Arbitrary<List<Step>> moving(Arbitrary<Step> run) {
        return Combinators.combine(run, Arbitraries.integers().between(1, 0xf))
                .as((r, bits) -> List.of(new Step.Phase("move", 1, new Step.Attrs(null, null, mask(bits, 4), null),
                        List.of(r))));
    }

    /** A run, then a resume of task {@code t0..t<maxTask>} by name (a resume sent before the suspend is kept). */
    public static Arbitrary<List<Step>> resuming(Arbitrary<Step> run, int maxTask) {
        return Combinators.combine(run, Arbitraries.integers().between(0, maxTask))
                .as((r, who) -> List.of(r, new Step.Resume("t" + who)));
    }

    /** A run, then a suspend until another task resumes this one. */
    public static Arbitrary<List<Step>> suspending(Arbitrary<Step> run) {
        return run.map(r -> List.of(r, new Step.Suspend()));
    }

    /** A run, a fork of the {@link #CHILD} template, a sleep. */
    public static Arbitrary<List<Step>> forking(Arbitrary<Step> run, Arbitrary<Step> sleep) {
        return Combinators.combine(run, sleep).as((r, s) -> List.of(r, new Step.Fork(CHILD), s));
    }

    /** Programs of 1..3 parts drawn from {@code parts}, concatenated. */
    public static Arbitrary<List<Step>> programs(Arbitrary<List<Step>> parts) {
        return parts.list().ofMinSize(1).ofMaxSize(3).map(drawn -> drawn.stream().flatMap(List::stream).toList());
    }

    /**
     * 1..12 {@code SCHED_NORMAL} tasks {@code t0..tN} of run/sleep programs, nice in {@code minNice..maxNice}, a third
     * with no affinity, the others on a random non-empty subset of CPUs 0..15 (cut it to the machine's CPUs).
     */
    public static Arbitrary<List<TaskSpec>> runSleepTaskSets(int minNice, int maxNice) {
        return taskSpecs(programs(runSleep(runs(), sleeps())), minNice, maxNice);
    }

    /**
     * Like {@link #runSleepTaskSets} at nice -20..19, with programs that also block on and wake other tasks: run/sleep
     * (weight 4), critical sections (2), yields, periodic timers, semaphore posts and pipe round trips (1 each). A task
     * waiting on a mutex held across long runs need not run within a given time; keep "every task runs" properties on
     * {@link #runSleepTaskSets}.
     */
    public static Arbitrary<List<TaskSpec>> blockingTaskSets() {
        Arbitrary<Step> run = runs();
        Arbitrary<List<Step>> parts = Arbitraries.frequencyOf(Tuple.of(4, runSleep(run, sleeps())),
                Tuple.of(2, locked(run)), Tuple.of(1, yielding(run)), Tuple.of(1, timed(run)),
                Tuple.of(1, posting(run)), Tuple.of(1, piping(run)));
        return taskSpecs(programs(parts), -20, 19);
    }

    /**
     * {@link #blockingTaskSets} whose programs also move themselves: phases that change their own affinity
     * ({@link #moving}, weight 1). For machines of 4 CPUs or more.
     */
    public static Arbitrary<List<TaskSpec>> blockingAndMovingTaskSets() {
        Arbitrary<Step> run = runs();
        Arbitrary<List<Step>> parts = Arbitraries.frequencyOf(Tuple.of(4, runSleep(run, sleeps())),
                Tuple.of(2, locked(run)), Tuple.of(1, yielding(run)), Tuple.of(1, timed(run)),
                Tuple.of(1, posting(run)), Tuple.of(1, piping(run)), Tuple.of(1, moving(run)));
        return taskSpecs(programs(parts), -20, 19);
    }

    private static Arbitrary<List<TaskSpec>> taskSpecs(Arbitrary<List<Step>> program, int minNice, int maxNice) {
        Arbitrary<@Nullable CpuMask> affinity = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just((CpuMask) null)),
                Tuple.of(2, Arbitraries.integers().between(1, 0xffff).map(bits -> mask(bits, 16))));
        Arbitrary<TaskSpec> task = Combinators.combine(program, Arbitraries.integers().between(minNice, maxNice),
                affinity).as((prog, nice, mask) -> new TaskSpec("t", 0, SchedPolicy.NORMAL, nice, mask, 0, prog, -1));
        return task.list().ofMinSize(1).ofMaxSize(12).map(list -> {
            List<TaskSpec> named = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                TaskSpec t = list.get(i);
                named.add(new TaskSpec("t" + i, 0, t.policy(), t.nice(), t.affinity(), 0, t.program(), -1));
            }
            return named;
        });
    }

    /**
     * One drawn task of {@link #taskSets} before it meets a machine.
     *
     * @param program      its behaviour
     * @param nice         nice level
     * @param policy       NORMAL, BATCH, IDLE or (rarely) FIFO
     * @param affinityBits bit i = may run on CPU i (0 = all CPUs)
     * @param startNs      fork time
     * @param repeat       times the program runs before the task exits, -1 for ever
     */
    public record Drawn(List<Step> program, int nice, SchedPolicy policy, int affinityBits, long startNs, int repeat) {}

    /**
     * The richest sets: 1..14 tasks whose programs run, sleep, take and release shared mutexes, yield, run on periodic
     * timers, post and take a semaphore, suspend and resume one another, and fork short-lived children that exit; with
     * nice values -20..19, some SCHED_BATCH / SCHED_IDLE / SCHED_FIFO tasks, random affinity masks, start times within
     * the first 50 ms and a finite repeat count for some (they exit). Affinity is drawn as 24 random bits and cut to the
     * machine's CPUs when the workload is built ({@link #workload}).
     */
    public static Arbitrary<List<Drawn>> taskSets() {
        Arbitrary<Step> run = runs();
        Arbitrary<Step> sleep = sleeps();
        Arbitrary<List<Step>> program = programs(Arbitraries.frequencyOf(
                Tuple.of(6, runSleep(run, sleep)), Tuple.of(2, locked(run)), Tuple.of(1, yielding(run)),
                Tuple.of(1, timed(run)), Tuple.of(1, posting(run)), Tuple.of(1, taking(run)),
                Tuple.of(2, resuming(run, 13)), Tuple.of(1, suspending(run)), Tuple.of(1, forking(run, sleep))));
        Arbitrary<SchedPolicy> policy = Arbitraries.frequency(Tuple.of(16, SchedPolicy.NORMAL),
                Tuple.of(2, SchedPolicy.BATCH), Tuple.of(1, SchedPolicy.IDLE), Tuple.of(1, SchedPolicy.FIFO));
        Arbitrary<Integer> affinity = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(2, Arbitraries.integers().between(1, 0xffffff)));
        Arbitrary<Long> start = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0L)),
                Tuple.of(1, Arbitraries.longs().between(0, 50 * MS)));
        Arbitrary<Integer> repeat = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(-1)),
                Tuple.of(1, Arbitraries.integers().between(1, 20)));
        Arbitrary<Drawn> task = Combinators.combine(program, Arbitraries.integers().between(-20, 19), policy,
                affinity, start, repeat).as(Drawn::new);
        return task.list().ofMinSize(1).ofMaxSize(14);
    }

    /**
     * The workload of {@code drawn} on a machine of {@code nrCpus} CPUs: tasks {@code t0..tN}, affinity bits cut to
     * the machine (an empty cut means all CPUs), FIFO tasks at RT priority {@code 1 + nice mod 99}, and the fork
     * template {@link #CHILD} (a few short run/sleep rounds, then exit).
     */
    public static Workload workload(List<Drawn> drawn, int nrCpus) {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) {
            Drawn d = drawn.get(i);
            CpuMask mask = mask(d.affinityBits(), nrCpus);
            TaskSpec.Builder b = TaskSpec.of("t" + i, Step.run(1)).toBuilder().program(d.program())
                    .policy(d.policy()).affinity(mask).startNs(d.startNs()).repeat(d.repeat());
            if (d.policy() == SchedPolicy.FIFO) {
                b.rtPriority(1 + Math.floorMod(d.nice(), 99));
            } else {
                b.nice(d.nice());
            }
            tasks.add(b.build());
        }
        TaskSpec child = TaskSpec.of(CHILD, Step.run(300 * US), Step.sleep(MS), Step.run(200 * US))
                .toBuilder().repeat(2).build();
        return new Workload("random", tasks, List.of(child), 0, 0);
    }

    /** The CPUs of {@code bits} below {@code nrCpus} (and below 24), or null (all CPUs) when none is left. */
    public static @Nullable CpuMask mask(int bits, int nrCpus) {
        CpuMask.Builder b = CpuMask.builder();
        boolean any = false;
        for (int cpu = 0; cpu < nrCpus && cpu < 24; cpu++) {
            if ((bits & (1 << cpu)) != 0) {
                b.set(cpu);
                any = true;
            }
        }
        return any ? b.build() : null;
    }
}
