package io.scx4j.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** CpuMask against java.util.BitSet as the reference model. */
class CpuMaskPropertyTest {

    @Provide
    Arbitrary<Set<Integer>> cpus() {
        Arbitrary<Integer> low = Arbitraries.integers().between(0, 200);
        Arbitrary<Integer> any = Arbitraries.integers().between(0, CpuMask.MAX_CPUS - 1);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, low), net.jqwik.api.Tuple.of(1, any))
                .set()
                .ofMaxSize(300);
    }

    private static CpuMask mask(Set<Integer> cpus) {
        return CpuMask.of(cpus.stream().mapToInt(Integer::intValue).toArray());
    }

    private static BitSet bits(Set<Integer> cpus) {
        BitSet b = new BitSet();
        cpus.forEach(b::set);
        return b;
    }

    private static int[] toArray(BitSet b) {
        return b.stream().toArray();
    }

    @Property
    void set_algebra_agrees_with_bitset(@ForAll("cpus") Set<Integer> a, @ForAll("cpus") Set<Integer> b) {
        CpuMask ma = mask(a);
        CpuMask mb = mask(b);
        BitSet and = bits(a);
        and.and(bits(b));
        BitSet or = bits(a);
        or.or(bits(b));
        BitSet andNot = bits(a);
        andNot.andNot(bits(b));
        BitSet xor = bits(a);
        xor.xor(bits(b));
        assertArrayEquals(toArray(and), ma.and(mb).toArray());
        assertArrayEquals(toArray(or), ma.or(mb).toArray());
        assertArrayEquals(toArray(andNot), ma.andNot(mb).toArray());
        assertArrayEquals(toArray(xor), ma.xor(mb).toArray());
        assertEquals(bits(a).intersects(bits(b)), ma.intersects(mb));
        assertEquals(andNot.isEmpty(), ma.isSubsetOf(mb));
        assertEquals(mask(toSet(and)), ma.and(mb));
        assertEquals(mask(toSet(and)).hashCode(), ma.and(mb).hashCode());
        CpuMask.Builder builder = ma.toBuilder();
        builder.and(mb);
        assertEquals(ma.and(mb), builder.build());
        builder = ma.toBuilder();
        builder.andNot(mb);
        assertEquals(ma.andNot(mb), builder.build());
    }

    private static Set<Integer> toSet(BitSet b) {
        return b.stream().boxed().collect(java.util.stream.Collectors.toSet());
    }

    @Property
    void weight_first_last_next_nth_agree_with_bitset(
            @ForAll("cpus") Set<Integer> a, @ForAll @IntRange(min = 0, max = 4100) int from) {
        CpuMask m = mask(a);
        BitSet b = bits(a);
        assertEquals(b.cardinality(), m.weight());
        assertEquals(b.isEmpty(), m.isEmpty());
        assertEquals(b.nextSetBit(0), m.first());
        assertEquals(b.length() - 1, m.last());
        assertEquals(b.nextSetBit(from), m.next(from));
        int[] all = toArray(b);
        int n = from % (all.length + 1);
        assertEquals(n < all.length ? all[n] : -1, m.nth(n));
        assertEquals(b.get(Math.min(from, 4095)), m.contains(Math.min(from, 4095)));
    }

    @Property
    void cpulist_parse_of_format_is_identity(@ForAll("cpus") Set<Integer> a) {
        CpuMask m = mask(a);
        assertEquals(m, CpuMask.parse(m.toCpuList()));
        assertEquals(m, CpuMask.parse(" " + m.toCpuList() + "\n"));
    }

    @Property
    void ranges_agree_with_bitset(
            @ForAll @IntRange(min = 0, max = 4096) int x, @ForAll @IntRange(min = 0, max = 4096) int y) {
        int from = Math.min(x, y);
        int to = Math.max(x, y);
        BitSet b = new BitSet();
        b.set(from, to);
        assertArrayEquals(toArray(b), CpuMask.range(from, to).toArray());
    }
}
