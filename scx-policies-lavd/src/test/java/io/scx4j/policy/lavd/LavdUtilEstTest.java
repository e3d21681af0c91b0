package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.scx4j.api.BpfTimer;
import io.scx4j.api.DeqFlags;
import io.scx4j.api.InitTaskArgs;
import io.scx4j.api.Scx;
import io.scx4j.testfixtures.FakeTask;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import org.junit.jupiter.api.Test;

/**
 * A task's {@code util_est} as upstream computes it (sched-ext/scx 7a58a3a1, {@code main.bpf.c}):
 * {@code update_stat_for_running} accumulates {@code LAVD_SCALE} (1024) into {@code avg_util_ravg},
 * {@code lavd_quiescent} with {@code SCX_DEQ_SLEEP} accumulates 0 and reads it into {@code util_est}; half-life
 * 128 ms ({@code LAVD_RAVG_HALFLIFE_NS}). The callbacks are driven by hand with a stand-in for the kernel helpers,
 * so every time is exact and every expected value is worked out from {@code ravg_read}'s blend:
 * {@code old × (1 − P/2) + cur / 2} at a fraction {@code P} into the current 128 ms period.
 */
class LavdUtilEstTest {
    static final long MS = 1_000_000;

    private final long[] clock = {0};
    private LavdPolicy lavd;
    private FakeTask task;

    private void load(LavdOptions options) {
        Scx scx = mock(Scx.class);
        when(scx.topology()).thenReturn(TopologyPresets.get("flat-4"));
        when(scx.onlineCpumask()).thenReturn(CpuMask.range(0, 4));
        when(scx.now()).thenAnswer(i -> clock[0]);
        when(scx.cpuperfCur(anyInt())).thenReturn(Scx.CPUPERF_ONE);
        when(scx.createDsq(anyLong(), anyInt())).thenReturn(0);
        // the 10 ms statistics timer: armed, never fired by a mock (no pass runs in these tests)
        when(scx.timerInit(anyString(), any())).thenReturn(mock(BpfTimer.class));
        lavd = new LavdPolicy(options);
        assertEquals(0, lavd.init(scx));
        task = new FakeTask(1).tgid(1).cpus(CpuMask.range(0, 4));
        assertEquals(0, lavd.initTask(task, new InitTaskArgs(true, null)));
    }

    private void at(long ns) {
        clock[0] = ns;
    }

    /** Runs from now to {@code until} in 5 ms slices (stopping still runnable between them). */
    private void runUntil(long until) {
        lavd.running(task);
        while (clock[0] + 5 * MS < until) {
            at(clock[0] + 5 * MS);
            lavd.stopping(task, true);
            lavd.running(task);
        }
        at(until);
    }

    private void sleep() {
        lavd.stopping(task, false);
        lavd.quiescent(task, DeqFlags.SLEEP);
    }

    private long utilEst() {
        return lavd.taskStats(task).utilEst();
    }

    @Test
    void aTaskThatRunsTenMsFromTheStartAndSleepsHasAUtilEstOf40() {
        load(LavdOptions.defaults());
        at(0);
        runUntil(10 * MS);
        sleep();
        // cur = 1024 × 10/128 (81920 of 2^20); 10 ms into the period: old 0, cur / 2 → 1024 × 10/256 = 40
        assertEquals(40, utilEst());
    }

    @Test
    void aTaskBusyForOneHalfLifeReads512AndAfterAsleepForAnotherItsNextSleepReads256() {
        load(LavdOptions.defaults());
        at(0);
        runUntil(128 * MS);
        sleep();
        assertEquals(512, utilEst(), "one full period at 1024, halved once");
        // asleep [128, 256) ms, wakes and sleeps again at once: the busy period is two periods back
        at(256 * MS);
        lavd.running(task);
        sleep();
        assertEquals(256, utilEst());
    }

    @Test
    void aTaskThatNeverSleepsKeepsAUtilEstOfZeroAsUpstream() {
        load(LavdOptions.defaults());
        at(0);
        runUntil(300 * MS);
        lavd.stopping(task, true);
        assertEquals(0, utilEst(), "util_est is refreshed only by lavd_quiescent");
    }

    @Test
    void withFixStarvationAHogRefreshesItsUtilEstWhenItStopsStillRunnable() {
        load(LavdOptions.defaults().withFixStarvation(true));
        at(0);
        runUntil(64 * MS);
        lavd.stopping(task, true);
        // busy since 0, halfway into the first period: cur = 1024 × ½, read cur / 2 → 256
        assertEquals(256, utilEst());
        lavd.running(task);
        at(128 * MS + 64 * MS);
        lavd.stopping(task, true);
        // old = 1024 × ½ (period 0), cur = 1024 × ½: 512 × (1 − ¼) + 256 = 640
        assertEquals(640, utilEst());
    }
}
