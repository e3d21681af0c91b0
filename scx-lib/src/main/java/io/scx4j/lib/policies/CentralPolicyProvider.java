package io.scx4j.lib.policies;

import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyOption;
import io.scx4j.api.PolicyProvider;
import java.util.List;

/**
 * Provides {@link CentralPolicy} as policy {@code central}, registered for {@link java.util.ServiceLoader}.
 *
 * <p>Options: {@link #CENTRAL_CPU central_cpu} (scx_central's {@code -c}) and {@link #SLICE_US slice_us}
 * ({@code -s}).
 */
public final class CentralPolicyProvider implements PolicyProvider {
    /**
     * {@code central_cpu}: the CPU that makes every scheduling decision, {@code >= 0}. Default 0. Whether it exists
     * on the machine is checked when the policy loads ({@link CentralPolicy#init}).
     */
    public static final PolicyOption<Integer> CENTRAL_CPU =
            PolicyOption.ofInt("central_cpu", 0, "the CPU that makes every scheduling decision")
                    .withConstraint(v -> v >= 0, "a CPU number (0 or more)");

    /** {@code slice_us}: how long a task runs before it is preempted for waiting work, 1 .. 1,000,000 µs. Default 20,000. */
    public static final PolicyOption<Long> SLICE_US =
            PolicyOption.ofLong("slice_us", 20_000, "time slice in microseconds").withRange(1L, 1_000_000L);

    /** Used by {@link java.util.ServiceLoader}. */
    public CentralPolicyProvider() {}

    @Override
    public String name() {
        return "central";
    }

    @Override
    public String description() {
        return "scx_central: one CPU makes every scheduling decision, the others run tickless with infinite slices";
    }

    @Override
    public List<PolicyOption<?>> options() {
        return List.of(CENTRAL_CPU, SLICE_US);
    }

    @Override
    public CentralPolicy create(PolicyConfig config) {
        return new CentralPolicy(config.get(CENTRAL_CPU), config.get(SLICE_US) * 1_000);
    }
}
