package io.scx4j.api;

import java.util.List;

/**
 * A policy that wraps another policy (chaos injection, tracing, a layer that forwards to per-layer policies ...).
 * Discovered with {@link java.util.ServiceLoader} like {@link PolicyProvider}
 * ({@code META-INF/services/io.scx4j.api.PolicyDecoratorProvider}). Implementations usually extend
 * {@link ForwardingSchedOps}.
 */
public interface PolicyDecoratorProvider {
    /** The name users select it by. */
    String name();

    /** One line for {@code scx list}. */
    String description();

    /** The decorator's own options. */
    default List<PolicyOption<?>> options() {
        return List.of();
    }

    /** Wraps {@code inner}, configured with {@code config}. */
    SchedOps decorate(SchedOps inner, PolicyConfig config);
}
