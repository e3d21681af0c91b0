package io.scx4j.lib.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.scx4j.api.DeqFlags;
import io.scx4j.api.Dsq;
import io.scx4j.api.EnqFlags;
import io.scx4j.api.Errno;
import io.scx4j.api.KickFlags;
import io.scx4j.api.OpsFlags;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.testfixtures.FakeTask;
import io.scx4j.topology.CpuMask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class CentralPolicyTest {
    private static final int CENTRAL = 0;
    private static final long SLICE = 20_000_000L;
    private static final long INF = Scx.SLICE_INF;

    private final Scx scx = mock(Scx.class);
    private CentralPolicy policy;

    @BeforeEach
    void load() {
        when(scx.nrCpuIds()).thenReturn(4);
        when(scx.dispatchNrSlots()).thenReturn(32);
        policy = new CentralPolicy(CENTRAL, SLICE);
        assertEquals(0, policy.init(scx));
        verify(scx).createDsq(CentralPolicy.FALLBACK_DSQ, Scx.NUMA_NO_NODE);
    }

    /** Enqueues {@code p} as a woken task that is not running. */
    private void enqueue(Task p) {
        policy.enqueue(p, EnqFlags.WAKEUP);
    }

    private void runOn(int cpu, Task p, long now) {
        when(scx.taskCpu(p)).thenReturn(cpu);
        when(scx.now()).thenReturn(now);
        policy.running(p);
    }

    /** The central CPU's task ticks at {@code now} (the task started there at {@code now}). */
    private void tickOnCentralAt(long now) {
        FakeTask onCentral = new FakeTask(1000);
        runOn(CENTRAL, onCentral, now);
        policy.tick(onCentral);
    }

    @Test
    void everyWakeUpIsSteeredToTheCentralCpu() {
        assertEquals(CENTRAL, policy.selectCpu(new FakeTask(1), 3, 0));
        CentralPolicy onTwo = new CentralPolicy(2, SLICE);
        assertEquals(2, onTwo.selectCpu(new FakeTask(1), 3, 0));
    }

    @Test
    void theLastTaskOfACpuGoesThroughEnqueueLikeAnyOther() {
        assertEquals(OpsFlags.ENQ_LAST, policy.flags());
    }

    @Test
    void aQueuedTaskKicksTheCentralCpuToPreempt() {
        FakeTask p = new FakeTask(1);
        enqueue(p);
        verify(scx).kickCpu(CENTRAL, KickFlags.PREEMPT);
        verify(scx, never()).dsqInsert(any(), anyLong(), anyLong(), anyLong());
        assertEquals(1, policy.stats().queued());
        assertEquals(1, policy.stats().total());
    }

    @Test
    void aTaskEnqueuedWhileItIsStillRunningDoesNotKickTheCentralCpu() {
        FakeTask p = new FakeTask(1);
        when(scx.taskRunning(p)).thenReturn(true);
        policy.enqueue(p, EnqFlags.LAST);
        verify(scx, never()).kickCpu(anyInt(), anyLong());
        assertEquals(1, policy.stats().queued());
    }

    @Test
    void aPerCpuKthreadPreemptsItsOwnCpuFromTheHeadOfTheLocalDsqWithAnInfiniteSlice() {
        FakeTask ksoftirqd = new FakeTask(9).kthread(true).cpus(CpuMask.of(3));
        enqueue(ksoftirqd);
        verify(scx).dsqInsert(ksoftirqd, Dsq.LOCAL, INF, EnqFlags.WAKEUP | EnqFlags.PREEMPT);
        verify(scx, never()).kickCpu(anyInt(), anyLong());
        assertEquals(new CentralPolicy.Stats(1, 1, 0, 0, 0, 0, 0, 0), policy.stats());
    }

    @Test
    void aKthreadThatMayRunAnywhereIsQueuedLikeAnyTask() {
        FakeTask kworker = new FakeTask(9).kthread(true);
        enqueue(kworker);
        assertEquals(1, policy.stats().queued());
        assertEquals(0, policy.stats().locals());
    }

    @Test
    void aFullCentralQueueOverflowsToTheFallbackDsq() {
        for (int pid = 1; pid <= CentralPolicy.QUEUE_CAPACITY; pid++) {
            enqueue(new FakeTask(pid));
        }
        FakeTask extra = new FakeTask(99_999);
        enqueue(extra);
        verify(scx).dsqInsert(extra, CentralPolicy.FALLBACK_DSQ, INF, EnqFlags.WAKEUP);
        assertEquals(CentralPolicy.QUEUE_CAPACITY, policy.stats().queued());
        assertEquals(1, policy.stats().overflows());
    }

    @Test
    void aNonCentralCpuWithNothingForItAsksTheCentralCpuByKickingIt() {
        policy.dispatch(2, null);
        InOrder order = inOrder(scx);
        order.verify(scx).dsqMoveToLocal(CentralPolicy.FALLBACK_DSQ);
        order.verify(scx).kickCpu(CENTRAL, KickFlags.PREEMPT);
        verify(scx, never()).dsqInsert(any(), anyLong(), anyLong(), anyLong());
    }

    @Test
    void aNonCentralCpuTakesFromTheFallbackDsqWithoutBotheringTheCentralCpu() {
        when(scx.dsqMoveToLocal(CentralPolicy.FALLBACK_DSQ)).thenReturn(true);
        policy.dispatch(2, null);
        verify(scx, never()).kickCpu(anyInt(), anyLong());
    }

    @Test
    void theCentralCpuHandsQueuedTasksInFifoOrderToTheCpusThatAskedAndWakesThem() {
        FakeTask a = new FakeTask(1);
        FakeTask b = new FakeTask(2);
        FakeTask c = new FakeTask(3);
        enqueue(a);
        enqueue(b);
        enqueue(c);
        policy.dispatch(3, null);
        policy.dispatch(1, null);
        clearInvocations(scx);

        policy.dispatch(CENTRAL, null);

        InOrder order = inOrder(scx);
        order.verify(scx).dsqInsert(a, Dsq.localOn(1), INF, 0);
        order.verify(scx).kickCpu(1, KickFlags.IDLE);
        order.verify(scx).dsqInsert(b, Dsq.localOn(3), INF, 0);
        order.verify(scx).kickCpu(3, KickFlags.IDLE);
        // then work for itself: the fallback DSQ, then the queue; no kick of itself
        order.verify(scx).dsqMoveToLocal(CentralPolicy.FALLBACK_DSQ);
        order.verify(scx).dsqInsert(c, Dsq.localOn(CENTRAL), INF, 0);
        verify(scx, never()).kickCpu(eq(CENTRAL), anyLong());
        assertEquals(0, policy.stats().queued());
        assertEquals(1, policy.stats().dispatches());
    }

    @Test
    void aCpuIsServedOnceUntilItAsksAgain() {
        enqueue(new FakeTask(1));
        enqueue(new FakeTask(2));
        policy.dispatch(2, null);
        policy.dispatch(CENTRAL, null); // task 1 -> CPU 2, task 2 -> central
        enqueue(new FakeTask(3));
        clearInvocations(scx);

        policy.dispatch(CENTRAL, null);

        verify(scx, never()).dsqInsert(any(), eq(Dsq.localOn(2)), anyLong(), anyLong());
    }

    @Test
    void theCentralCpuPrefersTheFallbackDsqForItself() {
        FakeTask p = new FakeTask(1);
        enqueue(p);
        when(scx.dsqMoveToLocal(CentralPolicy.FALLBACK_DSQ)).thenReturn(true);
        clearInvocations(scx);

        policy.dispatch(CENTRAL, null);

        verify(scx, never()).dsqInsert(any(), anyLong(), anyLong(), anyLong());
        assertEquals(1, policy.stats().queued());
    }

    @Test
    void aTaskThatMayNotRunOnTheAskingCpuIsBouncedToTheFallbackDsqAndTheNextOneGoes() {
        FakeTask pinnedToZero = new FakeTask(1).cpus(CpuMask.of(0));
        FakeTask free = new FakeTask(2);
        enqueue(pinnedToZero);
        enqueue(free);
        policy.dispatch(2, null);
        clearInvocations(scx);

        policy.dispatch(CENTRAL, null);

        InOrder order = inOrder(scx);
        order.verify(scx).dsqInsert(pinnedToZero, CentralPolicy.FALLBACK_DSQ, INF, 0);
        order.verify(scx).dsqInsert(free, Dsq.localOn(2), INF, 0);
        assertEquals(1, policy.stats().mismatches());
    }

    @Test
    void aFullDispatchBufferMakesTheCentralCpuKickItselfToTryAgain() {
        enqueue(new FakeTask(1));
        policy.dispatch(1, null);
        when(scx.dispatchNrSlots()).thenReturn(0);
        clearInvocations(scx);

        policy.dispatch(CENTRAL, null);

        verify(scx).kickCpu(CENTRAL, KickFlags.PREEMPT);
        verify(scx, never()).dsqInsert(any(), anyLong(), anyLong(), anyLong());
        verify(scx, never()).dsqMoveToLocal(anyLong());
        assertEquals(1, policy.stats().retries());
    }

    @Test
    void aDequeuedTaskLeavesTheCentralQueueAndIsNeverDispatched() {
        FakeTask leaving = new FakeTask(1);
        FakeTask staying = new FakeTask(2);
        enqueue(leaving);
        enqueue(staying);
        policy.dequeue(leaving, DeqFlags.SLEEP);
        assertEquals(1, policy.stats().queued());
        clearInvocations(scx);

        policy.dispatch(CENTRAL, null);

        verify(scx).dsqInsert(staying, Dsq.localOn(CENTRAL), INF, 0);
        verify(scx, never()).dsqInsert(eq(leaving), anyLong(), anyLong(), anyLong());
    }

    @Test
    void dequeuingATaskThatIsNotQueuedChangesNothing() {
        FakeTask p = new FakeTask(1);
        enqueue(p);
        policy.dispatch(CENTRAL, null); // p -> central's local DSQ
        policy.dequeue(p, 0);
        assertEquals(0, policy.stats().queued());
    }

    @Test
    void theTimerKicksANonCentralCpuWhoseTaskRanPastItsSliceWhenTasksAreQueued() {
        runOn(1, new FakeTask(10), 20_000_000L);
        runOn(2, new FakeTask(20), 1_000L);
        runOn(3, new FakeTask(30), 15_000_000L);
        enqueue(new FakeTask(1));
        clearInvocations(scx);

        // the central CPU ticks 21 ms after CPU 2's task started: CPU 2 is past its slice, CPUs 1 and 3 are not
        FakeTask onCentral = new FakeTask(40);
        runOn(CENTRAL, onCentral, 21_000_000L);
        policy.tick(onCentral);

        verify(scx).kickCpu(2, KickFlags.PREEMPT);
        verify(scx, never()).kickCpu(eq(1), anyLong());
        verify(scx, never()).kickCpu(eq(3), anyLong());
        verify(scx, never()).kickCpu(eq(CENTRAL), anyLong());
        assertEquals(1, policy.stats().timers());
    }

    @Test
    void theTimerLeavesATaskRunningPastItsSliceAloneWhenNothingWaits() {
        runOn(2, new FakeTask(20), 1_000L);
        clearInvocations(scx);

        tickOnCentralAt(50_000_000L);

        verify(scx, never()).kickCpu(anyInt(), anyLong());
    }

    @Test
    void theTimerKicksAtMostAsManyCpusAsThereAreQueuedTasks() {
        runOn(1, new FakeTask(11), 1L);
        runOn(2, new FakeTask(12), 1L);
        runOn(3, new FakeTask(13), 1L);
        enqueue(new FakeTask(1));
        clearInvocations(scx);

        tickOnCentralAt(100_000_000L);

        verify(scx, times(1)).kickCpu(anyInt(), eq(KickFlags.PREEMPT));
    }

    @Test
    void theTimerKicksEveryExpiredCpuWhenTheFallbackDsqOrItsLocalDsqHasWork() {
        runOn(1, new FakeTask(11), 1L);
        runOn(2, new FakeTask(12), 1L);
        when(scx.dsqNrQueued(Dsq.localOn(2))).thenReturn(1);
        clearInvocations(scx);

        tickOnCentralAt(100_000_000L);

        verify(scx).kickCpu(2, KickFlags.PREEMPT);
        verify(scx, never()).kickCpu(eq(1), anyLong());
        verify(scx, never()).kickCpu(eq(3), anyLong()); // idle, but nothing waits

        when(scx.dsqNrQueued(CentralPolicy.FALLBACK_DSQ)).thenReturn(2);
        clearInvocations(scx);
        tickOnCentralAt(200_000_000L);
        verify(scx).kickCpu(1, KickFlags.PREEMPT);
        verify(scx).kickCpu(2, KickFlags.PREEMPT);
        verify(scx).kickCpu(3, KickFlags.PREEMPT); // an idle CPU counts as expired
    }

    @Test
    void aCpuWhoseTaskStoppedCountsAsIdleForTheTimer() {
        FakeTask t = new FakeTask(12);
        runOn(2, t, 99_000_000L);
        policy.stopping(t, false);
        enqueue(new FakeTask(1));
        clearInvocations(scx);

        tickOnCentralAt(100_000_000L); // only 1 ms after CPU 2's task started

        verify(scx).kickCpu(anyInt(), eq(KickFlags.PREEMPT));
    }

    @Test
    void theTimerRunsAtMostOncePerMillisecond() {
        FakeTask onCentral = new FakeTask(10);
        runOn(CENTRAL, onCentral, 10_000_000L);
        policy.tick(onCentral);
        when(scx.now()).thenReturn(10_999_999L);
        policy.tick(onCentral);
        assertEquals(1, policy.stats().timers());
        when(scx.now()).thenReturn(11_000_000L);
        policy.tick(onCentral);
        assertEquals(2, policy.stats().timers());
    }

    @Test
    void anotherCpusTickDrivesTheTimerOnlyWhileTheCentralCpuRunsNoTask() {
        FakeTask onCentral = new FakeTask(10);
        FakeTask onTwo = new FakeTask(20);
        runOn(2, onTwo, 1L);
        runOn(CENTRAL, onCentral, 5_000_000L);

        when(scx.now()).thenReturn(50_000_000L);
        policy.tick(onTwo);
        assertEquals(0, policy.stats().timers());

        policy.stopping(onCentral, false);
        policy.tick(onTwo);
        assertEquals(1, policy.stats().timers());
    }

    @Test
    void theTimerStartsItsRoundAtADifferentCpuEachTime() {
        for (int cpu = 1; cpu < 4; cpu++) {
            runOn(cpu, new FakeTask(10 + cpu), 1L);
        }
        enqueue(new FakeTask(1)); // one queued task: exactly one CPU is kicked per round
        FakeTask onCentral = new FakeTask(10);
        int[] kicked = new int[3];
        for (int round = 0; round < 3; round++) {
            clearInvocations(scx);
            runOn(CENTRAL, onCentral, 100_000_000L + round * 2_000_000L);
            policy.tick(onCentral);
            var captor = org.mockito.ArgumentCaptor.forClass(Integer.class);
            verify(scx).kickCpu(captor.capture(), eq(KickFlags.PREEMPT));
            kicked[round] = captor.getValue();
        }
        // round 0 starts at CPU 0 (central, skipped) -> 1; round 1 starts at CPU 1 -> 1; round 2 at CPU 2 -> 2
        assertEquals(1, kicked[0]);
        assertEquals(1, kicked[1]);
        assertEquals(2, kicked[2]);
    }

    @Test
    void aCentralCpuThatDoesNotExistFailsTheLoadWithAnError() {
        Scx small = mock(Scx.class);
        when(small.nrCpuIds()).thenReturn(4);
        CentralPolicy onFour = new CentralPolicy(4, SLICE);

        assertEquals(-Errno.EINVAL, onFour.init(small));

        verify(small).error(anyString(), any(Object[].class));
        verify(small, never()).createDsq(anyLong(), anyInt());
    }

    @Test
    void aFailedFallbackDsqFailsTheLoad() {
        Scx failing = mock(Scx.class);
        when(failing.nrCpuIds()).thenReturn(2);
        when(failing.createDsq(CentralPolicy.FALLBACK_DSQ, Scx.NUMA_NO_NODE)).thenReturn(-Errno.EEXIST);
        assertEquals(-Errno.EEXIST, new CentralPolicy().init(failing));
    }
}
