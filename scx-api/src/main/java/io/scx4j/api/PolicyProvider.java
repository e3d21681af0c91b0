package io.scx4j.api;

import java.util.List;

/**
 * A loadable policy: the counterpart of a BPF scheduler object that user space attaches. Discovered with
 * {@link java.util.ServiceLoader}: list the implementation in {@code META-INF/services/io.scx4j.api.PolicyProvider}
 * and, in a named module, {@code provides io.scx4j.api.PolicyProvider with ...}.
 *
 * <p>Each {@link #create} returns a fresh policy instance; the engine loads at most one at a time.
 */
public interface PolicyProvider {
    /** The name users select it by ({@code scx run --policy NAME}): lower case, unique among providers. */
    String name();

    /** One line for {@code scx list}. */
    String description();

    /** The options the policy accepts; empty by default. */
    default List<PolicyOption<?>> options() {
        return List.of();
    }

    /** A new policy configured with {@code config} (every declared option has a value). */
    SchedOps create(PolicyConfig config);

    /** Shorthand: a new policy with default options. */
    default SchedOps create() {
        return create(PolicyConfig.defaults(name(), options()));
    }
}
