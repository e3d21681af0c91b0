package io.scx4j.topology;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A topology that cannot be read or is not valid, located so a person can fix it: where
 * ({@link #source()}: a file path, {@code "preset X"}, {@code "json"}, {@code "builder"}), which
 * CPU if any ({@link #cpu()}), and what was {@link #expected()}.
 *
 * <p>Messages read like {@code "/sys/devices/system/cpu/cpu3/topology/core_cpus_list: expected a
 * Linux cpulist such as 0-3,8, found 'abc'"} or {@code "builder: cpu 5: capacity 2000 out of
 * range, expected 1..1024"}.
 */
public final class TopologyException extends RuntimeException {

    private final String source;
    private final int cpu;
    private final String expected;

    /**
     * Creates an exception.
     *
     * @param source where the problem is (file path, {@code "preset X"}, {@code "json"}, ...)
     * @param cpu the CPU concerned, or empty
     * @param problem what is wrong, e.g. {@code "capacity 2000 out of range"}; may be empty
     * @param expected what would have been valid, e.g. {@code "1..1024"}
     * @param found the offending text, quoted in the message; null if not useful
     * @param cause the underlying exception, or null
     */
    public TopologyException(
            String source, OptionalInt cpu, String problem, String expected, String found, Throwable cause) {
        super(message(source, cpu, problem, expected, found), cause);
        this.source = Objects.requireNonNull(source, "source");
        this.cpu = cpu.orElse(-1);
        this.expected = Objects.requireNonNull(expected, "expected");
    }

    /**
     * Creates an exception without a CPU, offending text or cause.
     *
     * @param source where the problem is
     * @param problem what is wrong; may be empty
     * @param expected what would have been valid
     */
    public TopologyException(String source, String problem, String expected) {
        this(source, OptionalInt.empty(), problem, expected, null, null);
    }

    private static String message(
            String source, OptionalInt cpu, String problem, String expected, String found) {
        StringBuilder sb = new StringBuilder(source).append(": ");
        cpu.ifPresent(c -> sb.append("cpu ").append(c).append(": "));
        if (!problem.isEmpty()) {
            sb.append(problem).append(", ");
        }
        sb.append("expected ").append(expected);
        if (found != null) {
            sb.append(", found '").append(found.strip()).append('\'');
        }
        return sb.toString();
    }

    /** Returns where the problem is: a file path, {@code "preset X"}, {@code "json"}, ... */
    public String source() {
        return source;
    }

    /** Returns the CPU the problem concerns, if it concerns one. */
    public OptionalInt cpu() {
        return cpu < 0 ? OptionalInt.empty() : OptionalInt.of(cpu);
    }

    /** Returns what would have been valid, e.g. {@code "1..1024"}. */
    public String expected() {
        return expected;
    }
}
