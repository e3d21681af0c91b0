package io.scx4j.core.workload;

import io.scx4j.api.SchedPolicy;
import io.scx4j.topology.CpuMask;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One step of a task's behaviour program: the vocabulary of workloads, modelled on rt-app's event set
 * (scheduler-tools/rt-app {@code doc/tutorial.txt}; see reference simulators-workloads-traces.md §2.5).
 *
 * <p>Durations are nanoseconds. {@link Run} is CPU <em>work</em> in reference nanoseconds: the time it takes on a
 * CPU of capacity 1024 at its maximum frequency, so it stretches on a slower CPU; {@link Runtime} is busy
 * <em>wall</em> time whatever the speed. Named objects (mutexes, condition variables, barriers, semaphores,
 * timers) are shared by every task of a workload that names them; a timer ref that starts with {@code unique}
 * is private to each task instance, as in rt-app.
 */
public sealed interface Step {

    /** Execute {@code workNs} reference nanoseconds of work (rt-app {@code run}). */
    record Run(long workNs) implements Step {
        public Run {
            positive("run work", workNs);
        }
    }

    /** Stay busy for {@code ns} of wall time regardless of CPU speed (rt-app {@code runtime}). */
    record Runtime(long ns) implements Step {
        public Runtime {
            positive("runtime", ns);
        }
    }

    /** Work drawn from {@code work} each time the step executes (DSL only). */
    record RunRandom(Distribution work) implements Step {
        public RunRandom {
            Objects.requireNonNull(work, "work");
        }
    }

    /** Block for {@code ns} nanoseconds of wall time, then wake up (rt-app {@code sleep}). */
    record Sleep(long ns) implements Step {
        public Sleep {
            positive("sleep", ns);
        }
    }

    /** Sleep for a time drawn from {@code time} each time the step executes (DSL only). */
    record SleepRandom(Distribution time) implements Step {
        public SleepRandom {
            Objects.requireNonNull(time, "time");
        }
    }

    /**
     * Block until the next boundary of the periodic timer {@code ref} (rt-app {@code timer}). The boundary advances
     * by {@code periodNs} from the previous expiry, not from now. When the task arrives after the boundary, the
     * period is a <em>miss</em> (a frame or deadline miss in the results): in {@code absolute} mode the timer keeps
     * its phase and misses cascade; in relative mode (rt-app's default) it is re-anchored at now.
     */
    record Timer(String ref, long periodNs, boolean absolute) implements Step {
        public Timer {
            named("timer", ref);
            positive("timer period", periodNs);
        }
    }

    /** Block until another task {@link Resume resumes} this one (rt-app {@code suspend}); a resume sent first is kept. */
    record Suspend() implements Step {}

    /** Wake every task whose comm (or rt-app thread name) is {@code task} (rt-app {@code resume}). */
    record Resume(String task) implements Step {
        public Resume {
            named("resume", task);
        }
    }

    /** Take mutex {@code mutex}, blocking while another task holds it (rt-app {@code lock}). */
    record Lock(String mutex) implements Step {
        public Lock {
            named("lock", mutex);
        }
    }

    /** Release mutex {@code mutex}, handing it to the first waiter (rt-app {@code unlock}). */
    record Unlock(String mutex) implements Step {
        public Unlock {
            named("unlock", mutex);
        }
    }

    /** Release {@code mutex}, block on condition {@code cond} until signalled, retake {@code mutex} (rt-app {@code wait}). */
    record Wait(String cond, String mutex) implements Step {
        public Wait {
            named("wait", cond);
            named("wait mutex", mutex);
        }
    }

    /** Wake one waiter of condition {@code cond} (rt-app {@code signal}), or all of them when {@code all} ({@code broad}). */
    record Signal(String cond, boolean all) implements Step {
        public Signal {
            named("signal", cond);
        }
    }

    /**
     * Signal {@code cond} and wait on it in one step, holding {@code mutex} (rt-app {@code sync}).
     *
     * <p>The signalled task is woken <em>without</em> {@code WF_SYNC} ({@code SCX_WAKE_SYNC}), although the signaller
     * is about to sleep: rt-app implements {@code sync} with {@code pthread_cond_signal} + {@code pthread_cond_wait},
     * a futex wake, and Linux wakes futex waiters through {@code wake_up_q} → {@code wake_up_process} →
     * {@code try_to_wake_up(p, TASK_NORMAL, 0)} (kernel/sched/core.c), with no wake flag. A hand-off that Linux does
     * wake with {@code WF_SYNC} is a pipe or a UNIX socket: see {@link PipeWrite}.
     */
    record Sync(String cond, String mutex) implements Step {
        public Sync {
            named("sync", cond);
            named("sync mutex", mutex);
        }
    }

    /**
     * Wait until {@code parties} tasks have reached barrier {@code name} (rt-app {@code barrier}; rt-app counts the
     * references to the name in the file, a reader passes that count here).
     */
    record Barrier(String name, int parties) implements Step {
        public Barrier {
            named("barrier", name);
            if (parties < 1) {
                throw new IllegalArgumentException("barrier '" + name + "': parties must be >= 1, got " + parties);
            }
        }
    }

    /** Post to counting semaphore {@code name} (rt-app {@code sem_post}); posts are remembered. */
    record SemPost(String name) implements Step {
        public SemPost {
            named("sem_post", name);
        }
    }

    /** Take one count of semaphore {@code name}, blocking at zero (rt-app {@code sem_wait}). */
    record SemWait(String name) implements Step {
        public SemWait {
            named("sem_wait", name);
        }
    }

    /**
     * Write one message into pipe {@code pipe} (DSL only; rt-app has no pipe event). If a task is blocked in
     * {@link PipeRead} on the pipe, the first one is woken with {@code WF_SYNC}, which sched_ext passes to
     * {@code ops.select_cpu} as {@code SCX_WAKE_SYNC}: Linux's {@code pipe_write} wakes readers with
     * {@code wake_up_interruptible_sync_poll} → {@code __wake_up_sync_key}, which sets {@code WF_SYNC} ("the waker
     * knows that it will schedule away soon", kernel/sched/wait.c; fs/pipe.c), and so does a UNIX socket's
     * {@code sock_def_readable} (net/core/sock.c). Messages written while nobody reads are kept, like bytes in the
     * pipe buffer (which never fills here). Pipes are named per workload and are separate from semaphores.
     */
    record PipeWrite(String pipe) implements Step {
        public PipeWrite {
            named("pipe write", pipe);
        }
    }

    /** Read one message from pipe {@code pipe}, blocking while it is empty (DSL only; see {@link PipeWrite}). */
    record PipeRead(String pipe) implements Step {
        public PipeRead {
            named("pipe read", pipe);
        }
    }

    /** Create a new instance of the workload's template {@code template} now (rt-app {@code fork}). */
    record Fork(String template) implements Step {
        public Fork {
            named("fork", template);
        }
    }

    /** Give up the CPU ({@code sched_yield()}; rt-app {@code yield}). */
    record Yield() implements Step {}

    /** Run {@code body} {@code count} times; -1 for ever. */
    record Loop(int count, List<Step> body) implements Step {
        public Loop {
            body = List.copyOf(body);
            if (body.isEmpty()) {
                throw new IllegalArgumentException("loop body is empty");
            }
            if (count == 0 || count < -1) {
                throw new IllegalArgumentException("loop count must be >= 1 or -1 (for ever), got " + count);
            }
        }
    }

    /**
     * A named phase (rt-app {@code phases}): on entry the task's attributes change as {@code attrs} says (null fields
     * keep the current value), then {@code body} runs {@code loops} times. Results can be reported per phase.
     */
    record Phase(String name, int loops, Attrs attrs, List<Step> body) implements Step {
        public Phase {
            named("phase", name);
            Objects.requireNonNull(attrs, "attrs");
            body = List.copyOf(body);
            if (body.isEmpty()) {
                throw new IllegalArgumentException("phase '" + name + "' has no events");
            }
            if (loops == 0 || loops < -1) {
                throw new IllegalArgumentException("phase '" + name + "': loop must be >= 1 or -1, got " + loops);
            }
        }
    }

    /**
     * Task attributes a {@link Phase} may change on entry; null keeps the current value.
     *
     * @param policy   scheduling policy
     * @param priority nice for OTHER/BATCH/IDLE, RT priority 1..99 for FIFO/RR
     * @param affinity allowed CPUs
     * @param cgroup   cgroup path, "/" for the root
     */
    record Attrs(@Nullable SchedPolicy policy, @Nullable Integer priority, @Nullable CpuMask affinity,
            @Nullable String cgroup) {
        /** No change. */
        public static final Attrs NONE = new Attrs(null, null, null, null);
    }

    /** Shorthand for {@link Run}. */
    static Step run(long workNs) {
        return new Run(workNs);
    }

    /** Shorthand for {@link Sleep}. */
    static Step sleep(long ns) {
        return new Sleep(ns);
    }

    /** Shorthand for {@link Loop}. */
    static Step loop(int count, Step... body) {
        return new Loop(count, List.of(body));
    }

    private static void positive(String what, long ns) {
        if (ns <= 0) {
            throw new IllegalArgumentException(what + " must be > 0 ns, got " + ns);
        }
    }

    private static void named(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + ": a name is required");
        }
    }
}
