package io.scx4j.core.workload;

import io.scx4j.api.SchedPolicy;
import io.scx4j.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The built-in workloads ({@code scx run --workload NAME}): each models a case sched_ext schedulers are built and
 * judged for, scales with the machine's CPU count, and is deterministic (random think times are drawn from the
 * engine's seeded stream at run time). {@code docs/workloads.md} describes each with its parameters.
 *
 * <ul>
 *   <li>{@code gaming} — a 60 fps game under a background compile;</li>
 *   <li>{@code schbench} — request/response wake-ups (masoncl/schbench);</li>
 *   <li>{@code hackbench} — all-to-all message storms in groups (hackbench / perf bench sched messaging);</li>
 *   <li>{@code ai-training} — data loaders feeding ranks that meet at a barrier every step;</li>
 *   <li>{@code mixed-server} — latency-critical RPC handlers beside batch jobs;</li>
 *   <li>{@code rt-pipeline} — timer-driven audio-style chains of suspend/resume stages under CPU load.</li>
 * </ul>
 */
public final class Scenarios {

    private static final long US = 1_000;
    private static final long MS = 1_000_000;

    /** One frame at 60 Hz: 1/60 s. */
    public static final long FRAME_60HZ_NS = 16_666_667;

    /** 128 samples at 48 kHz, a common low-latency audio quantum: 2.667 ms. */
    public static final long AUDIO_QUANTUM_NS = 2_666_667;

    private static final List<Scenario> ALL = List.of(
            new Scenario("gaming",
                    "a 60 fps game (a render thread paced by a frame timer, game-logic threads with their own frame"
                            + " deadlines, an audio thread, a compositor woken by the render thread) while a parallel"
                            + " compile keeps every CPU busy",
                    "does the policy keep interactive, periodic threads on time (frame misses, wake-up latency of"
                            + " render/audio/compositor) while batch work saturates the machine?",
                    Scenarios::gaming),
            new Scenario("schbench",
                    "schbench: per NUMA node one message thread posts requests to one worker per CPU; a request is"
                            + " two 100 µs sleeps around 1 ms of matrix math on a 256 KiB working set",
                    "how long do woken workers wait for a CPU (wake-up latency p99) when every CPU is busy, and does"
                            + " the policy trade throughput for it?",
                    Scenarios::schbench),
            new Scenario("hackbench",
                    "hackbench: groups of 20 senders and 20 receivers; every sender sends 100 messages to every"
                            + " receiver of its group after a common start barrier",
                    "how fast does the policy drain a storm of short wake-ups (makespan), and what does its"
                            + " per-wake-up overhead and placement cost?",
                    Scenarios::hackbench),
            new Scenario("ai-training",
                    "data-parallel training: each rank consumes batches from its own data-loader thread (a bounded"
                            + " queue of two) and all ranks meet at an all-reduce barrier every step",
                    "does the policy avoid stragglers, given that a rank delayed by a moment stalls every rank at the"
                            + " barrier, so step time follows the worst placement decision?",
                    Scenarios::aiTraining),
            new Scenario("mixed-server",
                    "a server with latency-critical RPC handlers (Poisson arrivals, ~300 µs requests) next to"
                            + " SCHED_BATCH jobs, one per CPU",
                    "can the policy keep RPC wake-up latency low while batch jobs use every idle cycle?",
                    Scenarios::mixedServer),
            new Scenario("rt-pipeline",
                    "audio-style processing chains: a source paced by a 2.667 ms timer resumes two suspended stages"
                            + " and a sink in turn, while one CPU hog per CPU competes",
                    "does every stage of a timer-driven wake-up chain run within the period (deadline misses)"
                            + " under load?",
                    Scenarios::rtPipeline),
            new Scenario("cpu-mix",
                    "CPU-bound batch tasks (50 ms bursts, one per CPU) beside as many short interactive tasks"
                            + " (0.5 ms every 4.5 ms) and two 60 Hz render loops (3 ms per frame)",
                    "do short, frequently waking tasks still get a CPU quickly while batch work could fill every"
                            + " CPU?",
                    Scenarios::cpuMix));

    private Scenarios() {}

    /** {@code cpu-mix}: the small default of {@code scx run}; every group is a plain run/sleep loop. */
    static Workload cpuMix(Topology topology) {
        int n = topology.online().weight();
        List<TaskSpec> tasks = new ArrayList<>();
        tasks.addAll(Workload.copies(n, TaskSpec.of("batch", Step.run(50 * MS)).inGroup("batch")));
        tasks.addAll(Workload.copies(n,
                TaskSpec.of("interactive", Step.run(500 * US), Step.sleep(4 * MS)).inGroup("interactive")));
        tasks.addAll(Workload.copies(2,
                TaskSpec.of("render", Step.run(3 * MS), Step.sleep(13_600 * US)).inGroup("render")));
        return new Workload("cpu-mix", tasks);
    }

    /** Every built-in scenario, in a fixed order. */
    public static List<Scenario> all() {
        return ALL;
    }

    /** The scenario called {@code name}, if there is one. */
    public static Optional<Scenario> find(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static int cpus(Topology t) {
        return t.online().weight();
    }

    private static TaskSpec task(String comm, String group, int repeat, Step... program) {
        return new TaskSpec(comm, 0, SchedPolicy.NORMAL, 0, null, 0, List.of(program), repeat, group, 0, "/", 0, 0);
    }

    /**
     * {@code gaming}: render 1 (frame timer 16.67 ms, 4 ms of work, resumes the compositor), game
     * {@code clamp(cpus/4, 1, 4)} (each its own 16.67 ms frame timer, 3 ms of work), audio 1 (2.667 ms quantum,
     * 300 µs, nice -11 as rtkit-less PipeWire runs), compositor 1 (suspended until the render thread resumes it,
     * 1.5 ms), compile one job per CPU (40 ms of work then 2 ms of I/O, for ever). Frame misses are the timer misses
     * of the render and game groups.
     */
    static Workload gaming(Topology t) {
        int n = cpus(t);
        List<TaskSpec> tasks = new ArrayList<>();
        tasks.add(task("render", "render", -1,
                new Step.Timer("render-frame", FRAME_60HZ_NS, false), new Step.Run(4 * MS),
                new Step.Resume("compositor")).withNice(-5));
        int game = Math.max(1, Math.min(4, n / 4));
        tasks.addAll(Workload.copies(game, task("game", "game", -1,
                new Step.Timer("unique-game-frame", FRAME_60HZ_NS, false), new Step.Run(3 * MS)).withNice(-5)));
        tasks.add(task("audio", "audio", -1,
                new Step.Timer("audio-quantum", AUDIO_QUANTUM_NS, false), new Step.Run(300 * US)).withNice(-11));
        tasks.add(task("compositor", "compositor", -1, new Step.Suspend(), new Step.Run(1_500 * US)).withNice(-5));
        tasks.addAll(Workload.copies(n, task("cc1", "compile", -1, new Step.Run(40 * MS), new Step.Sleep(2 * MS))));
        return new Workload("gaming", tasks);
    }

    /**
     * {@code schbench}: one message thread per NUMA node and {@code cpus / nodes} workers each. Each round the message
     * thread posts one request per worker and waits until all are done; a worker waits for a request, sleeps 100 µs,
     * does 1 ms of work on a 256 KiB working set (schbench {@code -F 256}), sleeps 100 µs and reports back.
     */
    static Workload schbench(Topology t) {
        int n = cpus(t);
        int nodes = Math.max(1, t.nodes().size());
        int workers = Math.max(1, n / nodes);
        List<TaskSpec> tasks = new ArrayList<>();
        for (int m = 0; m < nodes; m++) {
            String req = "schbench-req-" + m;
            String done = "schbench-done-" + m;
            List<Step> round = new ArrayList<>();
            round.add(new Step.Run(5 * US));
            for (int w = 0; w < workers; w++) {
                round.add(new Step.SemPost(req));
            }
            for (int w = 0; w < workers; w++) {
                round.add(new Step.SemWait(done));
            }
            tasks.add(new TaskSpec("message-" + m, 0, SchedPolicy.NORMAL, 0, null, 0, round, -1, "message", 0, "/", 0,
                    0));
            TaskSpec worker = task("worker-" + m, "worker", -1, new Step.SemWait(req), new Step.Sleep(100 * US),
                    new Step.Run(1 * MS), new Step.Sleep(100 * US), new Step.SemPost(done))
                    .toBuilder().workingSetBytes(256 * 1024).build();
            tasks.addAll(Workload.copies(workers, worker));
        }
        return new Workload("schbench", tasks);
    }

    /** Messages each sender sends to each receiver (perf bench sched messaging's default loops). */
    static final int HACKBENCH_LOOPS = 100;

    /** Senders and receivers per group (hackbench's default fds). */
    static final int HACKBENCH_FDS = 20;

    /**
     * {@code hackbench}: {@code ceil(cpus / 8)} groups of 20 senders and 20 receivers; all 40 × groups tasks meet at a
     * start barrier, then each sender sends {@value #HACKBENCH_LOOPS} rounds of one message to each receiver of its
     * group (2 µs to write a 100-byte message, then a {@link Step.PipeWrite} to that receiver's pipe) and each
     * receiver takes its 2000 messages ({@link Step.PipeRead}, then 2 µs to read each); every task exits when done,
     * so the run's makespan is hackbench's "Time". hackbench talks through UNIX sockets (or pipes with {@code -p}),
     * whose writes wake a blocked reader with {@code WF_SYNC} ({@code sock_def_readable}, {@code pipe_write}), so
     * policies see {@code SCX_WAKE_SYNC} here although the sender goes on writing.
     */
    static Workload hackbench(Topology t) {
        int groups = (cpus(t) + 7) / 8;
        int parties = groups * 2 * HACKBENCH_FDS;
        Step.Barrier go = new Step.Barrier("hackbench-go", parties);
        List<TaskSpec> tasks = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<Step> round = new ArrayList<>();
            for (int r = 0; r < HACKBENCH_FDS; r++) {
                round.add(new Step.Run(2 * US));
                round.add(new Step.PipeWrite("hackbench-" + g + "-" + r));
            }
            for (int s = 0; s < HACKBENCH_FDS; s++) {
                tasks.add(new TaskSpec("sender-" + g + "-" + s, 0, SchedPolicy.NORMAL, 0, null, 0,
                        List.of(go, new Step.Loop(HACKBENCH_LOOPS, round)), 1, "sender", 0, "/", 0, 0));
            }
            for (int r = 0; r < HACKBENCH_FDS; r++) {
                tasks.add(new TaskSpec("receiver-" + g + "-" + r, 0, SchedPolicy.NORMAL, 0, null, 0,
                        List.of(go, new Step.Loop(HACKBENCH_LOOPS * HACKBENCH_FDS,
                                List.of(new Step.PipeRead("hackbench-" + g + "-" + r), new Step.Run(2 * US)))),
                        1, "receiver", 0, "/", 0, 0));
            }
        }
        return new Workload("hackbench", tasks);
    }

    /**
     * {@code ai-training}: {@code max(2, cpus / 2)} ranks, each with one data loader. A loader waits for a free slot of
     * its rank's two-batch queue, reads for 1 ms and decodes for 6 ms, then hands the batch over; a rank takes a
     * batch, computes 8 ms, meets every other rank at the all-reduce barrier, and applies the update in 1 ms.
     */
    static Workload aiTraining(Topology t) {
        int ranks = Math.max(2, cpus(t) / 2);
        List<TaskSpec> tasks = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            String batch = "batch-" + r;
            String free = "free-" + r;
            tasks.add(new TaskSpec("rank-" + r, 0, SchedPolicy.NORMAL, 0, null, 0, List.of(
                    new Step.SemPost(free), new Step.SemPost(free),
                    new Step.Loop(-1, List.of(new Step.SemWait(batch), new Step.SemPost(free), new Step.Run(8 * MS),
                            new Step.Barrier("allreduce", ranks), new Step.Run(1 * MS)))),
                    1, "rank", 0, "/", 0, 64L * 1024 * 1024));
            tasks.add(new TaskSpec("loader-" + r, 0, SchedPolicy.NORMAL, 0, null, 0, List.of(
                    new Step.SemWait(free), new Step.Sleep(1 * MS), new Step.Run(6 * MS), new Step.SemPost(batch)),
                    -1, "loader", 0, "/", 0, 4L * 1024 * 1024));
        }
        return new Workload("ai-training", tasks);
    }

    /**
     * {@code mixed-server}: {@code max(1, cpus / 2)} RPC handlers, each waiting an exponential 2 ms (mean) for its
     * next request and serving it in a normal 300 ± 100 µs; one SCHED_BATCH job per CPU running 100 ms chunks
     * for ever.
     */
    static Workload mixedServer(Topology t) {
        int n = cpus(t);
        List<TaskSpec> tasks = new ArrayList<>();
        tasks.addAll(Workload.copies(Math.max(1, n / 2), task("rpc", "rpc", -1,
                new Step.SleepRandom(new Distribution.Exponential(2 * MS)),
                new Step.RunRandom(new Distribution.Normal(300 * US, 100 * US)))));
        tasks.addAll(Workload.copies(n, task("batch", "batch", -1, new Step.Run(100 * MS))
                .withPolicy(SchedPolicy.BATCH)));
        return new Workload("mixed-server", tasks);
    }

    /**
     * {@code rt-pipeline}: {@code max(1, cpus / 8)} chains, each a source (its own 2.667 ms timer, 100 µs, resumes
     * stage 1), two stages (suspended until resumed, 300 µs, resume the next) and a sink (200 µs), all nice -11;
     * plus one nice-0 CPU hog per CPU. A chain is late when its source misses its timer.
     */
    static Workload rtPipeline(Topology t) {
        int n = cpus(t);
        int chains = Math.max(1, n / 8);
        List<TaskSpec> tasks = new ArrayList<>();
        for (int c = 0; c < chains; c++) {
            String p = "chain" + c + "-";
            tasks.add(task(p + "source", "source", -1, new Step.Timer("unique-quantum", AUDIO_QUANTUM_NS, false),
                    new Step.Run(100 * US), new Step.Resume(p + "stage1")).withNice(-11));
            tasks.add(task(p + "stage1", "stage", -1, new Step.Suspend(), new Step.Run(300 * US),
                    new Step.Resume(p + "stage2")).withNice(-11));
            tasks.add(task(p + "stage2", "stage", -1, new Step.Suspend(), new Step.Run(300 * US),
                    new Step.Resume(p + "sink")).withNice(-11));
            tasks.add(task(p + "sink", "sink", -1, new Step.Suspend(), new Step.Run(200 * US)).withNice(-11));
        }
        tasks.addAll(Workload.copies(n, task("hog", "noise", -1, new Step.Run(1_000 * MS))));
        return new Workload("rt-pipeline", tasks);
    }
}
