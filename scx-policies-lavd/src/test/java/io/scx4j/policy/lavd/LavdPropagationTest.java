package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.scx4j.api.BpfTimer;
import io.scx4j.api.EnqFlags;
import io.scx4j.api.InitTaskArgs;
import io.scx4j.api.Scx;
import io.scx4j.testfixtures.FakeTask;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wake path of {@code lavd_runnable} and the inheritance step of {@code calc_lat_cri}, with a stand-in for the
 * kernel helpers: the waker's wake frequency and the waker/wakee criticality exchange (policies.md §1.2–1.3).
 */
class LavdPropagationTest {
    static final long MS = 1_000_000;

    private final long[] clock = {0};
    private Scx scx;
    private LavdPolicy lavd;
    private FakeTask waker;
    private FakeTask wakee;

    @BeforeEach
    void setUp() {
        scx = mock(Scx.class);
        when(scx.topology()).thenReturn(TopologyPresets.get("flat-4"));
        when(scx.onlineCpumask()).thenReturn(CpuMask.range(0, 4));
        when(scx.now()).thenAnswer(i -> clock[0]);
        when(scx.cpuperfCur(anyInt())).thenReturn(Scx.CPUPERF_ONE);
        when(scx.createDsq(anyLong(), anyInt())).thenReturn(0);
        // the 10 ms statistics timer: armed, never fired by a mock (no pass runs in these tests)
        when(scx.timerInit(anyString(), any())).thenReturn(mock(BpfTimer.class));
        lavd = new LavdPolicy();
        assertEquals(0, lavd.init(scx));
        CpuMask all = CpuMask.range(0, 4);
        waker = new FakeTask(1).tgid(1).cpus(all);
        wakee = new FakeTask(2).tgid(1).cpus(all);
        InitTaskArgs fork = new InitTaskArgs(true, null);
        assertEquals(0, lavd.initTask(waker, fork));
        assertEquals(0, lavd.initTask(wakee, fork));
    }

    private long get(FakeTask p, io.scx4j.arena.LongField f) {
        TaskCtx t = lavd.taskCtx();
        return t.get(t.of(p), f);
    }

    private void set(FakeTask p, io.scx4j.arena.LongField f, long v) {
        TaskCtx t = lavd.taskCtx();
        t.set(t.of(p), f, v);
    }

    @Test
    void aWakerInTheSameProcessGainsWakeFrequencyAndPassesItsCriticalityToTheWakee() {
        set(waker, TaskCtx.LAT_CRI, 3000);
        clock[0] = 10 * MS;
        when(scx.currentTask()).thenReturn(waker);

        lavd.runnable(wakee, EnqFlags.WAKEUP);

        // interval 10 ms since the waker's last_runnable_clk (0): sample 1e9 / 1e7 = 100; old 0 < 8: 0 + 100 >> 1
        assertEquals(50, get(waker, TaskCtx.WAKE_FREQ));
        assertEquals(10 * MS, get(waker, TaskCtx.LAST_RUNNABLE_CLK));
        assertEquals(3000, get(wakee, TaskCtx.LAT_CRI_WAKER));
        assertEquals(1, lavd.taskStats(wakee).wakerPid());

        // the wakee's own score: wait 0, wake 0 -> bitlen(1) = 1; runtime 0 -> 1e9 / 5e5 + 1 = 2001;
        // wake-up: weight 100 * (1 + 128) + 1 = 12901; 2001 * 12901 = 25,814,901 -> bitlen 25; (1 + 25)^2 = 676.
        // giver 3000 + 0 > 2 * 676 = 1352: + min((3000 - 1352) >> 3 = 206, 676 >> 2 = 169) = 845
        lavd.taskCtx().setFlag(lavd.taskCtx().of(wakee), TaskCtx.F_WAKEUP);
        lavd.calcWhenToRun(wakee, lavd.taskCtx().of(wakee));
        assertEquals(845, get(wakee, TaskCtx.LAT_CRI));
        assertEquals(0, get(wakee, TaskCtx.LAT_CRI_WAKER), "inheritance is used once");
    }

    @Test
    void aCriticalWakeeBoostsItsWakerNextTime() {
        set(wakee, TaskCtx.LAT_CRI, 2000);
        clock[0] = 10 * MS;
        when(scx.currentTask()).thenReturn(waker);

        lavd.runnable(wakee, EnqFlags.WAKEUP);

        assertEquals(2000, get(waker, TaskCtx.LAT_CRI_WAKEE));
        // the waker's own score (not a wake-up): wait 0, wake_freq 50 -> 1 * 51 = 51, bitlen 6; runtime_ft 2001,
        // weight 100 * 1 + 1 = 101: 202,101 -> bitlen 18; (6 + 18)^2 = 576; giver 2000 > 1152:
        // + min((2000 - 1152) >> 3 = 106, 576 >> 2 = 144) = 682
        lavd.calcWhenToRun(waker, lavd.taskCtx().of(waker));
        assertEquals(682, get(waker, TaskCtx.LAT_CRI));
    }

    @Test
    void wakeUpsFromATimerOrAReenqueueOrWithinHalfAMillisecondLeaveTheWakerAlone() {
        clock[0] = 10 * MS;
        when(scx.currentTask()).thenReturn(waker);
        lavd.runnable(wakee, EnqFlags.WAKEUP);
        assertEquals(50, get(waker, TaskCtx.WAKE_FREQ));

        clock[0] = 10 * MS + 300_000;      // 300 us later: below LAVD_LC_WAKE_INTERVAL_MIN (500 us)
        lavd.runnable(wakee, EnqFlags.WAKEUP);
        assertEquals(50, get(waker, TaskCtx.WAKE_FREQ));

        clock[0] = 20 * MS;
        when(scx.inHardirq()).thenReturn(true);   // a timer expiry: in_hardirq, current is not a waker
        lavd.runnable(wakee, EnqFlags.WAKEUP);
        assertEquals(50, get(waker, TaskCtx.WAKE_FREQ));

        when(scx.inHardirq()).thenReturn(false);
        when(scx.currentTask()).thenReturn(waker);
        lavd.runnable(wakee, EnqFlags.WAKEUP | EnqFlags.REENQ);   // not a genuine wake-up
        assertEquals(50, get(waker, TaskCtx.WAKE_FREQ));
    }
}
