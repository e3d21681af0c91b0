package io.scx4j.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The option values a policy is created with: every declared {@link PolicyOption}, set by the user or defaulted.
 * Built by {@link #parse} from text (the CLI's {@code --option KEY=VALUE}) or {@link #of} from typed values (tests,
 * Java code).
 */
public final class PolicyConfig {
    private final String policy;
    private final Map<String, Object> values;

    private PolicyConfig(String policy, Map<String, Object> values) {
        this.policy = policy;
        this.values = values;
    }

    /**
     * Parses user text against a policy's declared options. Unset options take their defaults.
     *
     * @throws PolicyOptionException for an unknown option (listing the accepted ones) or a bad value
     */
    public static PolicyConfig parse(String policy, List<PolicyOption<?>> declared, Map<String, String> raw) {
        Map<String, PolicyOption<?>> byName = index(declared);
        Map<String, Object> values = defaults(declared);
        raw.forEach((key, text) -> {
            PolicyOption<?> option = byName.get(key);
            if (option == null) {
                throw unknown(policy, key, declared);
            }
            values.put(key, option.parse(policy, text));
        });
        return new PolicyConfig(policy, values);
    }

    /** Typed values; unset options take their defaults. */
    public static PolicyConfig of(String policy, List<PolicyOption<?>> declared, Map<String, ?> typed) {
        Map<String, PolicyOption<?>> byName = index(declared);
        Map<String, Object> values = defaults(declared);
        typed.forEach((key, value) -> {
            PolicyOption<?> option = byName.get(key);
            if (option == null) {
                throw unknown(policy, key, declared);
            }
            values.put(key, checked(policy, option, value));
        });
        return new PolicyConfig(policy, values);
    }

    /** All defaults. */
    public static PolicyConfig defaults(String policy, List<PolicyOption<?>> declared) {
        return of(policy, declared, Map.of());
    }

    /**
     * The value of {@code option}.
     *
     * @throws IllegalArgumentException if the policy did not declare it
     */
    public <T> T get(PolicyOption<T> option) {
        Object v = values.get(option.name());
        if (v == null) {
            throw new IllegalArgumentException("policy '" + policy + "' did not declare option '" + option.name() + "'");
        }
        return option.type().cast(v);
    }

    /** Every option's value by name, in declaration order. */
    public Map<String, Object> asMap() {
        return Map.copyOf(values);
    }

    /** The policy these values are for. */
    public String policy() {
        return policy;
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static <T> T checked(String policy, PolicyOption<T> option, Object value) {
        if (!option.type().isInstance(value)) {
            throw new PolicyOptionException(policy, option.name(), String.valueOf(value),
                    "a value of type " + option.type().getSimpleName());
        }
        T typed = option.type().cast(value);
        option.check(policy, typed);
        return typed;
    }

    private static Map<String, PolicyOption<?>> index(List<PolicyOption<?>> declared) {
        Map<String, PolicyOption<?>> byName = new LinkedHashMap<>();
        for (PolicyOption<?> o : declared) {
            if (byName.put(o.name(), o) != null) {
                throw new IllegalArgumentException("option '" + o.name() + "' declared twice");
            }
        }
        return byName;
    }

    private static Map<String, Object> defaults(List<PolicyOption<?>> declared) {
        Map<String, Object> values = new LinkedHashMap<>();
        declared.forEach(o -> values.put(o.name(), o.defaultValue()));
        return values;
    }

    private static PolicyOptionException unknown(String policy, String key, List<PolicyOption<?>> declared) {
        String accepted = declared.isEmpty() ? "none"
                : declared.stream().map(PolicyOption::name).collect(Collectors.joining(", "));
        return new PolicyOptionException("policy '" + policy + "' has no option '" + key + "'; accepted: " + accepted);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyConfig c && c.policy.equals(policy) && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(policy, values);
    }
}
