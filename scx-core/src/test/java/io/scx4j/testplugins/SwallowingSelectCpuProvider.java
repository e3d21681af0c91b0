package io.scx4j.testplugins;

import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyProvider;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Task;

/**
 * Policy {@code spin_select_cpu}: {@code ops.select_cpu} spins forever without calling a helper, inside a
 * {@code catch (Throwable)} that swallows whatever interrupts the inner loop and starts it again.
 */
public final class SwallowingSelectCpuProvider implements PolicyProvider {
    public SwallowingSelectCpuProvider() {}

    @Override
    public String name() {
        return "spin_select_cpu";
    }

    @Override
    public String description() {
        return "ops.select_cpu spins forever and swallows every Throwable";
    }

    @Override
    public SchedOps create(PolicyConfig config) {
        return new SwallowingSelectCpu();
    }

    static final class SwallowingSelectCpu implements SchedOps {
        long spins;
        long swallowed;

        @Override
        public String name() {
            return "spin_select_cpu";
        }

        @Override
        @SuppressWarnings("InfiniteLoopStatement")
        public int selectCpu(Task p, int prevCpu, long wakeFlags) {
            for (;;) {
                try {
                    while (true) {
                        spins++;
                    }
                } catch (Throwable t) {
                    swallowed++;
                }
            }
        }
    }
}
