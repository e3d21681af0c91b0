package io.scx4j.policy.lavd;

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

/**
 * Random workloads for LAVD's property tests: 1..14 tasks whose programs run, sleep, take and release shared mutexes,
 * yield, run on periodic timers, post and take a semaphore, suspend and resume one another, and fork short-lived
 * children that exit; with nice values -20..19, some SCHED_BATCH / SCHED_IDLE / SCHED_FIFO tasks, random affinity
 * masks, start times within the first 50 ms and a finite repeat count for some (they exit). Affinity is drawn as 24
 * random bits and cut to the machine's CPUs when the workload is built ({@link #workload}).
 */
final class RandomTaskSets {
    static final long US = 1_000L;
    static final long MS = 1_000_000L;
    static final String CHILD = "child";

    private RandomTaskSets() {}

    /**
     * One drawn task before it meets a machine.
     *
     * @param program      its behaviour
     * @param nice         nice level
     * @param policy       NORMAL, BATCH, IDLE or (rarely) FIFO
     * @param affinityBits bit i = may run on CPU i (0 = all CPUs)
     * @param startNs      fork time
     * @param repeat       times the program runs before the task exits, -1 for ever
     */
    record Drawn(List<Step> program, int nice, SchedPolicy policy, int affinityBits, long startNs, int repeat) {}

    static Arbitrary<List<Drawn>> taskSets() {
        Arbitrary<Step> run = Arbitraries.longs().between(50 * US, 20 * MS).map(Step::run);
        Arbitrary<Step> sleep = Arbitraries.longs().between(10 * US, 10 * MS).map(Step::sleep);
        Arbitrary<List<Step>> runSleep = Combinators.combine(run, sleep, Arbitraries.of(true, false))
                .as((r, s, sleeps) -> sleeps ? List.of(r, s) : List.of(r));
        // one-level critical sections on two shared mutexes: no nesting, so no deadlock
        Arbitrary<List<Step>> locked = Combinators.combine(Arbitraries.of("m0", "m1"), run)
                .as((m, r) -> List.of(new Step.Lock(m), r, new Step.Unlock(m)));
        Arbitrary<List<Step>> yielding = run.map(r -> List.of(r, new Step.Yield()));
        Arbitrary<List<Step>> timed = Combinators.combine(run, Arbitraries.longs().between(1 * MS, 30 * MS),
                Arbitraries.of(true, false)).as((r, period, abs) -> List.of(r, new Step.Timer("unique", period, abs)));
        Arbitrary<List<Step>> posting = run.map(r -> List.of(r, new Step.SemPost("s")));
        Arbitrary<List<Step>> taking = run.map(r -> List.of(r, new Step.SemWait("s")));
        // waker/wakee pairs: a task resumes another by name (a resume sent before the suspend is kept)
        Arbitrary<List<Step>> resuming = Combinators.combine(run, Arbitraries.integers().between(0, 13))
                .as((r, who) -> List.of(r, new Step.Resume("t" + who)));
        Arbitrary<List<Step>> suspending = run.map(r -> List.of(r, new Step.Suspend()));
        Arbitrary<List<Step>> forking = Combinators.combine(run, sleep)
                .as((r, s) -> List.of(r, new Step.Fork(CHILD), s));
        Arbitrary<List<Step>> program = Arbitraries.frequencyOf(
                        Tuple.of(6, runSleep), Tuple.of(2, locked), Tuple.of(1, yielding), Tuple.of(1, timed),
                        Tuple.of(1, posting), Tuple.of(1, taking), Tuple.of(2, resuming), Tuple.of(1, suspending),
                        Tuple.of(1, forking))
                .list().ofMinSize(1).ofMaxSize(3)
                .map(parts -> parts.stream().flatMap(List::stream).toList());
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
     * the machine (an empty cut means all CPUs), and the fork template {@code child} (a few short run/sleep rounds,
     * then exit).
     */
    static Workload workload(List<Drawn> drawn, int nrCpus) {
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

    /** The CPUs of {@code bits} below {@code nrCpus}, or null (all CPUs) when none is left. */
    static @org.jspecify.annotations.Nullable CpuMask mask(int bits, int nrCpus) {
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
