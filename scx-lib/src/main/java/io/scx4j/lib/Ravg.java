package io.scx4j.lib;

/**
 * A running average of a value that changes at arbitrary times, halved every {@code halfLife}: {@code struct
 * ravg_data} with {@code ravg_accumulate} and {@code ravg_read} of the sched-ext/scx library ({@code lib/ravg.bpf.c}
 * and {@code scheds/include/lib/ravg.h}, read at 7a58a3a1a857), ported with its fixed-point integer arithmetic so
 * that a Java policy computes the same numbers as the BPF one.
 *
 * <p><b>What it measures.</b> Schedulers use it for a duty cycle: scx_lavd accumulates {@code LAVD_SCALE} (1024)
 * when a task starts running and 0 when it goes to sleep, with a 128 ms half-life ({@code LAVD_RAVG_HALFLIFE_NS}),
 * and reads the task's utilisation estimate {@code util_est} in [0, 1024] from it; scx_rusty keeps its domain loads
 * with an earlier copy of the same code. A value held for ever reads back as itself; a value held for one half-life
 * after a long time at 0 reads half of it.
 *
 * <p><b>How.</b> Time is cut into periods of {@code halfLife} that start where {@code now % halfLife == 0}. The four
 * fields are upstream's:
 * <ul>
 *   <li>{@link #val()}: the current value (clamped to {@value #VAL_BITS} bits), in force since {@link #valAt()};</li>
 *   <li>{@link #old()}: the average as of the end of the last completed period, in fixed point
 *       ({@code 1 << }{@value #FRAC_BITS} is 1.0 of the value's unit);</li>
 *   <li>{@link #cur()}: the sum of {@code value × duration / halfLife} (fixed point) over the current period.</li>
 * </ul>
 * When a period ends, {@code old} is halved once per period passed and the finished period's {@code cur} is folded
 * in, halved as well; full periods spent at one value add that value times a precomputed geometric sum
 * ({@code ravg_full_sum}). A read between period boundaries blends linearly: {@code old × (1 − P/2) + cur / 2},
 * where {@code P} is the fraction of the current period that has passed.
 *
 * <p><b>Fixed point and overflow.</b> As upstream, values are unsigned 64-bit (Java {@code long} bits read as
 * unsigned), additions to {@code old} saturate at {@code 2^64 − 1}, and {@link #read} returns the average shifted
 * left by {@value #FRAC_BITS}: {@code read(...) >>> FRAC_BITS} is the average in the value's unit. Upstream keeps
 * period numbers in 32 bits; here they are 64-bit, which changes nothing below 2^32 periods (17 years at 128 ms).
 *
 * <p><b>Use on the hot path.</b> The state is four {@code long}s, so a policy can keep it in an off-heap record
 * (scx-arena) and copy it in and out of one scratch instance per policy with {@link #load} and the accessors, as
 * scx_lavd copies {@code taskc->avg_util_ravg} into a stack-local {@code struct ravg_data} around each call. Nothing
 * allocates; {@link #read} leaves the state as it found it. A zeroed instance is an empty average (reads 0). Not
 * thread-safe: the engine calls policies back one at a time.
 */
public final class Ravg {
    /** {@code RAVG_VAL_BITS}: values are clamped to 44 bits. */
    public static final int VAL_BITS = 44;
    /** {@code RAVG_FRAC_BITS}: fixed-point fraction bits; {@code 1 << 20} is 1.0. */
    public static final int FRAC_BITS = 20;

    private static final long ONE = 1L << FRAC_BITS;
    private static final long VAL_MAX = (1L << VAL_BITS) - 1;
    private static final long U32_MASK = 0xFFFF_FFFFL;

    /**
     * {@code ravg_full_sum}: {@code [i]} is the fixed-point weight, as of the start of the current period, of the
     * {@code i + 1} full periods before it: {@code (2^20 >> 1) + (2^20 >> 2) + ... + (2^20 >> (i + 1))}. It stops
     * growing at 1048575 with the twentieth entry, where every further term is 0, so longer runs use the last one.
     */
    private static final long[] FULL_SUM = {
        524288, 786432, 917504, 983040,
        1015808, 1032192, 1040384, 1044480,
        1046528, 1047552, 1048064, 1048320,
        1048448, 1048512, 1048544, 1048560,
        1048568, 1048572, 1048574, 1048575,
    };

    private long val;
    private long valAt;
    private long old;
    private long cur;

    /** An empty average (all fields 0, as a zeroed {@code struct ravg_data}). */
    public Ravg() {}

    /** The current value, in force since {@link #valAt()} ({@code ravg_data.val}). */
    public long val() {
        return val;
    }

    /** When the current value was set ({@code ravg_data.val_at}). */
    public long valAt() {
        return valAt;
    }

    /** The fixed-point average as of the end of the last completed period ({@code ravg_data.old}). */
    public long old() {
        return old;
    }

    /** The fixed-point sum of value × duration / halfLife in the current period ({@code ravg_data.cur}). */
    public long cur() {
        return cur;
    }

    /**
     * Sets the four fields, as read from wherever the caller keeps them (an arena record). The values are taken as
     * they are, with no check: they are expected to come from an earlier {@link #accumulate} of this class.
     */
    public void load(long val, long valAt, long old, long cur) {
        this.val = val;
        this.valAt = valAt;
        this.old = old;
        this.cur = cur;
    }

    /** Empties the average: every field 0. */
    public void clear() {
        load(0, 0, 0, 0);
    }

    /**
     * {@code ravg_accumulate}: the value changes to {@code newVal} at {@code now}. The time since {@link #valAt()}
     * is accounted at the previous value, the periods that ended since are folded into {@link #old()}, and
     * {@code newVal} (clamped to {@value #VAL_BITS} bits) becomes the current value. A {@code now} before
     * {@link #valAt()} counts as {@link #valAt()}, as upstream (several CPUs may update one average).
     *
     * @param newVal   the new value (unsigned)
     * @param now      the current time, in the unit of {@code halfLife} (ns for sched_ext's clock)
     * @param halfLife the period after which a value's weight halves; the same on every call; positive and below
     *                 2^32 (upstream's {@code u32 half_life})
     * @throws IllegalArgumentException if {@code halfLife} is out of range
     */
    public void accumulate(long newVal, long now, long halfLife) {
        checkHalfLife(halfLife);
        if (Long.compareUnsigned(now, valAt) < 0) {
            now = valAt;
        }
        long seqDelta = Long.divideUnsigned(now, halfLife) - Long.divideUnsigned(valAt, halfLife);

        // periods ended since val_at: decay old up to the period before now's, fold cur (of val_at's period) in
        if (seqDelta > 0) {
            old = decay(old, seqDelta);
            old = addSaturating(old, decay(cur, seqDelta));
            cur = 0;
        }

        if (val != 0) {
            if (seqDelta > 0) {
                // the rest of val_at's period, possibly partial, decayed as far as it lies back
                long dur = normalizeDur(halfLife - Long.remainderUnsigned(valAt, halfLife), halfLife);
                old = addSaturating(old, val * decay(dur, seqDelta));
                // the full periods in between, from the precomputed sums
                if (seqDelta > 1) {
                    int idx = (int) Math.min(seqDelta - 2, FULL_SUM.length - 1);
                    old = addSaturating(old, val * FULL_SUM[idx]);
                }
                // the part of the current period up to now
                cur += val * normalizeDur(Long.remainderUnsigned(now, halfLife), halfLife);
            } else {
                cur += val * normalizeDur(now - valAt, halfLife);
            }
        }

        val = Long.compareUnsigned(newVal, VAL_MAX) > 0 ? VAL_MAX : newVal;
        valAt = now;
    }

    /**
     * {@code ravg_read}: the running average as of {@code now}, in fixed point ({@code >>> }{@value #FRAC_BITS} for
     * the value's unit). The current value is accounted up to {@code now} on a copy (here: on the fields, restored
     * before returning), then the last completed period's average and the current period's sum are blended by how
     * far the current period has progressed. The state is left unchanged.
     *
     * @param now      the time to read at (a time before {@link #valAt()} reads at {@link #valAt()})
     * @param halfLife the same half-life as {@link #accumulate}'s
     * @throws IllegalArgumentException if {@code halfLife} is out of range
     */
    public long read(long now, long halfLife) {
        checkHalfLife(halfLife);
        if (Long.compareUnsigned(now, valAt) < 0) {
            now = valAt;
        }
        long elapsed = Long.remainderUnsigned(now, halfLife);

        long savedVal = val;
        long savedValAt = valAt;
        long savedOld = old;
        long savedCur = cur;
        accumulate(0, now, halfLife);
        long avg;
        if (elapsed != 0) {
            // old weighs 1 at the start of a period and 1/2 at its end; cur (a sum over duration / halfLife) 1/2
            long progress = normalizeDur(elapsed, halfLife);
            avg = mulShift(old, ONE - progress / 2, FRAC_BITS) + (cur >>> 1);
        } else {
            avg = old;
        }
        load(savedVal, savedValAt, savedOld, savedCur);
        return avg;
    }

    @Override
    public String toString() {
        return "Ravg[val=" + Long.toUnsignedString(val) + ", valAt=" + Long.toUnsignedString(valAt)
                + ", old=" + Long.toUnsignedString(old) + ", cur=" + Long.toUnsignedString(cur) + "]";
    }

    private static void checkHalfLife(long halfLife) {
        if (halfLife <= 0 || halfLife > U32_MASK) {
            throw new IllegalArgumentException(
                    "halfLife must be in 1 .. 2^32-1 (ravg's u32 half_life), got " + halfLife);
        }
    }

    /** {@code ravg_decay}: {@code v} halved {@code shift} times (unsigned; 0 from 64 on). */
    private static long decay(long v, long shift) {
        return shift >= 64 ? 0 : v >>> shift;
    }

    /** {@code ravg_add}: {@code sum + addend}, unsigned, saturating at {@code 2^64 − 1}. */
    private static long addSaturating(long sum, long addend) {
        long n = sum + addend;
        return Long.compareUnsigned(n, sum) >= 0 ? n : -1L;
    }

    /** {@code ravg_normalize_dur}: {@code dur / halfLife} in fixed point, rounded up; 1.0 from a full period on. */
    private static long normalizeDur(long dur, long halfLife) {
        return dur < halfLife ? ((dur << FRAC_BITS) + halfLife - 1) / halfLife : ONE;
    }

    /**
     * {@code u64_x_u32_rshift}: {@code (a × b) >> rshift} for an unsigned 64-bit {@code a} and 32-bit {@code b},
     * whose product may exceed 64 bits, computed from {@code a}'s two halves.
     */
    private static long mulShift(long a, long b, int rshift) {
        long lo = (a & U32_MASK) * b;
        long hi = (a >>> 32) * b;
        lo >>>= rshift;
        hi = rshift <= 32 ? hi << (32 - rshift) : hi >>> (rshift - 32);
        return lo + hi;
    }
}
