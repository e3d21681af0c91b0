package io.scx4j.testplugins;

import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyProvider;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Task;
import org.jspecify.annotations.Nullable;

/**
 * Policy {@code spin_dispatch}: the kernel's default for every callback except {@code ops.dispatch}, which spins
 * forever without calling any helper. Loaded uninstrumented, it would hang the engine's thread.
 */
public final class SpinningDispatchProvider implements PolicyProvider {
    public SpinningDispatchProvider() {}

    @Override
    public String name() {
        return "spin_dispatch";
    }

    @Override
    public String description() {
        return "ops.dispatch spins forever without calling a helper";
    }

    @Override
    public SchedOps create(PolicyConfig config) {
        return new SpinningDispatch();
    }

    static final class SpinningDispatch implements SchedOps {
        long spins;

        @Override
        public String name() {
            return "spin_dispatch";
        }

        @Override
        public void dispatch(int cpu, @Nullable Task prev) {
            while (true) {
                spins++;
            }
        }
    }
}
