package io.scx4j.policy.lavd;

/**
 * The integer averaging and logarithm helpers every LAVD measurement goes through.
 *
 * <p>Sources (sched-ext/scx at 7a58a3a1a857): {@code scheds/include/scx/common.bpf.h} ({@code __calc_avg},
 * {@code log2_u64}) and {@code scheds/rust/scx_lavd/src/bpf/util.bpf.c} ({@code calc_avg}, {@code calc_asym_avg},
 * {@code calc_avg_freq}). All values are unsigned 64-bit quantities in BPF; here they are non-negative
 * {@code long}s, and every function keeps the kernel's integer rounding (shifts, not divisions by reals), so a
 * number computed here equals the number scx_lavd computes.
 */
public final class Ewma {
    /** One second in ns, {@code LAVD_TIME_ONE_SEC}: the unit of every frequency (events per second). */
    public static final long ONE_SEC_NS = 1_000_000_000L;

    private Ewma() {}

    /**
     * {@code __calc_avg(old, new, decay)}: an exponentially weighted moving average keeping
     * {@code 1 - 2^-decay} of the old value. For tiny inputs (either below {@code 2^decay}, where the shift would
     * lose everything) it falls back to the plain half/half mean, and it lets a 1 decay to 0.
     */
    public static long avg(long oldValue, long newValue, int decay) {
        long thr = 1L << decay;
        if (oldValue < thr || newValue < thr) {
            if (oldValue == 1 && newValue == 0) {
                return 0;
            }
            return (oldValue - (oldValue >> 1)) + (newValue >> 1);
        }
        return (oldValue - (oldValue >> decay)) + (newValue >> decay);
    }

    /** {@code calc_avg}: 7/8 of the old value plus 1/8 of the new one (decay 3). */
    public static long avg(long oldValue, long newValue) {
        return avg(oldValue, newValue, 3);
    }

    /**
     * {@code calc_asym_avg}: rises fast and falls slowly. A larger new value weighs 3/4 (the arguments are swapped
     * and decay 2 keeps 3/4 of the new value); a smaller one weighs 1/8.
     */
    public static long asymAvg(long oldValue, long newValue) {
        return oldValue < newValue ? avg(newValue, oldValue, 2) : avg(oldValue, newValue, 3);
    }

    /**
     * {@code calc_avg_freq}: folds one more observed interval (ns, positive) into a frequency average in events
     * per second: the new sample is {@code 1 s / interval}.
     */
    public static long avgFreq(long oldFreq, long intervalNs) {
        if (intervalNs <= 0) {
            throw new IllegalArgumentException("interval must be positive, got " + intervalNs);
        }
        return avg(oldFreq, ONE_SEC_NS / intervalNs);
    }

    /**
     * {@code log2_u64(v)}: despite its name the bit length of {@code v}, i.e. {@code floor(log2 v) + 1} for
     * {@code v >= 1}; and 1 for 0 (the 32-bit helper returns 0 for 0 and the 64-bit one adds 1). Unsigned.
     */
    public static int log2u64(long v) {
        return v == 0 ? 1 : 64 - Long.numberOfLeadingZeros(v);
    }
}
