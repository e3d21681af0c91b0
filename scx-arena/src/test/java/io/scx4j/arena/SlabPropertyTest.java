package io.scx4j.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SlabPropertyTest {
    static final RecordLayout REC = RecordLayout.builder("rec").i64("v").build();
    static final LongField V = REC.longField("v");

    /** Ops: 0..4 allocate and stamp, 5..7 free the k-th live handle, 8..9 dereference a freed one. */
    @Property(tries = 300)
    void slabBehavesLikeAMapOfLiveHandles(@ForAll @Size(max = 300) List<@IntRange(max = 9) Integer> ops,
                                          @ForAll @IntRange(min = 1, max = 16) int capacity,
                                          @ForAll Slab.Sync sync) {
        Slab slab = Slab.create(REC, capacity, sync);
        Map<Long, Long> model = new HashMap<>();
        List<Long> live = new ArrayList<>();
        List<Long> dead = new ArrayList<>();
        long stamp = 1;
        for (int op : ops) {
            if (op <= 4) {
                long h = slab.tryAllocate();
                if (live.size() == capacity) {
                    assertEquals(Slab.NO_HANDLE, h);
                } else {
                    assertEquals(0, V.get(slab.segment(), slab.offset(h)));
                    V.set(slab.segment(), slab.offset(h), stamp);
                    model.put(h, stamp++);
                    live.add(h);
                }
            } else if (op <= 7 && !live.isEmpty()) {
                long h = live.remove((int) (stamp % live.size()));
                slab.free(h);
                model.remove(h);
                dead.add(h);
            } else if (!dead.isEmpty()) {
                long h = dead.get((int) (stamp % dead.size()));
                assertThrows(StaleHandleException.class, () -> slab.offset(h));
            }
            for (Map.Entry<Long, Long> e : model.entrySet()) {
                assertEquals(e.getValue(), V.get(slab.segment(), slab.offset(e.getKey())));
            }
        }
        assertEquals(live.size(), slab.liveCount());
    }
}
