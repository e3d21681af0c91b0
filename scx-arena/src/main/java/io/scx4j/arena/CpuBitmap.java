package io.scx4j.arena;

import io.scx4j.arena.internal.Mem;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * An atomic bitmap of up to {@value #MAX_CPUS} CPUs in shared memory, usable as a lock-free pool
 * of CPU tokens.
 *
 * <p>The Java counterpart of scx's {@code struct scx_bitmap} ({@code lib/bitmap.bpf.c},
 * {@code lib/cpumask.bpf.c}): a fixed array of 64-bit words, at most 64 words (4,096 CPUs). Single
 * bits are changed with atomic read-modify-write on their word; {@link #pickAny(int)} finds a set
 * bit and claims it by clearing it with a compare-and-set on that one word, and
 * {@link #release(int)} sets it back, so threads (or processes) can share a pool of idle CPUs
 * without a lock, as scx's {@code pick_any_cpu}/{@code vacate_cpu} do. In an idle mask a set bit
 * means "idle, free to claim".
 *
 * <p>Whole-mask operations ({@link #and}, {@link #or}, {@link #copyFrom}, {@link #weight()}, …)
 * are atomic per word, not across words: against concurrent writers they see some interleaving of
 * per-word states, as the kernel's cpumask operations do.
 *
 * <h2>Memory layout</h2>
 * <pre>
 * word w at 8 × w, for w in [0, ceil(nrCpus / 64)): bit b of word w is CPU 64w + b
 * bits at or above nrCpus are always 0
 * </pre>
 * The segment must be 8-byte aligned; nothing else is stored, so a bitmap can be embedded in a
 * record or a file region.
 */
public final class CpuBitmap {
    /** Largest supported CPU count (64 words), as scx's {@code scx_bitmap}. */
    public static final int MAX_CPUS = 4096;

    private final MemorySegment s;
    private final int nrCpus;
    private final int words;

    private CpuBitmap(MemorySegment segment, int nrCpus) {
        this.s = segment;
        this.nrCpus = nrCpus;
        this.words = wordsFor(nrCpus);
    }

    private static int wordsFor(int nrCpus) {
        return (nrCpus + 63) >>> 6;
    }

    /** Bytes a bitmap of {@code nrCpus} CPUs needs. */
    public static long requiredBytes(int nrCpus) {
        checkNrCpus(nrCpus);
        return 8L * wordsFor(nrCpus);
    }

    /** An all-clear bitmap in its own native memory. */
    public static CpuBitmap create(int nrCpus) {
        return new CpuBitmap(Arena.ofAuto().allocate(requiredBytes(nrCpus), 64), nrCpus);
    }

    /** A bitmap over {@code segment} (8-byte aligned), contents kept; bits ≥ nrCpus must be 0. */
    public static CpuBitmap wrap(MemorySegment segment, int nrCpus) {
        Mem.requireAligned(segment, 0, 8, "cpu bitmap");
        Mem.requireSize(segment, requiredBytes(nrCpus), "cpu bitmap");
        return new CpuBitmap(segment, nrCpus);
    }

    private static void checkNrCpus(int nrCpus) {
        if (nrCpus <= 0 || nrCpus > MAX_CPUS) {
            throw new IllegalArgumentException("nrCpus must be in 1.." + MAX_CPUS + ", got " + nrCpus);
        }
    }

    private int check(int cpu) {
        return Objects.checkIndex(cpu, nrCpus);
    }

    /** Number of CPUs the bitmap covers. */
    public int nrCpus() {
        return nrCpus;
    }

    /** Whether {@code cpu}'s bit is set (acquire read). */
    public boolean test(int cpu) {
        check(cpu);
        return ((long) Mem.LONG.getAcquire(s, 8L * (cpu >>> 6)) & (1L << cpu)) != 0;
    }

    /** Sets {@code cpu}'s bit atomically. */
    public void set(int cpu) {
        check(cpu);
        Mem.LONG.getAndBitwiseOr(s, 8L * (cpu >>> 6), 1L << cpu);
    }

    /** Clears {@code cpu}'s bit atomically. */
    public void clear(int cpu) {
        check(cpu);
        Mem.LONG.getAndBitwiseAnd(s, 8L * (cpu >>> 6), ~(1L << cpu));
    }

    /** Sets {@code cpu}'s bit atomically; returns whether it was already set. */
    public boolean testAndSet(int cpu) {
        check(cpu);
        return ((long) Mem.LONG.getAndBitwiseOr(s, 8L * (cpu >>> 6), 1L << cpu) & (1L << cpu)) != 0;
    }

    /**
     * Clears {@code cpu}'s bit atomically; returns whether it was set (and so whether this caller
     * claimed it). The counterpart of {@code scx_bpf_test_and_clear_cpu_idle}.
     */
    public boolean testAndClear(int cpu) {
        check(cpu);
        return ((long) Mem.LONG.getAndBitwiseAnd(s, 8L * (cpu >>> 6), ~(1L << cpu)) & (1L << cpu)) != 0;
    }

    /** Claims {@code cpu} if its bit is set: the same as {@link #testAndClear(int)}. */
    public boolean claim(int cpu) {
        return testAndClear(cpu);
    }

    /**
     * Gives {@code cpu} back to the pool by setting its bit (scx's {@code vacate_cpu}).
     *
     * @return false if the bit was already set (a double release)
     */
    public boolean release(int cpu) {
        return !testAndSet(cpu);
    }

    /** Claims any set CPU, searching from CPU 0; see {@link #pickAny(int)}. */
    public int pickAny() {
        return pickAny(0);
    }

    /**
     * Finds a set bit at or after {@code from} (wrapping around), clears it with a
     * compare-and-set, and returns its CPU: the caller now holds that CPU. Lock-free: a failed
     * CAS means another claimer changed the word, and the search retries on the fresh word.
     * The counterpart of scx's {@code pick_any_cpu_from} / the kernel's
     * {@code scx_bpf_pick_idle_cpu}. Starting at a per-caller {@code from} spreads contention.
     *
     * @return the claimed CPU, or -1 if no bit is set
     */
    public int pickAny(int from) {
        int start = from >= 0 && from < nrCpus ? from : 0;
        int words = this.words;
        MemorySegment s = this.s;
        int w = start >>> 6;
        long mask = -1L << start; // first word: bits at or above start
        // visit every word once from start's word, then start's word again for the bits below start
        for (int n = 0; n <= words; n++) {
            long off = 8L * w;
            long word = (long) Mem.LONG.getAcquire(s, off);
            while ((word & mask) != 0) {
                long bit = Long.lowestOneBit(word & mask);
                long witness = (long) Mem.LONG.compareAndExchange(s, off, word, word & ~bit);
                if (witness == word) {
                    return (w << 6) + Long.numberOfTrailingZeros(bit);
                }
                word = witness;
            }
            if (++w == words) {
                w = 0;
            }
            mask = n == words - 1 ? ~(-1L << start) : -1L;
        }
        return -1;
    }

    /** The first set CPU at or after {@code from}, without claiming it; -1 if none. */
    public int nextSetBit(int from) {
        if (from < 0) {
            from = 0;
        }
        if (from >= nrCpus) {
            return -1;
        }
        int w = from >>> 6;
        long word = (long) Mem.LONG.getAcquire(s, 8L * w) & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == words) {
                return -1;
            }
            word = (long) Mem.LONG.getAcquire(s, 8L * w);
        }
    }

    /** Number of set bits. */
    public int weight() {
        int n = 0;
        for (int w = 0; w < words; w++) {
            n += Long.bitCount((long) Mem.LONG.getAcquire(s, 8L * w));
        }
        return n;
    }

    /** Whether no bit is set. */
    public boolean isEmpty() {
        for (int w = 0; w < words; w++) {
            if ((long) Mem.LONG.getAcquire(s, 8L * w) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Clears every bit. */
    public void clearAll() {
        for (int w = 0; w < words; w++) {
            Mem.LONG.setRelease(s, 8L * w, 0L);
        }
    }

    /** Sets the bits of CPUs {@code 0..nrCpus-1}. */
    public void setAll() {
        for (int w = 0; w < words; w++) {
            Mem.LONG.setRelease(s, 8L * w, lastWordMask(w));
        }
    }

    private long lastWordMask(int w) {
        int bits = nrCpus - (w << 6);
        return bits >= 64 ? -1L : (1L << bits) - 1;
    }

    /** Makes this bitmap equal to {@code other} (same nrCpus). */
    public void copyFrom(CpuBitmap other) {
        sameSize(other);
        for (int w = 0; w < words; w++) {
            Mem.LONG.setRelease(s, 8L * w, other.word(w));
        }
    }

    /** {@code this &= other}, word by word atomically. */
    public void and(CpuBitmap other) {
        sameSize(other);
        for (int w = 0; w < words; w++) {
            Mem.LONG.getAndBitwiseAnd(s, 8L * w, other.word(w));
        }
    }

    /** {@code this |= other}, word by word atomically. */
    public void or(CpuBitmap other) {
        sameSize(other);
        for (int w = 0; w < words; w++) {
            Mem.LONG.getAndBitwiseOr(s, 8L * w, other.word(w));
        }
    }

    /** {@code this &= ~other}, word by word atomically. */
    public void andNot(CpuBitmap other) {
        sameSize(other);
        for (int w = 0; w < words; w++) {
            Mem.LONG.getAndBitwiseAnd(s, 8L * w, ~other.word(w));
        }
    }

    /** Whether some CPU is set in both. */
    public boolean intersects(CpuBitmap other) {
        sameSize(other);
        for (int w = 0; w < words; w++) {
            if ((word(w) & other.word(w)) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether every CPU set here is set in {@code other}. */
    public boolean isSubsetOf(CpuBitmap other) {
        sameSize(other);
        for (int w = 0; w < words; w++) {
            if ((word(w) & ~other.word(w)) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Calls {@code action} with every set CPU in ascending order; no allocation. */
    public void forEach(IntConsumer action) {
        for (int w = 0; w < words; w++) {
            long word = word(w);
            while (word != 0) {
                action.accept((w << 6) + Long.numberOfTrailingZeros(word));
                word &= word - 1;
            }
        }
    }

    /** Word {@code w} (acquire read): CPUs {@code 64w .. 64w+63}. */
    public long word(int w) {
        return (long) Mem.LONG.getAcquire(s, 8L * Objects.checkIndex(w, words));
    }

    /** Number of 64-bit words. */
    public int wordCount() {
        return words;
    }

    /** The segment holding the words. */
    public MemorySegment segment() {
        return s;
    }

    private void sameSize(CpuBitmap other) {
        if (other.nrCpus != nrCpus) {
            throw new IllegalArgumentException("bitmaps of " + nrCpus + " and " + other.nrCpus
                    + " CPUs");
        }
    }

    /** CPU list in the kernel's format, e.g. {@code 0-3,8,10-11}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int cpu = nextSetBit(0);
        while (cpu >= 0) {
            int end = cpu;
            while (end + 1 < nrCpus && test(end + 1)) {
                end++;
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(cpu);
            if (end > cpu) {
                sb.append('-').append(end);
            }
            cpu = nextSetBit(end + 1);
        }
        return sb.toString();
    }
}
