package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import java.time.Duration;
import java.util.*;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code bpf_iter_scx_dsq} ({@link Scx#dsqIter}) as {@code kernel/sched/ext.c} defines it: a walk visits the tasks
 * queued when it began ({@code bpf_iter_scx_dsq_new} remembers {@code dsq->seq}, {@code _next} skips tasks with a later
 * {@code dsq_seq}), in order or reversed ({@code SCX_DSQ_ITER_REV}); {@code scx_bpf_dsq_move} moves a task only if it
 * is still on the walked DSQ and older than the walk. Walks are reused objects (the kernel's iterator is a BPF stack
 * slot): one is free again once exhausted or when the program that opened it returns, and at most 16 may be open.
 *
 * <p>The tasks are held on the policy's DSQs (its dispatch consumes nothing while {@code hold} is set) and the walks
 * run in SYSCALL programs ({@code BPF_PROG_RUN}), an unlocked context that may iterate and move.
 */
class DsqIterTest {
    static final long A = 1, B = 2, C = 3;

    /** Puts "b*" tasks on DSQ B, the others on A; dispatches nothing while {@code hold}. */
    static final class Holding implements SchedOps {
        boolean hold = true;

        @Override public String name() { return "holding"; }

        @Override public int init(Scx scx) {
            for (long id : new long[] {A, B, C}) {
                if (scx.createDsq(id, Scx.NUMA_NO_NODE) != 0) {
                    return -Errno.EINVAL;
                }
            }
            return 0;
        }

        @Override public int selectCpu(Task p, int prevCpu, long wakeFlags) {
            return prevCpu; // no direct dispatch: every task goes through enqueue
        }

        @Override public void enqueue(Task p, long enqFlags) {
            Scx.current().dsqInsert(p, p.comm().startsWith("b") ? B : A, Scx.SLICE_DFL, enqFlags);
        }

        @Override public void dispatch(int cpu, @Nullable Task prev) {
            if (!hold) {
                Scx s = Scx.current();
                if (!s.dsqMoveToLocal(A) && !s.dsqMoveToLocal(B)) {
                    s.dsqMoveToLocal(C);
                }
            }
        }
    }

    Engine e;
    Holding ops;

    @BeforeEach
    void fourTasksHeldOnTheirDsqs() {
        e = engine(FLAT_4, hog("a1"), hog("a2"), hog("a3"), hog("b1"));
        ops = new Holding();
        assertEquals(0, e.load(ops));
        e.run(Duration.ofMillis(1));
        assertEquals(List.of("a1", "a2", "a3"), walk(A, 0), "the tasks forked in order, all held on A");
    }

    /** The comms a whole walk of {@code dsq} visits, from a SYSCALL program. */
    List<String> walk(long dsq, long flags) {
        List<String> seen = new ArrayList<>();
        assertEquals(0, e.progRun(0, (scx, cpu) -> {
            for (Task t : scx.dsqIter(dsq, flags)) {
                seen.add(t.comm());
            }
            return 0;
        }));
        return seen;
    }

    @Test
    void aWalkVisitsTheQueuedTasksInDispatchOrderAndFromTheTailWithRev() {
        assertEquals(List.of("a3", "a2", "a1"), walk(A, DsqIterFlags.REV));
        assertEquals(List.of("b1"), walk(B, 0));
        assertEquals(List.of(), walk(Dsq.GLOBAL, 0), "a built-in DSQ cannot be walked (-ENOENT): an empty walk");
        assertEquals(List.of(), walk(99, 0), "nor a DSQ that does not exist");
        assertTrue(e.exits().isEmpty(), () -> e.exits().toString());
    }

    @Test
    void aTaskThatLeavesDuringTheWalkIsSkippedAndOneQueuedAfterItBeganIsNotVisitedNorMovable() {
        List<String> seen = new ArrayList<>();
        boolean[] moved = new boolean[4];
        int a2pid = e.result().task("a2").pid();
        assertEquals(0, e.progRun(0, (scx, cpu) -> {
            DsqIterator it = scx.dsqIter(A, 0);
            Task a1 = it.next();
            seen.add(a1.comm());
            // a nested walk of B moves b1 onto A: queued after the outer walk began
            DsqIterator inner = scx.dsqIter(B, 0);
            Task b1 = inner.next();
            moved[0] = scx.dsqMove(inner, b1, A, 0);
            // a2, not visited yet, leaves A through the outer walk (scx_dsq_move only asks that the task be on the
            // walked DSQ and older than the walk, not that the walk has reached it)
            Task a2 = Objects.requireNonNull(scx.taskFromPid(a2pid));
            moved[1] = scx.dsqMove(it, a2, C, 0);
            while (it.hasNext()) {
                seen.add(it.next().comm());
            }
            moved[2] = scx.dsqMove(it, b1, C, 0);
            moved[3] = scx.dsqMove(scx.dsqIter(A, 0), b1, C, 0);
            return 0;
        }));
        assertEquals(List.of("a1", "a3"), seen, "a2 left, b1 is newer than the walk");
        assertTrue(moved[0], "b1 moved from B to A");
        assertTrue(moved[1], "a2 moved from A to C");
        assertFalse(moved[2], "a walk that is over moves nothing");
        assertTrue(moved[3], "a walk begun after b1 arrived may move it");
        assertEquals(List.of("a1", "a3"), walk(A, 0));
        assertEquals(List.of("a2", "b1"), walk(C, 0));
        assertTrue(e.exits().isEmpty(), () -> e.exits().toString());
    }

    @Test
    void theSliceAndVtimeSetForAMoveApplyToTheNextMoveOnlyAndAFailedMoveClearsThem() {
        long[] slices = new long[2];
        assertEquals(0, e.progRun(0, (scx, cpu) -> {
            DsqIterator it = scx.dsqIter(A, 0);
            Task a1 = it.next();
            it.setMoveSlice(7 * MS);
            assertTrue(scx.dsqMove(it, a1, C, 0));
            slices[0] = a1.slice();
            Task a2 = it.next();
            it.setMoveSlice(3 * MS);
            assertFalse(scx.dsqMove(it, a1, C, 0), "a1 is no longer on A: no move, the override is dropped");
            long before = a2.slice();
            assertTrue(scx.dsqMove(it, a2, C, 0));
            slices[1] = a2.slice() - before;
            return 0;
        }));
        assertEquals(7 * MS, slices[0]);
        assertEquals(0, slices[1], "a2 kept its slice");
    }

    @Test
    void aWalkIsReusedOnceOverAndNestedWalksAreDistinct() {
        Object[] walks = new Object[3];
        assertEquals(0, e.progRun(0, (scx, cpu) -> {
            DsqIterator first = scx.dsqIter(A, 0);
            while (first.hasNext()) {
                first.next();
            }
            DsqIterator second = scx.dsqIter(A, 0);
            DsqIterator nested = scx.dsqIter(A, DsqIterFlags.REV);
            walks[0] = first;
            walks[1] = second;
            walks[2] = nested;
            return 0;
        }));
        assertSame(walks[0], walks[1], "the exhausted walk's slot serves the next walk: no allocation");
        assertNotSame(walks[1], walks[2], "a walk opened while another is open takes another slot");
    }

    @Test
    void walksLeftOpenCloseWhenTheirProgramReturnsAndASeventeenthOpenWalkIsASchedulerError() {
        SyscallProgram sixteenLeftOpen = (scx, cpu) -> {
            for (int i = 0; i < 16; i++) {
                scx.dsqIter(A, 0).next();
            }
            return 0;
        };
        assertEquals(0, e.progRun(0, sixteenLeftOpen));
        assertEquals(0, e.progRun(1, sixteenLeftOpen), "the first program's walks closed when it returned");
        assertEquals(0, e.progRun(0, (scx, cpu) -> {
            for (int i = 0; i < 100; i++) {
                for (Task t : scx.dsqIter(A, 0)) {
                    assertNotNull(t);
                }
            }
            return 0;
        }), "a hundred walks one after the other: each frees its slot when exhausted");
        assertTrue(e.exits().isEmpty(), () -> e.exits().toString());

        boolean[] seventeenth = new boolean[1];
        e.progRun(0, (scx, cpu) -> {
            for (int i = 0; i < 16; i++) {
                scx.dsqIter(A, 0).next();
            }
            seventeenth[0] = scx.dsqIter(A, 0).hasNext();
            return 0;
        });
        assertFalse(seventeenth[0], "the walk past the limit is empty");
        ExitInfo x = e.lastExit().orElseThrow();
        assertEquals(ExitKind.ERROR, x.kind(), x::summary);
        assertTrue(x.message().contains("16 DSQ walks are already open"), x::summary);
        assertFalse(e.policyLoaded());
    }

    @Test
    void aDispatchThatLeavesItsWalksOpenEveryTimeRunsForEver() {
        // every dispatch opens two walks and finishes neither: without closing them at return, the 9th would fail
        Engine e2 = engine(FLAT_4, waker("w1"), waker("w2"), hog("h1"), hog("h2"), hog("h3"), hog("h4"), hog("h5"));
        assertEquals(0, e2.load(new SchedOps() {
            @Override public String name() { return "walk_and_leave"; }
            @Override public int init(Scx scx) { return scx.createDsq(A, Scx.NUMA_NO_NODE); }
            @Override public int selectCpu(Task p, int prevCpu, long wakeFlags) { return prevCpu; }
            @Override public void enqueue(Task p, long enqFlags) {
                Scx.current().dsqInsert(p, A, 5 * MS, enqFlags);
            }
            @Override public void dispatch(int cpu, @Nullable Task prev) {
                Scx s = Scx.current();
                DsqIterator it = s.dsqIter(A, 0);
                DsqIterator rev = s.dsqIter(A, DsqIterFlags.REV);
                if (it.hasNext() && rev.hasNext()) {
                    s.dsqMove(it, it.next(), Dsq.LOCAL, 0);
                }
            }
        }));
        assertStillRunning(e2, e2.run(Duration.ofMillis(300)));
        assertTrue(e2.result().task("h5").runtimeNs() > 0);
    }
}
