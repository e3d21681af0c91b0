package io.scx4j.core.workload;

import java.util.SplittableRandom;

/**
 * A random duration in nanoseconds, drawn from the engine's seeded random source so runs stay deterministic.
 * Draws are clamped to at least 1 ns.
 */
public sealed interface Distribution {

    /** Draws one value. */
    long sample(SplittableRandom random);

    /** Always {@code ns}. */
    record Fixed(long ns) implements Distribution {
        @Override
        public long sample(SplittableRandom random) {
            return Math.max(1, ns);
        }
    }

    /** Uniform on {@code [minNs, maxNs]}. */
    record Uniform(long minNs, long maxNs) implements Distribution {
        public Uniform {
            if (minNs > maxNs) {
                throw new IllegalArgumentException("uniform: min " + minNs + " > max " + maxNs);
            }
        }

        @Override
        public long sample(SplittableRandom random) {
            return Math.max(1, minNs == maxNs ? minNs : random.nextLong(minNs, maxNs + 1));
        }
    }

    /** Exponential with mean {@code meanNs} (Poisson arrivals). */
    record Exponential(long meanNs) implements Distribution {
        @Override
        public long sample(SplittableRandom random) {
            return Math.max(1, Math.round(-meanNs * Math.log(1.0 - random.nextDouble())));
        }
    }

    /** Normal with mean {@code meanNs} and standard deviation {@code stddevNs}, truncated at 1 ns. */
    record Normal(long meanNs, long stddevNs) implements Distribution {
        @Override
        public long sample(SplittableRandom random) {
            // Box-Muller; two draws so the stream position does not depend on the value
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
            return Math.max(1, Math.round(meanNs + z * stddevNs));
        }
    }
}
