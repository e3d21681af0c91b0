package io.scx4j.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The ring against a model: an ArrayDeque of messages plus head/tail positions that account for
 * the padding a message needs when it would cross the end, so the model predicts exactly when a
 * write is refused.
 */
class MpscRingPropertyTest {
    record Msg(int type, int length, long stamp) {}

    static final class Model {
        final int capacity;
        final ArrayDeque<Msg> messages = new ArrayDeque<>();
        final ArrayDeque<Long> ends = new ArrayDeque<>();
        long head;
        long tail;

        Model(int capacity) {
            this.capacity = capacity;
        }

        boolean fits(int length) {
            long aligned = (length + 8 + 7) & ~7L;
            long toEnd = capacity - (tail % capacity);
            long required = aligned + (aligned > toEnd ? toEnd : 0);
            return required <= capacity - (tail - head);
        }

        void add(Msg m) {
            long aligned = (m.length() + 8 + 7) & ~7L;
            long toEnd = capacity - (tail % capacity);
            tail += aligned + (aligned > toEnd ? toEnd : 0);
            messages.add(m);
            ends.add(tail);
        }

        Msg poll() {
            head = ends.poll();
            return messages.poll();
        }
    }

    static Msg read(int type, MemorySegment b, long o, int l) {
        return new Msg(type, l, b.get(ValueLayout.JAVA_LONG_UNALIGNED, o));
    }

    @Property(tries = 200)
    void behavesLikeABoundedFifo(@ForAll @Size(max = 300) List<@IntRange(max = 64) Integer> ops) {
        MpscRing ring = MpscRing.create(512);
        Model model = new Model(ring.capacity());
        long stamp = 0;
        for (int op : ops) {
            if (op < 48) {
                int length = 8 + op; // 8..55 bytes, so padding at the wrap is exercised
                boolean fits = model.fits(length);
                long offset = ring.tryClaim(op, length);
                assertEquals(fits, offset >= 0, "accepted iff the model has room");
                if (offset >= 0) {
                    ring.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, offset, stamp);
                    ring.commit(offset);
                    model.add(new Msg(op, length, stamp++));
                }
            } else {
                ring.read((type, b, o, l) -> assertEquals(model.poll(), read(type, b, o, l)), op - 47);
            }
        }
        ring.read((type, b, o, l) -> assertEquals(model.poll(), read(type, b, o, l)));
        assertEquals(0, model.messages.size());
        assertEquals(0, ring.size());
    }
}
