package io.scx4j.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The primitive-keyed user-DSQ table behaves as a map from DSQ id to DSQ, through growth and removals. */
class UserDsqsTest {

    @Test
    void aDsqIsFoundByItsIdUntilRemovedAndIdsOutsideTheLongCacheWork() {
        UserDsqs t = new UserDsqs();
        DispatchQueue a = new DispatchQueue(1L << 20, -1);
        DispatchQueue b = new DispatchQueue(0, -1);
        assertNull(t.put(1L << 20, a));
        assertNull(t.put(0, b));
        assertSame(a, t.get(1L << 20));
        assertSame(b, t.get(0));
        assertTrue(t.containsKey(0));
        assertNull(t.get(-1L), "a built-in id is never a user DSQ here");
        assertSame(a, t.remove(1L << 20));
        assertNull(t.get(1L << 20));
        assertNull(t.remove(1L << 20), "removing twice finds nothing");
        assertEquals(1, t.size());
        t.clear();
        assertFalse(t.containsKey(0));
        assertEquals(0, t.size());
    }

    @Test
    void tenThousandRandomPutsGetsAndRemovesAgreeWithAHashMap() {
        UserDsqs t = new UserDsqs();
        Map<Long, DispatchQueue> model = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            // few distinct ids, many of them colliding in a small table: long probe runs, removals in their middle
            long id = random.nextInt(300) * 1024L;
            switch (random.nextInt(3)) {
                case 0 -> {
                    DispatchQueue q = new DispatchQueue(id, -1);
                    assertSame(model.put(id, q), t.put(id, q), "put " + id);
                }
                case 1 -> assertSame(model.remove(id), t.remove(id), "remove " + id);
                default -> assertSame(model.get(id), t.get(id), "get " + id);
            }
            assertEquals(model.size(), t.size());
        }
        for (long id = 0; id < 300 * 1024L; id += 1024) {
            assertSame(model.get(id), t.get(id), "final get " + id);
        }
    }
}
