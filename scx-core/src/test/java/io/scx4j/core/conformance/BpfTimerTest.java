package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import java.time.Duration;
import java.util.*;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * BPF timers ({@link Scx#timerInit}, {@link BpfTimer}): created in ops.init, fired by the engine at
 * {@code arm time + delay} on the arming CPU in the unlocked (no rq lock, no ops) context, cancelled when the
 * scheduler goes away, and an exception or a struct_ops-only kfunc in the callback ejects the policy.
 */
class BpfTimerTest {

    /** A policy with the default callbacks and one timer armed in ops.init, whose callback records and then runs {@code body}. */
    static final class TimerPolicy implements SchedOps {
        final long firstDelayNs;
        final long periodNs;
        final Consumer<Scx> body;
        final List<Long> firedAt = new ArrayList<>();
        final List<Integer> firedOn = new ArrayList<>();
        BpfTimer timer;

        TimerPolicy(long firstDelayNs, long periodNs, Consumer<Scx> body) {
            this.firstDelayNs = firstDelayNs;
            this.periodNs = periodNs;
            this.body = body;
        }

        @Override public String name() { return "timer"; }

        @Override
        public int init(Scx scx) {
            timer = scx.timerInit("test_timer", (s, cpu, t) -> {
                firedAt.add(s.now());
                firedOn.add(cpu);
                body.accept(s);
                if (periodNs > 0) {
                    t.start(periodNs);
                }
            });
            timer.start(firstDelayNs);
            return 0;
        }
    }

    @Test
    void aTimerArmedInInitWith3msFiresOnceAt3msOnTheInitCpu() {
        Engine e = engine(FLAT_4, waker("a"));
        TimerPolicy p = new TimerPolicy(3 * MS, 0, s -> {});
        assertEquals(0, e.load(p));
        assertTrue(p.timer.armed());
        RunResult r = e.run(Duration.ofMillis(20));
        assertEquals(List.of(3 * MS), p.firedAt, "fires at t(load)=0 + 3 ms, once (one-shot)");
        assertEquals(List.of(0), p.firedOn, "ops.init runs on CPU 0, which armed the timer");
        assertFalse(p.timer.armed(), "a fired one-shot timer is disarmed");
        assertStillRunning(e, r);
    }

    @Test
    void reArmingFromTheCallbackGivesA10msPeriod() {
        Engine e = engine(FLAT_4, waker("a"), hog("h"));
        TimerPolicy p = new TimerPolicy(10 * MS, 10 * MS, s -> {});
        assertEquals(0, e.load(p));
        e.run(Duration.ofMillis(55));
        assertEquals(List.of(10 * MS, 20 * MS, 30 * MS, 40 * MS, 50 * MS), p.firedAt);
        assertUnregOnUnload(e);
    }

    @Test
    void restartingAnArmedTimerMovesItsExpiryAndCancelDisarmsIt() {
        Engine e = engine(FLAT_4, waker("a"));
        TimerPolicy p = new TimerPolicy(5 * MS, 0, s -> {});
        assertEquals(0, e.load(p));
        e.run(Duration.ofMillis(2));
        e.progRun(1, (scx, cpu) -> {
            p.timer.start(6 * MS); // now 2 ms: the 5 ms expiry moves to 8 ms, on CPU 1
            return 0;
        });
        e.run(Duration.ofMillis(10));
        assertEquals(List.of(8 * MS), p.firedAt, "the first arming's 5 ms event is stale");
        assertEquals(List.of(1), p.firedOn, "fires on the CPU that armed it last");
        p.timer.start(3 * MS);
        assertTrue(p.timer.cancel(), "was armed");
        assertFalse(p.timer.cancel(), "already disarmed");
        e.run(Duration.ofMillis(10));
        assertEquals(1, p.firedAt.size(), "a cancelled timer does not fire");
    }

    @Test
    void unloadingCancelsThePeriodicTimerSoItNeverFiresIntoTheDetachedPolicy() {
        Engine e = engine(FLAT_4, waker("a"));
        TimerPolicy p = new TimerPolicy(10 * MS, 10 * MS, s -> {});
        assertEquals(0, e.load(p));
        e.run(Duration.ofMillis(25));
        assertEquals(List.of(10 * MS, 20 * MS), p.firedAt);
        assertUnregOnUnload(e);
        assertFalse(p.timer.armed(), "unload cancelled it");
        p.timer.start(MS); // a timer of a detached scheduler cannot be re-armed
        e.run(Duration.ofMillis(50));
        assertEquals(2, p.firedAt.size());
        // a new policy's timer is not confused with the old one's queued events
        TimerPolicy q = new TimerPolicy(7 * MS, 0, s -> {});
        assertEquals(0, e.load(q));
        e.run(Duration.ofMillis(20));
        assertEquals(List.of(75 * MS + 7 * MS), q.firedAt);
        assertEquals(2, p.firedAt.size());
    }

    @Test
    void theCallbackMayKickCountQueuedSetCpuperfAndReadTheClockWithoutAnError() {
        Engine e = engine(FLAT_4, waker("a"), hog("h"));
        int[] queued = {Integer.MIN_VALUE};
        TimerPolicy p = new TimerPolicy(4 * MS, 0, s -> {
            queued[0] = s.dsqNrQueued(Dsq.LOCAL); // the local DSQ of the CPU the callback runs on
            s.kickCpu(2, 0);
            s.cpuperfSet(1, 512);
        });
        assertEquals(0, e.load(p));
        RunResult r = e.run(Duration.ofMillis(10));
        assertEquals(List.of(4 * MS), p.firedAt);
        assertTrue(queued[0] >= 0, "scx_bpf_dsq_nr_queued answered " + queued[0]);
        assertStillRunning(e, r);
    }

    @Test
    void insertingATaskFromTheCallbackIsAContextErrorNamingTheTimerCallback() {
        Engine e = engine(FLAT_4, waker("a"), hog("h"));
        int pid = e.result().task("h").pid();
        TimerPolicy p = new TimerPolicy(4 * MS, 0, s -> s.dsqInsert(Objects.requireNonNull(s.taskFromPid(pid)),
                Dsq.GLOBAL, Scx.SLICE_DFL, 0));
        assertEquals(0, e.load(p));
        RunResult r = e.run(Duration.ofMillis(10));
        ExitInfo x = assertEjected(e, r);
        assertEquals("scx_bpf_dsq_insert() called from BPF timer callback 'test_timer', which may not use it",
                x.message());
    }

    @Test
    void anExceptionInTheCallbackEjectsThePolicyWithAMessageNamingTheTimerCallback() {
        Engine e = engine(FLAT_4, waker("a"), hog("h"));
        TimerPolicy p = new TimerPolicy(10 * MS, 10 * MS, s -> {
            if (s.now() == 20 * MS) {
                throw new IllegalStateException("boom");
            }
        });
        assertEquals(0, e.load(p));
        RunResult r = e.run(Duration.ofMillis(50));
        ExitInfo x = assertEjected(e, r);
        assertTrue(x.message().startsWith("BPF timer callback 'test_timer' threw java.lang.IllegalStateException: boom"),
                x.message());
        assertEquals(List.of(10 * MS, 20 * MS), p.firedAt, "no firing after the ejection");
        assertTrue(r.task("h").runtimeNs() > 0, "tasks carry on under the fair class");
    }

    @Test
    void creatingATimerOutsideInitIsAnError() {
        Engine e = engine(FLAT_4, waker("a"));
        assertEquals(0, e.load(new SchedOps() {
            @Override public String name() { return "late_timer"; }

            @Override
            public void running(Task t) {
                Scx.current().timerInit("late", (s, cpu, tm) -> {});
            }
        }));
        ExitInfo x = assertEjected(e, e.run(Duration.ofMillis(5)));
        assertEquals("bpf_timer_init(late) called from ops.running(); timers are created in ops.init() (in ops.running() on "
                + x.message().substring(x.message().indexOf(" on ") + 4), x.message());
    }
}
