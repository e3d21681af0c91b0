package io.scx4j.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.scx4j.api.Dsq;
import io.scx4j.api.EnqFlags;
import io.scx4j.api.Scx;
import org.junit.jupiter.api.Test;

/** The README's example, compiled and run by the build: unit-testing a policy callback with FakeTask and a mock Scx. */
class WeightedSlicePolicyTest {
    @Test
    void aNiceMinus5TaskGetsASliceOf61Ms() {
        Scx scx = mock(Scx.class);
        WeightedSlicePolicy policy = new WeightedSlicePolicy();
        FakeTask p = new FakeTask(1).nice(-5); // weight round(3121 * 100 / 1024) = 305

        ScopedValue.where(Scx.CURRENT, scx).run(() -> policy.enqueue(p, EnqFlags.WAKEUP));

        verify(scx).dsqInsert(p, Dsq.GLOBAL, 61_000_000L, EnqFlags.WAKEUP); // 20 ms * 305 / 100
    }

    @Test
    void aHeavyTaskIsCappedAtFourDefaultSlicesAndALightOneGetsLess() {
        Scx scx = mock(Scx.class);
        WeightedSlicePolicy policy = new WeightedSlicePolicy();
        FakeTask heavy = new FakeTask(1).nice(-10); // weight round(9548 * 100 / 1024) = 932: 186.4 ms, capped
        FakeTask light = new FakeTask(2).nice(5); // weight round(335 * 100 / 1024) = 33: 6.6 ms

        ScopedValue.where(Scx.CURRENT, scx).run(() -> {
            policy.enqueue(heavy, 0);
            policy.enqueue(light, 0);
        });

        verify(scx).dsqInsert(heavy, Dsq.GLOBAL, 80_000_000L, 0);
        verify(scx).dsqInsert(light, Dsq.GLOBAL, 6_600_000L, 0);
    }

    @Test
    void theEnqueueCountLivesInEachTasksOwnLocalStorage() {
        WeightedSlicePolicy policy = new WeightedSlicePolicy();
        FakeTask a = new FakeTask(1);
        FakeTask b = new FakeTask(2);

        ScopedValue.where(Scx.CURRENT, mock(Scx.class)).run(() -> {
            policy.enqueue(a, 0);
            policy.enqueue(a, 0);
            policy.enqueue(b, 0);
        });

        assertEquals(2, policy.enqueuesOf(a));
        assertEquals(1, policy.enqueuesOf(b));
    }
}
