package io.scx4j.lib.policies;

import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyOption;
import io.scx4j.api.PolicyProvider;
import java.util.List;

/**
 * Provides {@link SimplePolicy} as policy {@code simple}, registered for {@link java.util.ServiceLoader}.
 *
 * <p>Options: {@link #FIFO fifo} (scx_simple's {@code -f}) and {@link #SLICE_US slice_us}.
 */
public final class SimplePolicyProvider implements PolicyProvider {
    /** {@code fifo}: schedule first in, first out instead of by weighted vtime. Default false. */
    public static final PolicyOption<Boolean> FIFO =
            PolicyOption.ofBoolean("fifo", false, "first in, first out instead of weighted vtime");

    /** {@code slice_us}: the time slice in microseconds, 1 .. 1,000,000. Default 20,000 ({@code SCX_SLICE_DFL}). */
    public static final PolicyOption<Long> SLICE_US =
            PolicyOption.ofLong("slice_us", 20_000, "time slice in microseconds").withRange(1L, 1_000_000L);

    /** Used by {@link java.util.ServiceLoader}. */
    public SimplePolicyProvider() {}

    @Override
    public String name() {
        return "simple";
    }

    @Override
    public String description() {
        return "scx_simple: one shared queue, weighted vtime (or FIFO), direct dispatch to idle CPUs";
    }

    @Override
    public List<PolicyOption<?>> options() {
        return List.of(FIFO, SLICE_US);
    }

    @Override
    public SimplePolicy create(PolicyConfig config) {
        return new SimplePolicy(config.get(FIFO), config.get(SLICE_US) * 1_000);
    }
}
