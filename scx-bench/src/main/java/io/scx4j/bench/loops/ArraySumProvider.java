package io.scx4j.bench.loops;

import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyProvider;
import io.scx4j.api.SchedOps;
import java.util.function.ToLongFunction;

/**
 * A "policy" whose only job is a tight loop, so {@code LoopGuardBenchmark} can time the same loop with and without
 * the back-edge checks the instrumenting loader inserts. It lives in a package of its own: instrumenting a provider
 * instruments its whole package.
 */
public final class ArraySumProvider implements PolicyProvider {
    public ArraySumProvider() {}

    @Override
    public String name() {
        return "array_sum";
    }

    @Override
    public String description() {
        return "benchmark vehicle: sums an int array in a loop";
    }

    @Override
    public SchedOps create(PolicyConfig config) {
        return new ArraySum();
    }

    /** Sums the array: one back-edge per element. */
    public static final class ArraySum implements SchedOps, ToLongFunction<int[]> {
        @Override
        public String name() {
            return "array_sum";
        }

        @Override
        public long applyAsLong(int[] values) {
            long sum = 0;
            for (int i = 0; i < values.length; i++) {
                sum += values[i];
            }
            return sum;
        }
    }
}
