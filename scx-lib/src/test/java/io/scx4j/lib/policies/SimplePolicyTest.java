package io.scx4j.lib.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.scx4j.api.Dsq;
import io.scx4j.api.EnqFlags;
import io.scx4j.api.Op;
import io.scx4j.api.Scx;
import io.scx4j.api.SelectCpuResult;
import io.scx4j.api.WakeFlags;
import io.scx4j.testfixtures.FakeTask;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class SimplePolicyTest {
    private static final long SLICE = Scx.SLICE_DFL; // 20 ms
    private final Scx scx = mock(Scx.class);

    private SimplePolicy loaded(boolean fifo, long sliceNs) {
        SimplePolicy policy = new SimplePolicy(fifo, sliceNs);
        assertEquals(0, policy.init(scx));
        return policy;
    }

    @Test
    void initCreatesTheSharedDsqAndFailsTheLoadIfThatFails() {
        loaded(false, SLICE);
        verify(scx).createDsq(SimplePolicy.SHARED_DSQ, Scx.NUMA_NO_NODE);

        Scx failing = mock(Scx.class);
        when(failing.createDsq(SimplePolicy.SHARED_DSQ, Scx.NUMA_NO_NODE)).thenReturn(-17);
        assertEquals(-17, new SimplePolicy().init(failing));
    }

    @Test
    void aWakingTaskThatFindsAnIdleCpuIsInsertedDirectlyIntoItsLocalDsqAndCountedAsLocal() {
        SimplePolicy policy = loaded(false, SLICE);
        FakeTask p = new FakeTask(1);
        when(scx.selectCpuDfl(p, 2, WakeFlags.TTWU)).thenReturn(new SelectCpuResult(5, true));

        assertEquals(5, policy.selectCpu(p, 2, WakeFlags.TTWU));

        verify(scx).dsqInsert(p, Dsq.LOCAL, SLICE, 0);
        assertEquals(new SimplePolicy.Stats(1, 0), policy.stats());
    }

    @Test
    void aWakingTaskWithoutAnIdleCpuIsLeftForEnqueue() {
        SimplePolicy policy = loaded(false, SLICE);
        FakeTask p = new FakeTask(1);
        when(scx.selectCpuDfl(p, 2, 0)).thenReturn(new SelectCpuResult(2, false));

        assertEquals(2, policy.selectCpu(p, 2, 0));

        verify(scx, never()).dsqInsert(any(), anyLong(), anyLong(), anyLong());
        assertEquals(new SimplePolicy.Stats(0, 0), policy.stats());
    }

    @Test
    void fifoModeInsertsAtTheTailOfTheSharedDsqWithDsqInsert() {
        SimplePolicy policy = loaded(true, SLICE);
        FakeTask p = new FakeTask(1).vtime(123);

        policy.enqueue(p, EnqFlags.WAKEUP);

        verify(scx).dsqInsert(p, SimplePolicy.SHARED_DSQ, SLICE, EnqFlags.WAKEUP);
        verify(scx, never()).dsqInsertVtime(any(), anyLong(), anyLong(), anyLong(), anyLong());
        assertEquals(new SimplePolicy.Stats(0, 1), policy.stats());
    }

    @Test
    void vtimeModeInsertsIntoTheSharedDsqByVtimeWithDsqInsertVtime() {
        SimplePolicy policy = loaded(false, SLICE);
        FakeTask p = new FakeTask(1).vtime(0);

        policy.enqueue(p, EnqFlags.WAKEUP);

        verify(scx).dsqInsertVtime(p, SimplePolicy.SHARED_DSQ, SLICE, 0, EnqFlags.WAKEUP);
        verify(scx, never()).dsqInsert(any(), anyLong(), anyLong(), anyLong());
        assertEquals(new SimplePolicy.Stats(0, 1), policy.stats());
    }

    @Test
    void aTaskWakingAfterALongSleepIsQueuedAtMostOneSliceBehindVtimeNow() {
        SimplePolicy policy = loaded(false, SLICE);
        policy.running(new FakeTask(2).vtime(500_000_000L)); // vtime_now = 500 ms
        FakeTask sleeper = new FakeTask(1).vtime(10_000_000L); // 490 ms behind

        policy.enqueue(sleeper, EnqFlags.WAKEUP);

        // 500 ms - 20 ms = 480 ms
        verify(scx).dsqInsertVtime(sleeper, SimplePolicy.SHARED_DSQ, SLICE, 480_000_000L, EnqFlags.WAKEUP);
    }

    @Test
    void theSleepCreditIsOneConfiguredSlice() {
        SimplePolicy policy = loaded(false, 5_000_000L); // slice_us = 5000
        policy.running(new FakeTask(2).vtime(500_000_000L));
        FakeTask sleeper = new FakeTask(1).vtime(0);

        policy.enqueue(sleeper, 0);

        verify(scx).dsqInsertVtime(sleeper, SimplePolicy.SHARED_DSQ, 5_000_000L, 495_000_000L, 0);
    }

    @Test
    void dispatchMovesTheHeadOfTheSharedDsqToTheCpu() {
        SimplePolicy policy = loaded(false, SLICE);
        policy.dispatch(3, null);
        verify(scx).dsqMoveToLocal(SimplePolicy.SHARED_DSQ);
    }

    @Test
    void runningMovesVtimeNowForwardButNeverBack() {
        SimplePolicy policy = loaded(false, SLICE);
        policy.running(new FakeTask(1).vtime(300));
        policy.running(new FakeTask(2).vtime(100));
        assertEquals(300, policy.vtimeNow());
    }

    @Test
    void stoppingChargesTheUsedSliceScaledByWeight() {
        SimplePolicy policy = loaded(false, SLICE);
        // weight 400 (about nice -6), ran 20 ms - 4 ms = 16 ms: charged 16 ms * 100 / 400 = 4 ms
        FakeTask heavy = new FakeTask(1).weight(400).vtime(1_000L).slice(4_000_000L);
        policy.stopping(heavy, true);
        assertEquals(1_000L + 4_000_000L, heavy.dsqVtime());

        // weight 25, ran the whole slice: 20 ms * 100 / 25 = 80 ms
        FakeTask light = new FakeTask(2).weight(25).vtime(0).slice(0);
        policy.stopping(light, false);
        assertEquals(80_000_000L, light.dsqVtime());
    }

    @Test
    void fifoModeKeepsNoVtime() {
        SimplePolicy policy = loaded(true, SLICE);
        FakeTask p = new FakeTask(1).vtime(1_000).slice(0);
        policy.running(new FakeTask(2).vtime(900_000));
        policy.stopping(p, true);
        assertEquals(1_000, p.dsqVtime());
        assertEquals(0, policy.vtimeNow());
    }

    @Test
    void aTaskEnteringThePolicyStartsAtVtimeNow() {
        SimplePolicy policy = loaded(false, SLICE);
        policy.running(new FakeTask(2).vtime(777_000));
        FakeTask p = new FakeTask(1).vtime(5);
        policy.enable(p);
        assertEquals(777_000, p.dsqVtime());
    }

    @Test
    void aLightTaskFallsBehindAHeavyOneInTheQueueAfterTheSameRunTime() {
        SimplePolicy policy = loaded(false, SLICE);
        FakeTask heavy = new FakeTask(1).weight(200);
        FakeTask light = new FakeTask(2).weight(50);
        policy.enable(heavy);
        policy.enable(light);
        heavy.setSlice(10_000_000L);
        light.setSlice(10_000_000L);
        policy.stopping(heavy, true);
        policy.stopping(light, true);
        assertEquals(5_000_000L, heavy.dsqVtime());
        assertEquals(20_000_000L, light.dsqVtime());
    }

    @Test
    void itImplementsTheSameCallbacksAsScxSimple() {
        assertEquals(EnumSet.of(Op.SELECT_CPU, Op.ENQUEUE, Op.DISPATCH, Op.RUNNING, Op.STOPPING, Op.ENABLE, Op.INIT),
                new SimplePolicy().implementedOps());
        assertEquals("simple", new SimplePolicy().name());
    }
}
