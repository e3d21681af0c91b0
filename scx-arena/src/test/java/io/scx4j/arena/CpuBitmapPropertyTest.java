package io.scx4j.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The bitmap against java.util.BitSet under random operation sequences. */
class CpuBitmapPropertyTest {
    @Property(tries = 300)
    void matchesABitSet(@ForAll @IntRange(min = 1, max = 300) int nrCpus,
                        @ForAll @Size(max = 200) List<@IntRange(max = 5) Integer> ops,
                        @ForAll @Size(min = 200, max = 200) List<@IntRange(max = 4095) Integer> args) {
        CpuBitmap m = CpuBitmap.create(nrCpus);
        BitSet model = new BitSet(nrCpus);
        for (int i = 0; i < ops.size(); i++) {
            int cpu = args.get(i) % nrCpus;
            switch (ops.get(i)) {
                case 0, 1 -> {
                    m.set(cpu);
                    model.set(cpu);
                }
                case 2 -> {
                    m.clear(cpu);
                    model.clear(cpu);
                }
                case 3 -> {
                    assertEquals(model.get(cpu), m.testAndClear(cpu));
                    model.clear(cpu);
                }
                case 4 -> {
                    int expected = model.nextSetBit(cpu);
                    if (expected < 0) {
                        expected = model.nextSetBit(0);
                    }
                    assertEquals(expected, m.pickAny(cpu));
                    if (expected >= 0) {
                        model.clear(expected);
                    }
                }
                default -> {
                    int next = model.nextSetBit(cpu);
                    assertEquals(next, m.nextSetBit(cpu));
                }
            }
            assertEquals(model.cardinality(), m.weight());
        }
        BitSet seen = new BitSet();
        m.forEach(seen::set);
        assertEquals(model, seen);
    }
}
