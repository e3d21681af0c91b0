package io.scx4j.core.workload;

/**
 * One step of a task's behaviour program.
 *
 * <p>{@link Run} is CPU work measured in reference nanoseconds: the time it takes on a CPU of capacity 1024 at full
 * speed; on a slower CPU it takes proportionally longer. {@link Sleep} blocks the task for wall time.
 */
public sealed interface Step {
    /** Execute {@code workNs} reference nanoseconds of work. */
    record Run(long workNs) implements Step {
        public Run {
            if (workNs <= 0) {
                throw new IllegalArgumentException("run work must be > 0 ns, got " + workNs);
            }
        }
    }

    /** Block for {@code ns} nanoseconds of wall time, then wake up. */
    record Sleep(long ns) implements Step {
        public Sleep {
            if (ns <= 0) {
                throw new IllegalArgumentException("sleep must be > 0 ns, got " + ns);
            }
        }
    }

    /** Shorthand for {@link Run}. */
    static Step run(long workNs) {
        return new Run(workNs);
    }

    /** Shorthand for {@link Sleep}. */
    static Step sleep(long ns) {
        return new Sleep(ns);
    }
}
