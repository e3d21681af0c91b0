package io.scx4j.topology;

import com.google.common.base.CharMatcher;
import com.google.common.primitives.Ints;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * An immutable set of CPU ids in {@code [0, MAX_CPUS)}, the scx4j counterpart of the kernel's
 * {@code struct cpumask} ({@code include/linux/cpumask.h}).
 *
 * <p>The mask is backed by a {@code long[]} sized to the highest set CPU, so a mask over a few low
 * CPUs costs one or two words whatever {@link #MAX_CPUS} is. Queries ({@link #contains}, {@link
 * #first}, {@link #next}, {@link #weight}, {@link #intersects}) allocate nothing. Set algebra
 * ({@link #and}, {@link #or}, {@link #andNot}, {@link #xor}) returns a new mask; {@link Builder} is
 * the mutable form for building one up.
 *
 * <p>The text form is the Linux "cpulist" format used throughout {@code /sys/devices/system/cpu}
 * (see {@code Documentation/ABI/stable/sysfs-devices-system-cpu} and {@code bitmap_parselist()} in
 * {@code lib/bitmap-str.c}): comma-separated CPUs and inclusive ranges, e.g. {@code 0-3,8,10-11}.
 *
 * <p>Two masks are equal when they hold the same CPUs.
 */
public final class CpuMask {

    /** The largest number of CPUs a mask can hold; CPU ids are in {@code [0, MAX_CPUS)}. */
    public static final int MAX_CPUS = 4096;

    private static final int WORDS = MAX_CPUS / Long.SIZE;
    private static final CpuMask EMPTY = new CpuMask(new long[0]);
    private static final CharMatcher DIGITS = CharMatcher.inRange('0', '9');

    /** Never shared with a caller; trimmed so the last word is non-zero (canonical form). */
    private final long[] words;

    private CpuMask(long[] words) {
        this.words = words;
    }

    /** Wraps {@code words} (taking ownership), trimming trailing zero words. */
    private static CpuMask ofWords(long[] words) {
        int n = words.length;
        while (n > 0 && words[n - 1] == 0) {
            n--;
        }
        if (n == 0) {
            return EMPTY;
        }
        return new CpuMask(n == words.length ? words : Arrays.copyOf(words, n));
    }

    /** Returns the empty mask. */
    public static CpuMask empty() {
        return EMPTY;
    }

    /**
     * Returns a mask holding exactly {@code cpus} (duplicates allowed).
     *
     * @throws IllegalArgumentException if a CPU is outside {@code [0, MAX_CPUS)}
     */
    public static CpuMask of(int... cpus) {
        Builder b = builder();
        for (int cpu : cpus) {
            b.set(cpu);
        }
        return b.build();
    }

    /**
     * Returns the mask {@code [fromInclusive, toExclusive)}; empty if {@code from == to}.
     *
     * @throws IllegalArgumentException if the range is reversed or leaves {@code [0, MAX_CPUS]}
     */
    public static CpuMask range(int fromInclusive, int toExclusive) {
        return builder().set(fromInclusive, toExclusive).build();
    }

    /**
     * Parses a Linux cpulist such as {@code 0-3,8,10-11}, the format of {@code
     * /sys/devices/system/cpu/online} and every {@code *_list} file in sysfs.
     *
     * <p>Accepted: an empty or blank string (the empty mask, as an empty {@code offline} file);
     * whitespace and newlines around the list and its tokens; single CPUs {@code N}; inclusive
     * ranges {@code A-B}; and the kernel's grouped ranges {@code A-B:USED/GROUP} which, in each
     * group of {@code GROUP} CPUs from {@code A}, take the first {@code USED} (e.g. {@code
     * 0-7:2/4} is {@code 0-1,4-5}), as {@code bitmap_parselist()} does.
     *
     * @throws IllegalArgumentException naming the offending token and its character offset
     */
    public static CpuMask parse(String cpulist) {
        Builder b = builder();
        int start = 0;
        int len = cpulist.length();
        if (CharMatcher.whitespace().matchesAllOf(cpulist)) {
            return EMPTY;
        }
        while (start <= len) {
            int comma = cpulist.indexOf(',', start);
            int end = comma < 0 ? len : comma;
            parseToken(cpulist, start, end, b);
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return b.build();
    }

    private static void parseToken(String list, int start, int end, Builder b) {
        String raw = list.substring(start, end);
        String token = CharMatcher.whitespace().trimFrom(raw);
        if (token.isEmpty()) {
            throw bad(list, "", start, "an empty entry");
        }
        int offset = start + CharMatcher.whitespace().negate().indexIn(raw);
        int colon = token.indexOf(':');
        String rangePart = colon < 0 ? token : token.substring(0, colon);
        int dash = rangePart.indexOf('-');
        int from = number(list, token, offset, dash < 0 ? rangePart : rangePart.substring(0, dash));
        int to = dash < 0 ? from : number(list, token, offset, rangePart.substring(dash + 1));
        if (to < from) {
            throw bad(list, token, offset, "a range whose end is below its start");
        }
        if (to >= MAX_CPUS) {
            throw bad(list, token, offset, "a CPU >= " + MAX_CPUS);
        }
        if (colon < 0) {
            b.set(from, to + 1);
            return;
        }
        String groupPart = token.substring(colon + 1);
        int slash = groupPart.indexOf('/');
        if (dash < 0 || slash < 0) {
            throw bad(list, token, offset, "a grouped range, which must read A-B:USED/GROUP");
        }
        int used = number(list, token, offset, groupPart.substring(0, slash));
        int group = number(list, token, offset, groupPart.substring(slash + 1));
        if (used == 0 || group == 0 || used > group) {
            throw bad(list, token, offset, "a grouped range with 0 < USED <= GROUP");
        }
        for (int g = from; g <= to; g += group) {
            b.set(g, Math.min(g + used, to + 1));
        }
    }

    private static int number(String list, String token, int offset, String digits) {
        Integer value = DIGITS.matchesAllOf(digits) ? Ints.tryParse(digits) : null;
        if (value == null) {
            throw bad(list, token, offset, "'" + digits + "', which is not a CPU number");
        }
        return value;
    }

    private static IllegalArgumentException bad(String list, String token, int offset, String what) {
        return new IllegalArgumentException(
                "bad cpulist '" + list.strip() + "': token '" + token + "' at offset " + offset
                        + " has " + what + "; expected N, A-B or A-B:USED/GROUP separated by commas");
    }

    /** Returns the canonical Linux cpulist, e.g. {@code 0-3,8,10-11}; empty string if empty. */
    public String toCpuList() {
        StringBuilder sb = new StringBuilder();
        int from = first();
        while (from >= 0) {
            int to = nextClear(from) - 1;
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(from);
            if (to > from) {
                sb.append('-').append(to);
            }
            from = next(to + 1);
        }
        return sb.toString();
    }

    /** Returns {@link #toCpuList()}. */
    @Override
    public String toString() {
        return toCpuList();
    }

    /** Returns whether {@code cpu} is in the mask; false for any id outside the mask's words. */
    public boolean contains(int cpu) {
        return contains(words, cpu);
    }

    /** Returns the number of CPUs in the mask (the kernel's {@code cpumask_weight}). */
    public int weight() {
        return weight(words);
    }

    private static boolean contains(long[] words, int cpu) {
        int w = cpu >>> 6;
        return cpu >= 0 && w < words.length && (words[w] & (1L << cpu)) != 0;
    }

    private static int weight(long[] words) {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** Returns whether the mask holds no CPU. */
    public boolean isEmpty() {
        return words.length == 0;
    }

    /** Returns the lowest CPU in the mask, or -1 if it is empty. */
    public int first() {
        return next(0);
    }

    /** Returns the lowest CPU {@code >= fromInclusive} in the mask, or -1 if there is none. */
    public int next(int fromInclusive) {
        int from = Math.max(fromInclusive, 0);
        int w = from >>> 6;
        if (w >= words.length) {
            return -1;
        }
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }

    /** Returns the lowest CPU {@code >= fromInclusive} not in the mask (at most MAX_CPUS). */
    private int nextClear(int fromInclusive) {
        int w = fromInclusive >>> 6;
        if (w >= words.length) {
            return fromInclusive;
        }
        long word = ~words[w] & (-1L << fromInclusive);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == words.length) {
                return w << 6;
            }
            word = ~words[w];
        }
    }

    /** Returns the highest CPU in the mask, or -1 if it is empty. */
    public int last() {
        if (words.length == 0) {
            return -1;
        }
        int w = words.length - 1;
        return (w << 6) + 63 - Long.numberOfLeadingZeros(words[w]);
    }

    /** Returns the {@code n}-th CPU of the mask in ascending order (0-based), or -1 if none. */
    public int nth(int n) {
        if (n < 0) {
            return -1;
        }
        int left = n;
        for (int w = 0; w < words.length; w++) {
            long word = words[w];
            int count = Long.bitCount(word);
            if (left < count) {
                for (int i = 0; i < left; i++) {
                    word &= word - 1;
                }
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            left -= count;
        }
        return -1;
    }

    /** Returns the CPUs in both masks ({@code cpumask_and}). */
    public CpuMask and(CpuMask other) {
        int n = Math.min(words.length, other.words.length);
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = words[i] & other.words[i];
        }
        return ofWords(r);
    }

    /** Returns the CPUs in either mask ({@code cpumask_or}). */
    public CpuMask or(CpuMask other) {
        long[] big = words.length >= other.words.length ? words : other.words;
        long[] small = big == words ? other.words : words;
        long[] r = big.clone();
        for (int i = 0; i < small.length; i++) {
            r[i] |= small[i];
        }
        return ofWords(r);
    }

    /** Returns the CPUs in this mask but not in {@code other} ({@code cpumask_andnot}). */
    public CpuMask andNot(CpuMask other) {
        long[] r = words.clone();
        int n = Math.min(r.length, other.words.length);
        for (int i = 0; i < n; i++) {
            r[i] &= ~other.words[i];
        }
        return ofWords(r);
    }

    /** Returns the CPUs in exactly one of the masks ({@code cpumask_xor}). */
    public CpuMask xor(CpuMask other) {
        long[] big = words.length >= other.words.length ? words : other.words;
        long[] small = big == words ? other.words : words;
        long[] r = big.clone();
        for (int i = 0; i < small.length; i++) {
            r[i] ^= small[i];
        }
        return ofWords(r);
    }

    /** Returns whether the masks share a CPU ({@code cpumask_intersects}); allocates nothing. */
    public boolean intersects(CpuMask other) {
        int n = Math.min(words.length, other.words.length);
        for (int i = 0; i < n; i++) {
            if ((words[i] & other.words[i]) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Returns whether every CPU of this mask is in {@code other} ({@code cpumask_subset}). */
    public boolean isSubsetOf(CpuMask other) {
        if (words.length > other.words.length) {
            return false;
        }
        for (int i = 0; i < words.length; i++) {
            if ((words[i] & ~other.words[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Returns a mask with {@code cpu} added. */
    public CpuMask with(int cpu) {
        return contains(checkCpu(cpu)) ? this : toBuilder().set(cpu).build();
    }

    /** Returns a mask with {@code cpu} removed. */
    public CpuMask without(int cpu) {
        return contains(cpu) ? toBuilder().clear(cpu).build() : this;
    }

    /** Returns the CPUs in ascending order as a lazy stream. */
    public IntStream stream() {
        return IntStream.iterate(first(), cpu -> cpu >= 0, cpu -> next(cpu + 1));
    }

    /** Calls {@code action} with each CPU in ascending order ({@code for_each_cpu}). */
    public void forEach(IntConsumer action) {
        for (int cpu = first(); cpu >= 0; cpu = next(cpu + 1)) {
            action.accept(cpu);
        }
    }

    /** Returns the CPUs in ascending order as a new array. */
    public int[] toArray() {
        int[] out = new int[weight()];
        int i = 0;
        for (int cpu = first(); cpu >= 0; cpu = next(cpu + 1)) {
            out[i++] = cpu;
        }
        return out;
    }

    /** Two masks are equal when they hold the same CPUs. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CpuMask m && Arrays.equals(words, m.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    /** Returns a new, empty mutable builder. */
    public static Builder builder() {
        return new Builder(new long[0]);
    }

    /** Returns a new mutable builder holding this mask's CPUs. */
    public Builder toBuilder() {
        return new Builder(words.clone());
    }

    static int checkCpu(int cpu) {
        if (cpu < 0 || cpu >= MAX_CPUS) {
            throw new IllegalArgumentException(
                    "CPU " + cpu + " out of range, expected 0.." + (MAX_CPUS - 1));
        }
        return cpu;
    }

    /**
     * A mutable CPU set that {@link #build() builds} an immutable {@link CpuMask}. Not thread-safe.
     * Mutators return {@code this} for chaining.
     */
    public static final class Builder {
        private long[] words;

        private Builder(long[] words) {
            this.words = words;
        }

        private void ensure(int cpu) {
            int need = (cpu >>> 6) + 1;
            if (need > words.length) {
                words = Arrays.copyOf(words, Math.min(WORDS, Math.max(need, words.length * 2)));
            }
        }

        /**
         * Adds {@code cpu}.
         *
         * @throws IllegalArgumentException if {@code cpu} is outside {@code [0, MAX_CPUS)}
         */
        public Builder set(int cpu) {
            checkCpu(cpu);
            ensure(cpu);
            words[cpu >>> 6] |= 1L << cpu;
            return this;
        }

        /**
         * Adds every CPU in {@code [fromInclusive, toExclusive)}.
         *
         * @throws IllegalArgumentException if the range is reversed or leaves {@code [0, MAX_CPUS]}
         */
        public Builder set(int fromInclusive, int toExclusive) {
            if (fromInclusive < 0 || toExclusive > MAX_CPUS || fromInclusive > toExclusive) {
                throw new IllegalArgumentException("CPU range [" + fromInclusive + ", " + toExclusive
                        + ") invalid, expected 0 <= from <= to <= " + MAX_CPUS);
            }
            if (fromInclusive == toExclusive) {
                return this;
            }
            ensure(toExclusive - 1);
            for (int cpu = fromInclusive; cpu < toExclusive; ) {
                int w = cpu >>> 6;
                int wordEnd = Math.min((w + 1) << 6, toExclusive);
                long bits = (-1L << cpu) & (-1L >>> (64 - (wordEnd - (w << 6))));
                words[w] |= bits;
                cpu = wordEnd;
            }
            return this;
        }

        /**
         * Removes {@code cpu}.
         *
         * @throws IllegalArgumentException if {@code cpu} is outside {@code [0, MAX_CPUS)}
         */
        public Builder clear(int cpu) {
            checkCpu(cpu);
            int w = cpu >>> 6;
            if (w < words.length) {
                words[w] &= ~(1L << cpu);
            }
            return this;
        }

        /** Adds every CPU of {@code mask}. */
        public Builder setAll(CpuMask mask) {
            if (mask.words.length > words.length) {
                words = Arrays.copyOf(words, mask.words.length);
            }
            for (int i = 0; i < mask.words.length; i++) {
                words[i] |= mask.words[i];
            }
            return this;
        }

        /** Keeps only the CPUs also in {@code mask}. */
        public Builder and(CpuMask mask) {
            for (int i = 0; i < words.length; i++) {
                words[i] &= i < mask.words.length ? mask.words[i] : 0;
            }
            return this;
        }

        /** Removes every CPU of {@code mask}. */
        public Builder andNot(CpuMask mask) {
            int n = Math.min(words.length, mask.words.length);
            for (int i = 0; i < n; i++) {
                words[i] &= ~mask.words[i];
            }
            return this;
        }

        /** Returns whether {@code cpu} is currently set. */
        public boolean contains(int cpu) {
            return CpuMask.contains(words, cpu);
        }

        /** Returns the number of CPUs currently set. */
        public int weight() {
            return CpuMask.weight(words);
        }

        /** Returns an immutable mask of the CPUs currently set; the builder stays usable. */
        public CpuMask build() {
            return ofWords(words.clone());
        }
    }
}
