package io.scx4j.testplugins;

import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyProvider;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;

/** Policy {@code spin_init}: {@code ops.init} counts down a loop that never reaches zero, calling no helper. */
public final class SpinningInitProvider implements PolicyProvider {
    public SpinningInitProvider() {}

    @Override
    public String name() {
        return "spin_init";
    }

    @Override
    public String description() {
        return "ops.init never finishes its loop";
    }

    @Override
    public SchedOps create(PolicyConfig config) {
        return new SpinningInit();
    }

    static final class SpinningInit implements SchedOps {
        @Override
        public String name() {
            return "spin_init";
        }

        @Override
        public int init(Scx scx) {
            long left = 1;
            do {
                left = left * 3 % 1_000_003; // a power of 3 modulo a prime: never 0
            } while (left != 0);
            return 0;
        }
    }
}
