package io.scx4j.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.core.EngineConfig;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import org.junit.jupiter.api.Test;

/**
 * The fair class's wake-up placement ({@code select_task_rq_fair}: {@code record_wakee}, {@code wake_wide},
 * {@code wake_affine_idle}, {@code wake_affine_weight}, {@code select_idle_sibling}), decided on run queues set up by
 * hand, without the event loop. Unless a test says otherwise the machine has four CPUs without SMT in two LLCs (CPUs
 * 0-1 and 2-3) on one node, every task is nice 0 (weight 1024), the waker runs on CPU 0 and the wakee last ran on
 * CPU 2.
 */
class WakeAffineTest {
    static final long MS = 1_000_000L;

    static final Topology TWO_LLCS = Topology.builder().name("2llc-4").source("test")
            .cpu(0, 0, 0, 0, 0).cpu(1, 1, 0, 0, 0).cpu(2, 2, 1, 0, 0).cpu(3, 3, 1, 0, 0).build();

    Kernel kernel = new Kernel(TWO_LLCS, EngineConfig.defaults());
    int tasks;

    TaskStruct task(int nice) {
        return kernel.addTask(TaskSpec.of("t" + tasks++, Step.run(MS)).withNice(nice));
    }

    /** A nice-0 task running on {@code cpu}. */
    TaskStruct running(int cpu) {
        TaskStruct t = task(0);
        t.cpu = cpu;
        kernel.cpus[cpu].curr = t;
        return t;
    }

    /** A task of {@code nice} queued (waiting) on {@code cpu}'s fair run queue. */
    TaskStruct queued(int cpu, int nice) {
        TaskStruct t = task(nice);
        t.cpu = cpu;
        kernel.cpus[cpu].fair.add(t);
        return t;
    }

    /** A sleeping wakee whose previous CPU is {@code prev}. */
    TaskStruct sleeper(int prev) {
        TaskStruct t = task(0);
        t.cpu = prev;
        return t;
    }

    int wake(TaskStruct p, TaskStruct waker, boolean sync) {
        return kernel.wakeAffine.selectTaskRq(p, waker, sync);
    }

    @Test
    void aSyncWakeByTheOnlyTaskOnItsCpuPullsTheWakeeToAnIdleCpuOfTheWakersLlc() {
        TaskStruct producer = running(0);
        TaskStruct consumer = sleeper(2);
        // wake_affine_idle: CPU 0 is busy; sync and nr_running(0) == 1 -> CPU 0. select_idle_sibling(p, 2, 0): CPU 0
        // busy, CPU 2 shares no cache with it, the first idle CPU of CPU 0's LLC is 1
        assertEquals(1, wake(consumer, producer, true));
    }

    @Test
    void anOrdinaryWakeLeavesTheWakeeOnItsIdlePreviousCpu() {
        TaskStruct poster = running(0);
        TaskStruct waiter = sleeper(2);
        // not sync, CPU 0 busy, prev idle -> wake_affine_idle says prev; select_idle_sibling(p, 2, 2) -> 2
        assertEquals(2, wake(waiter, poster, false));
    }

    @Test
    void aSyncWakeFromABusyWakerCpuWithATaskQueuedBehindTheWakerDoesNotPull() {
        TaskStruct producer = running(0);
        queued(0, 0);
        TaskStruct consumer = sleeper(2);
        // nr_running(0) == 2: the waker's sleep will not free CPU 0; prev is idle -> prev
        assertEquals(2, wake(consumer, producer, true));
    }

    @Test
    void wakeAffineIdleDecidesByTheTwoCpusStateNow() {
        running(0);
        running(2);
        WakeAffine wa = kernel.wakeAffine;
        // CPUs 0 and 2 busy with one task each, CPUs 1 and 3 idle
        assertEquals(1, wa.wakeAffineIdle(1, 0, false), "an idle waker CPU sharing the cache with a busy prev");
        assertEquals(3, wa.wakeAffineIdle(1, 3, false), "an idle waker CPU in another LLC than an idle prev: prev");
        assertEquals(WakeAffine.NO_CPU, wa.wakeAffineIdle(1, 2, false),
                "an idle waker CPU in another LLC than a busy prev: no opinion, the load decides");
        assertEquals(1, wa.wakeAffineIdle(0, 1, false), "a busy waker CPU, not sync, prev idle: prev");
        assertEquals(0, wa.wakeAffineIdle(0, 3, true),
                "sync from a CPU running only the waker: the waker's CPU, even across LLCs and with prev idle");
        assertEquals(WakeAffine.NO_CPU, wa.wakeAffineIdle(0, 2, false), "both busy, not sync: no opinion");
        kernel.cpus[2].curr = null;
        assertEquals(3, wa.wakeAffineIdle(2, 3, false), "both idle and sharing the cache: prev, no migration");
    }

    @Test
    void anIdleWakerCpuSharingTheCacheWithABusyPrevAttractsTheWakee() {
        running(0);
        TaskStruct waker = task(0);
        waker.cpu = 1; // an interrupt on idle CPU 1 (nothing runs there)
        TaskStruct p = sleeper(0);
        // wake_affine_idle: CPU 1 idle and sharing the LLC with busy prev 0 -> CPU 1; idle -> CPU 1
        assertEquals(1, wake(p, waker, false));
    }

    @Test
    void wakeAffineWeightPullsOnlyWhenTheWakersCpuIsLighterByMoreThanTheImbalanceMargin() {
        TaskStruct waker = running(0);
        queued(0, 0);
        running(2);
        TaskStruct p = sleeper(2);
        WakeAffine wa = kernel.wakeAffine;
        // sync: this = 2048 - 1024 (the waker) + 1024 (p) = 2048, x100 x1024 = 209,715,200;
        // prev = 1024 x 108 x 1024 + 1 = 113,246,209: prev is lighter -> no opinion
        assertEquals(WakeAffine.NO_CPU, wa.wakeAffineWeight(p, waker, 0, 2, true));
        // a second nice-0 task on CPU 2: prev = 2048 x 108 x 1024 + 1 = 226,492,417 > 209,715,200 -> CPU 0
        queued(2, 0);
        assertEquals(0, wa.wakeAffineWeight(p, waker, 0, 2, true));
        // not sync: this = 2048 + 1024 = 3072 x100 x1024 = 314,572,800 > 226,492,416 -> no opinion
        assertEquals(WakeAffine.NO_CPU, wa.wakeAffineWeight(p, waker, 0, 2, false));
    }

    @Test
    void aSyncWakeWhoseWakerOutweighsItsCpusFairLoadGoesToTheWakersCpu() {
        // an RT task holds CPU 0 (no fair load there); the nice-0 waker's own load (1024) exceeds CPU 0's fair load
        // (0): wake_affine_weight returns CPU 0 before comparing with prev
        TaskStruct rt = kernel.addTask(TaskSpec.of("rt", Step.run(MS)).toBuilder()
                .policy(io.scx4j.api.SchedPolicy.FIFO).rtPriority(10).build());
        rt.cpu = 0;
        kernel.cpus[0].curr = rt;
        TaskStruct waker = task(0);
        waker.cpu = 0;
        TaskStruct p = sleeper(2);
        assertEquals(0, kernel.wakeAffine.wakeAffineWeight(p, waker, 0, 2, true));
        assertEquals(WakeAffine.NO_CPU, kernel.wakeAffine.wakeAffineWeight(p, waker, 0, 2, false),
                "not sync: this = (0 + 1024) x 100 x 1024 is not below prev's 0 (CPU 2 has no fair load)");
    }

    @Test
    void aBusyWakerCpuWithTwoTasksDoesNotPullFromABusyPrevAndTheWakeeStaysOnPrev() {
        TaskStruct waker = running(0);
        queued(0, 0);
        running(1);
        running(2);
        running(3);
        TaskStruct p = sleeper(2);
        // wake_affine_idle: no opinion (nr_running(0) == 2, prev busy); weight: prev lighter -> prev; no idle CPU in
        // prev's LLC (or anywhere) -> prev
        assertEquals(2, wake(p, waker, true));
    }

    @Test
    void aWakerThatFeedsManyTasksWakesWideAndLeavesTheWakeeNearItsPreviousCpu() {
        TaskStruct producer = running(0);
        TaskStruct consumer = sleeper(2);
        // LLC size 2: the wakee flipped 2 times, the waker 3 + 1 for this new wakee = 4 >= 2 x 2 -> wake_wide
        consumer.wakeeFlips = 2;
        producer.wakeeFlips = 3;
        assertEquals(2, wake(consumer, producer, true), "no wake_affine: prev, idle");
        assertEquals(4, producer.wakeeFlips);
        assertTrue(kernel.wakeAffine.wakeWide(producer, consumer, 0));
        // one flip fewer on the wakee's side: 1 < 2, not wide
        consumer.wakeeFlips = 1;
        assertFalse(kernel.wakeAffine.wakeWide(producer, consumer, 0));
    }

    @Test
    void recordWakeeCountsPartnerSwitchesAndHalvesThemOnceASecond() {
        TaskStruct waker = running(0);
        TaskStruct a = sleeper(2);
        TaskStruct b = sleeper(3);
        WakeAffine wa = kernel.wakeAffine;
        kernel.now = 2_000 * MS; // past the first decay point (decay ts 0 + 1 s): flips 0 >> 1 = 0, ts = 2 s
        wa.recordWakee(waker, a);
        wa.recordWakee(waker, a);
        wa.recordWakee(waker, b);
        wa.recordWakee(waker, a);
        assertEquals(3, waker.wakeeFlips, "a, then b, then a again: three switches, the repeat of a is free");
        kernel.now = 3_000 * MS; // exactly one second later: not after it, no decay
        wa.recordWakee(waker, a);
        assertEquals(3, waker.wakeeFlips);
        kernel.now = 3_000 * MS + 1;
        wa.recordWakee(waker, a);
        assertEquals(1, waker.wakeeFlips, "3 >> 1, and a again adds nothing");
    }

    @Test
    void noWakeAffineAcrossNumaNodesFartherThanTheReclaimDistance() {
        // two nodes of two CPUs, one LLC each; at distance 40 SD_WAKE_AFFINE is cleared, at 21 it stays
        for (int distance : new int[] {40, 21}) {
            Topology t = Topology.builder().name("2node").source("test")
                    .cpu(0, 0, 0, 0, 0).cpu(1, 1, 0, 0, 0).cpu(2, 2, 1, 1, 1).cpu(3, 3, 1, 1, 1)
                    .distances(new int[][] {{10, distance}, {distance, 10}}).build();
            kernel = new Kernel(t, EngineConfig.defaults());
            TaskStruct producer = running(0);
            TaskStruct consumer = sleeper(2);
            assertEquals(distance > 30 ? 2 : 1, wake(consumer, producer, true), "distance " + distance);
        }
    }

    // ------------------------------------------------------------------ select_idle_sibling's order

    /** Four SMT cores in one LLC, x86 numbering: core i is CPUs i and i + 4. */
    static final Topology SMT_4C8T = Topology.builder().name("smt-4c8t").source("test")
            .cpu(0, 0, 0, 0, 0).cpu(1, 1, 0, 0, 0).cpu(2, 2, 0, 0, 0).cpu(3, 3, 0, 0, 0)
            .cpu(4, 0, 0, 0, 0).cpu(5, 1, 0, 0, 0).cpu(6, 2, 0, 0, 0).cpu(7, 3, 0, 0, 0).build();

    @Test
    void aWakeupWhoseTargetLlcHasNoIdleCpuStaysOnTheTargetAlthoughAnotherLlcIsIdle() {
        running(0);
        running(1);
        TaskStruct p = sleeper(0);
        // a timer wake-up (no waker): target = prev = 0, busy; CPU 1 busy; CPUs 2 and 3 of the other LLC are idle but
        // select_idle_sibling does not look there: the balancer moves the task if it waits
        assertEquals(0, wake(p, null, false));
    }

    @Test
    void theIdleCpuScanStartsAfterTheTargetAndWrapsAround() {
        kernel = new Kernel(TopologyPresets.get("flat-4"), EngineConfig.defaults());
        running(1);
        running(2);
        TaskStruct p = sleeper(2);
        // target = prev = 2 busy; the scan visits 3 (idle) before wrapping to 0 (idle)
        assertEquals(3, wake(p, null, false));
        assertEquals(2, p.recentUsedCpu, "recent_used_cpu now remembers prev");
    }

    @Test
    void theRecentlyUsedCpuIsTriedBeforeTheScanWhenItSharesTheTargetsCache() {
        kernel = new Kernel(TopologyPresets.get("flat-4"), EngineConfig.defaults());
        running(1);
        running(3);
        TaskStruct p = sleeper(1);
        p.recentUsedCpu = 0;
        // target = prev = 1 busy; recent_used_cpu 0 is idle and in the LLC: 0, although the scan would reach 2 first
        assertEquals(0, wake(p, null, false));
        assertEquals(1, p.recentUsedCpu);
    }

    @Test
    void withSmtAWhollyIdleCoreBeatsAnIdleThreadOfABusyCore() {
        kernel = new Kernel(SMT_4C8T, EngineConfig.defaults());
        running(0);
        running(1);
        running(5);
        running(6);
        TaskStruct p = sleeper(1);
        // idle: 2 (its sibling 6 busy), 3 and 7 (core 3 wholly idle), 4 (sibling 0 busy). target = prev = 1 busy.
        // An idle core exists, so select_idle_cpu tests whole cores from CPU 2: core 2 is busy (2 noted as the
        // fallback, 2 and 6 skipped), core 3 is idle: CPU 3
        assertEquals(3, wake(p, null, false));
    }

    @Test
    void withSmtAndNoIdleCoreAnIdleSiblingOfPrevComesFirst() {
        kernel = new Kernel(SMT_4C8T, EngineConfig.defaults());
        running(0);
        running(1);
        running(6);
        running(3);
        TaskStruct p = sleeper(1);
        // every core has a busy thread; idle: 2, 4, 5, 7. target = prev = 1: select_idle_smt(prev) finds 5, its sibling,
        // before the scan from CPU 2 would find 2
        assertEquals(5, wake(p, null, false));
    }

    @Test
    void onAMachineOfAsymmetricCapacitiesTheSearchSpansEveryCapacity() {
        // little cores 0-3 (one L2), big cores 4-7 (another L2): select_idle_capacity over all CPUs, from target on
        kernel = new Kernel(TopologyPresets.get("arm-biglittle-4b4l"), EngineConfig.defaults());
        for (int c = 0; c < 4; c++) {
            running(c);
        }
        TaskStruct p = sleeper(1);
        assertEquals(4, wake(p, null, false));
    }
}
