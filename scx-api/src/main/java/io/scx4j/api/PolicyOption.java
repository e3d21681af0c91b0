package io.scx4j.api;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An option a policy declares in {@link PolicyProvider#options()}: the Java form of a BPF scheduler's command-line
 * flag (e.g. scx_simple's {@code --fifo}). Users set options by name as text ({@code --option slice_us=5000}); the
 * option parses and validates the text and reports a one-line error naming the option, the value and what is
 * accepted.
 *
 * <pre>{@code
 * static final PolicyOption<Long> SLICE_US = PolicyOption.ofLong("slice_us", 20_000, "time slice in microseconds")
 *         .withConstraint(v -> v > 0, "a positive number");
 * }</pre>
 *
 * @param name         the option's name: lower case letters, digits, {@code _} and {@code -}
 * @param type         the value type (Boolean, Integer, Long, Double, String, Duration or an enum)
 * @param defaultValue the value when the user sets none
 * @param doc          one line for {@code scx list}
 * @param constraint   accepted values beyond parsing
 * @param accepted     what {@code constraint} accepts, in words, for error messages
 * @param parser       text to value; throws {@link IllegalArgumentException} on malformed text
 * @param <T> the value type
 */
public record PolicyOption<T>(
        String name,
        Class<T> type,
        T defaultValue,
        String doc,
        Predicate<? super T> constraint,
        String accepted,
        Function<String, T> parser) {

    public PolicyOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(accepted, "accepted");
        Objects.requireNonNull(parser, "parser");
        if (!name.matches("[a-z][a-z0-9_-]*")) {
            throw new IllegalArgumentException(
                    "option name must be lower case letters, digits, '_' or '-', starting with a letter: '" + name + "'");
        }
        if (!constraint.test(defaultValue)) {
            throw new IllegalArgumentException(
                    "default " + defaultValue + " of option '" + name + "' is not " + accepted);
        }
    }

    /** A boolean option; accepts {@code true/false/yes/no/1/0/on/off}. */
    public static PolicyOption<Boolean> ofBoolean(String name, boolean defaultValue, String doc) {
        return new PolicyOption<>(name, Boolean.class, defaultValue, doc, v -> true, "true or false",
                PolicyOption::parseBoolean);
    }

    /** An int option. */
    public static PolicyOption<Integer> ofInt(String name, int defaultValue, String doc) {
        return new PolicyOption<>(name, Integer.class, defaultValue, doc, v -> true, "an integer",
                s -> Integer.decode(s.strip().replace("_", "")));
    }

    /** A long option. */
    public static PolicyOption<Long> ofLong(String name, long defaultValue, String doc) {
        return new PolicyOption<>(name, Long.class, defaultValue, doc, v -> true, "an integer",
                s -> Long.decode(s.strip().replace("_", "")));
    }

    /** A floating-point option. */
    public static PolicyOption<Double> ofDouble(String name, double defaultValue, String doc) {
        return new PolicyOption<>(name, Double.class, defaultValue, doc, v -> true, "a number",
                s -> Double.parseDouble(s.strip()));
    }

    /** A text option. */
    public static PolicyOption<String> ofString(String name, String defaultValue, String doc) {
        return new PolicyOption<>(name, String.class, defaultValue, doc, v -> true, "any text", s -> s);
    }

    /** A duration option; accepts {@code 250us}, {@code 5ms}, {@code 2s}, {@code 100ns}, or a bare number of ns. */
    public static PolicyOption<Duration> ofDuration(String name, Duration defaultValue, String doc) {
        return new PolicyOption<>(name, Duration.class, defaultValue, doc, v -> !v.isNegative(),
                "a non-negative duration such as 500us, 5ms or 1s", PolicyOption::parseDuration);
    }

    /** An enum option; accepts the constant names, case-insensitively, with {@code -} for {@code _}. */
    public static <E extends Enum<E>> PolicyOption<E> ofEnum(String name, Class<E> type, E defaultValue, String doc) {
        String names = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return new PolicyOption<>(name, type, defaultValue, doc, v -> true, "one of " + names,
                s -> Enum.valueOf(type, s.strip().toUpperCase(Locale.ROOT).replace('-', '_')));
    }

    /** This option with an extra constraint; {@code accepted} describes the accepted values ("between 1 and 64"). */
    public PolicyOption<T> withConstraint(Predicate<? super T> extra, String accepted) {
        Predicate<? super T> base = constraint;
        return new PolicyOption<>(name, type, defaultValue, doc, v -> base.test(v) && extra.test(v), accepted, parser);
    }

    /** This option restricted to {@code [min, max]}; {@code T} must be comparable (numbers, durations, enums). */
    @SuppressWarnings("unchecked")
    public PolicyOption<T> withRange(T min, T max) {
        Comparable<? super T> lo = (Comparable<? super T>) min;
        Comparable<? super T> hi = (Comparable<? super T>) max;
        return withConstraint(v -> lo.compareTo(v) <= 0 && hi.compareTo(v) >= 0, "between " + min + " and " + max);
    }

    /**
     * Parses and validates user text.
     *
     * @throws PolicyOptionException naming the option, the text and what is accepted
     */
    public T parse(String policy, String text) {
        T value;
        try {
            value = parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new PolicyOptionException(policy, name, text, accepted);
        }
        check(policy, value);
        return value;
    }

    /** Validates a typed value. */
    public void check(String policy, T value) {
        if (!constraint.test(value)) {
            throw new PolicyOptionException(policy, name, String.valueOf(value), accepted);
        }
    }

    private static Boolean parseBoolean(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(s);
        };
    }

    /** Parses {@code 250us}, {@code 5ms}, {@code 2s}, {@code 1m}, {@code 100ns} or a bare number of nanoseconds. */
    public static Duration parseDuration(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT).replace("_", "");
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException(text);
        }
        double n = Double.parseDouble(s.substring(0, i));
        double nanosPerUnit = switch (s.substring(i)) {
            case "", "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m", "min" -> 60e9;
            default -> throw new IllegalArgumentException(text);
        };
        return Duration.ofNanos(Math.round(n * nanosPerUnit));
    }
}
