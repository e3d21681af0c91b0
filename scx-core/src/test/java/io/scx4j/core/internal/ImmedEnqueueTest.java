package io.scx4j.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.Dsq;
import io.scx4j.api.EnqFlags;
import io.scx4j.api.ExitInfo;
import io.scx4j.api.ExitKind;
import io.scx4j.api.KickFlags;
import io.scx4j.api.OpsFlags;
import io.scx4j.api.SchedOps;
import io.scx4j.api.SchedPolicy;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import io.scx4j.api.TaskFlags;
import io.scx4j.core.EngineConfig;
import io.scx4j.core.MachineModel;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code SCX_ENQ_IMMED} ({@link ImmedEnqueue}) on two CPUs of a nominal machine, events in insertion order: a task
 * inserted with IMMED runs at once or is handed back through ops.enqueue with {@code SCX_ENQ_REENQ} and the reason in
 * its flags; the policies below send a handed-back task to the global DSQ and kick CPU 0, so it runs there at the same
 * instant.
 */
class ImmedEnqueueTest {
    static final long MS = 1_000_000L;

    final Kernel kernel = new Kernel(TopologyPresets.get("flat-2"),
            EngineConfig.defaults().withMachine(MachineModel.ideal()).withShuffleSameTime(false));
    /** "time what comm@cpu [reason]" in callback order. */
    final List<String> log = new ArrayList<>();

    static String reason(Task p) {
        long r = p.scxFlags() & TaskFlags.REENQ_REASON_MASK;
        return r == TaskFlags.REENQ_IMMED ? "IMMED" : r == TaskFlags.REENQ_PREEMPTED ? "PREEMPTED"
                : r == TaskFlags.REENQ_KFUNC ? "KFUNC" : "none";
    }

    /**
     * Sends every task to CPU 1 (select_cpu returns 1, enqueue inserts into SCX_DSQ_LOCAL_ON|1 with
     * {@code insertFlags}); a task handed back with REENQ goes to the global DSQ and CPU 0 is kicked.
     */
    class ToCpu1 implements SchedOps {
        final long opsFlags;
        final long insertFlags;

        ToCpu1(long opsFlags, long insertFlags) {
            this.opsFlags = opsFlags;
            this.insertFlags = insertFlags;
        }

        public String name() { return "to_cpu1"; }
        public long flags() { return opsFlags; }

        public int selectCpu(Task p, int prevCpu, long wakeFlags) {
            return 1;
        }

        public void enqueue(Task p, long enqFlags) {
            Scx scx = Scx.current();
            if ((enqFlags & EnqFlags.REENQ) != 0) {
                log.add(scx.now() / MS + "ms reenq " + p.comm() + " " + reason(p));
                scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, 0);
                scx.kickCpu(0, KickFlags.IDLE);
                return;
            }
            scx.dsqInsert(p, Dsq.localOn(1), Scx.SLICE_DFL, enqFlags | insertFlags(p));
        }

        long insertFlags(Task p) {
            return p.comm().startsWith("imm") ? insertFlags : 0;
        }

        public void running(Task p) {
            Scx scx = Scx.current();
            log.add(scx.now() / MS + "ms running " + p.comm() + "@" + scx.taskCpu(p));
        }
    }

    void add(String comm, long startNs, long runNs, CpuMask affinity) {
        kernel.addTask(TaskSpec.of(comm, Step.run(runNs)).withAffinity(affinity).toBuilder().startNs(startNs).build());
    }

    static final CpuMask BOTH = CpuMask.of(0, 1);

    @Test
    void anImmedTaskInsertedOnAnIdleCpuRunsThereAtOnceAndIsNeverHandedBack() {
        add("imm", MS, 5 * MS, BOTH);
        assertEquals(0, kernel.load(new ToCpu1(0, EnqFlags.IMMED)));
        kernel.runUntil(10 * MS);
        assertEquals(List.of("1ms running imm@1"), log);
        assertEquals(0, kernel.eventCounters().reenqImmed());
    }

    @Test
    void anImmedTaskInsertedWhereAnotherExtTaskRunsIsHandedBackWithReasonImmedAndRunsElsewhereAtOnce() {
        add("hog", 0, 10 * MS, BOTH);
        add("imm", MS, 5 * MS, BOTH);
        assertEquals(0, kernel.load(new ToCpu1(0, EnqFlags.IMMED)));
        kernel.runUntil(3 * MS);
        // hog runs on CPU 1 from 0; at 1 ms imm lands behind it, CPU 1 is not open (an ext task runs, no PREEMPT),
        // the deferred re-enqueue hands imm back, the policy sends it to the global DSQ and CPU 0 runs it at 1 ms
        assertEquals(List.of("0ms running hog@1", "1ms reenq imm IMMED", "1ms running imm@0"), log);
        assertEquals(1, kernel.eventCounters().reenqImmed());
        assertEquals(0, kernel.eventCounters().reenqRepeat());
        assertEquals("none", reason(kernel.task("imm")), "the reason bits are cleared after ops.enqueue returns");
    }

    @Test
    void withPreemptTheImmedTaskTakesTheBusyCpuInstead() {
        add("hog", 0, 10 * MS, BOTH);
        add("imm", MS, 5 * MS, BOTH);
        assertEquals(0, kernel.load(new ToCpu1(0, EnqFlags.IMMED | EnqFlags.PREEMPT)));
        kernel.runUntil(3 * MS);
        // PREEMPT makes the CPU open for the insert: imm is queued at the head and hog's slice is zeroed
        assertEquals(List.of("0ms running hog@1", "1ms running imm@1"), log);
        assertEquals(0, kernel.eventCounters().reenqImmed());
    }

    @Test
    void twoImmedTasksWokenOntoTheSameIdleCpuAtOneInstantAreBothHandedBack() {
        add("imm.a", MS, 5 * MS, BOTH);
        add("imm.b", MS, 5 * MS, BOTH);
        assertEquals(0, kernel.load(new ToCpu1(0, EnqFlags.IMMED)));
        kernel.runUntil(3 * MS);
        // both forks select CPU 1 and are inserted into its local DSQ with IMMED. imm.a is queued while CPU 1 is idle
        // with next_class idle: open, alone, it stays; wakeup_preempt() then raises CPU 1's next_class to ext. imm.b
        // makes nr = 2: a walk is requested and run from task_woken_scx() before CPU 1 picks. rq_is_open() is false
        // (next_class ext, not in balance, no PREEMPT), so the first task goes back as well: a, then b, each to the
        // global DSQ with a kick of CPU 0. CPU 0 then picks a (global FIFO), CPU 1 (rescheduled by the wake-ups) b.
        assertEquals(List.of("1ms reenq imm.a IMMED", "1ms reenq imm.b IMMED", "1ms running imm.a@0",
                "1ms running imm.b@1"), log);
        assertEquals(2, kernel.eventCounters().reenqImmed());
        assertEquals(0, kernel.eventCounters().reenqRepeat());
    }

    @Test
    void twoImmedTasksDirectDispatchedFromAnotherCpuOntoAnIdleCpuAreBothHandedBack() {
        // the same two tasks, but woken onto CPU 0 (select_cpu) and direct-dispatched to CPU 1. imm.a is alone on
        // idle CPU 1 when dsq_inc_nr() vets it: open, it stays; rq_owned_post_enq() then calls wakeup_preempt(), which
        // raises CPU 1's next_class to ext (linux-next 877160a21a91 and mainline 3d5e48944e82; 0022b328's
        // local_dsq_post_enq() only rescheduled the idle CPU, so CPU 1 stayed open and imm.a stayed). imm.b makes
        // nr = 2: the walk finds CPU 1 not open and hands back both, a then b; CPU 0 picks a from the global DSQ,
        // CPU 1 (rescheduled by the inserts) b
        add("imm.a", MS, 5 * MS, BOTH);
        add("imm.b", MS, 5 * MS, BOTH);
        assertEquals(0, kernel.load(new ToCpu1(0, EnqFlags.IMMED) {
            @Override
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                return 0;
            }
        }));
        kernel.runUntil(3 * MS);
        assertEquals(List.of("1ms reenq imm.a IMMED", "1ms reenq imm.b IMMED", "1ms running imm.a@0",
                "1ms running imm.b@1"), log);
        assertEquals(2, kernel.eventCounters().reenqImmed());
    }

    @Test
    void theCpusPickEndsTheRaiseOfNextClassSoTheIdleCpuIsOpenAgainLater() {
        // x (allowed on CPU 1 only) is woken onto idle CPU 1 at 1 ms (next_class raised to ext) and queued on the
        // global DSQ; CPU 1 picks it
        // (next_class = ext, the class of x), x exits at 1.5 ms and CPU 1 picks nothing (next_class = idle). At 2 ms
        // imm, woken onto CPU 0, is direct-dispatched to CPU 1 with IMMED: alone on an idle CPU whose next_class is
        // idle again, it stays and runs there
        kernel.addTask(TaskSpec.of("x", Step.run(MS / 2)).repeating(1).withAffinity(CpuMask.of(1)).toBuilder()
                .startNs(MS).build());
        add("imm", 2 * MS, 5 * MS, BOTH);
        assertEquals(0, kernel.load(new ToCpu1(0, EnqFlags.IMMED) {
            @Override
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                return p.comm().equals("x") ? 1 : 0;
            }

            @Override
            public void enqueue(Task p, long enqFlags) {
                if (p.comm().equals("x")) {
                    Scx.current().dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, 0);
                    return;
                }
                super.enqueue(p, enqFlags);
            }
        }));
        kernel.runUntil(3 * MS);
        assertEquals(List.of("1ms running x@1", "2ms running imm@1"), log);
        assertEquals(0, kernel.eventCounters().reenqImmed());
    }

    /**
     * hog runs on CPU 1 from 0 to 3 ms and exits; imm runs 0.5 ms on CPU 0, sleeps 0.5 ms and, woken at 1 ms (a ttwu,
     * not a fork) onto CPU 0 (select_cpu), is direct-dispatched to CPU 1 with IMMED.
     */
    class RemoteWakeUp extends ToCpu1 {
        RemoteWakeUp() {
            super(0, EnqFlags.IMMED);
        }

        @Override
        public int selectCpu(Task p, int prevCpu, long wakeFlags) {
            return p.comm().equals("imm") ? 0 : 1;
        }

        @Override
        public void enqueue(Task p, long enqFlags) {
            Scx scx = Scx.current();
            if (p.comm().equals("imm") && (enqFlags & EnqFlags.REENQ) == 0 && scx.now() < MS) {
                scx.dsqInsert(p, Dsq.localOn(0), Scx.SLICE_DFL, 0); // the first run, before the sleep
                return;
            }
            super.enqueue(p, enqFlags);
        }
    }

    @Test
    void anImmedRequestMadeWhileAWokenTaskIsMovedOntoABusyCpuIsWalkedAtOnce() {
        kernel.addTask(TaskSpec.of("hog", Step.run(3 * MS)).repeating(1).withAffinity(BOTH)); // exits at 3 ms
        kernel.addTask(TaskSpec.of("imm", Step.run(MS / 2), Step.sleep(MS / 2), Step.run(5 * MS)).withAffinity(BOTH)
                .toBuilder().startNs(0).build());
        assertEquals(0, kernel.load(new RemoteWakeUp()));
        kernel.runUntil(5 * MS);
        // at 1 ms imm is moved to CPU 1's local DSQ from CPU 0's task_woken_scx(). linux-next's enqueue_task_scx()
        // marks CPU 1 SCX_RQ_IN_WAKEUP only for ENQUEUE_WAKEUP in the core's own flags, not in the stashed
        // remote_activate_enq_flags, so the request (hog runs on CPU 1: not open) is scheduled as usual and walked at
        // once: imm goes back and runs on CPU 0 at 1 ms. (0022b328 marked CPU 1 IN_WAKEUP from the stashed flags,
        // scheduled nothing, and imm waited behind hog until 3 ms.)
        assertEquals(List.of("0ms running imm@0", "0ms running hog@1", "1ms reenq imm IMMED", "1ms running imm@0"),
                log);
        assertEquals(1, kernel.eventCounters().reenqImmed());
    }

    @Test
    void alwaysEnqImmedAddsImmedToEveryLocalInsert() {
        add("hog", 0, 10 * MS, BOTH);
        add("imm", MS, 5 * MS, BOTH);
        assertEquals(0, kernel.load(new ToCpu1(OpsFlags.ALWAYS_ENQ_IMMED, 0) {
            @Override
            long insertFlags(Task p) {
                return 0; // no explicit IMMED anywhere
            }
        }));
        kernel.runUntil(3 * MS);
        assertEquals(List.of("0ms running hog@1", "1ms reenq imm IMMED", "1ms running imm@0"), log);
    }

    @Test
    void anImmedTaskOvertakenByAHeadInsertIsHandedBackWhenTheCpuPicks() {
        add("imm", MS, 5 * MS, BOTH);
        add("head", MS, 5 * MS, BOTH);
        assertEquals(0, kernel.load(new ToCpu1(0, EnqFlags.IMMED) {
            @Override
            long insertFlags(Task p) {
                return p.comm().equals("head") ? EnqFlags.HEAD : EnqFlags.IMMED;
            }
        }));
        kernel.runUntil(3 * MS);
        // imm is alone on idle CPU 1 when queued; head (not IMMED) goes in front of it. As CPU 1 picks head, more than
        // one task with an IMMED one among them asks for the re-enqueue (balance_one's has_tasks check)
        assertEquals(List.of("1ms running head@1", "1ms reenq imm IMMED", "1ms running imm@0"), log);
    }

    @Test
    void anImmedTaskPreemptedByAnRtTaskIsHandedBackWithReasonPreempted() {
        add("imm", 0, 10 * MS, BOTH);
        kernel.addTask(TaskSpec.of("fifo", Step.run(MS)).withAffinity(CpuMask.of(1)).toBuilder()
                .policy(SchedPolicy.FIFO).rtPriority(50).startNs(2 * MS).build());
        assertEquals(0, kernel.load(new ToCpu1(0, EnqFlags.IMMED)));
        kernel.runUntil(3 * MS);
        // imm keeps SCX_TASK_IMMED while it runs; the RT task takes CPU 1 at 2 ms with imm's slice left: instead of
        // going back to the head of CPU 1's local DSQ, imm is handed back (PREEMPTED) and continues on CPU 0
        assertEquals(List.of("0ms running imm@1", "2ms reenq imm PREEMPTED", "2ms running imm@0"), log);
        assertEquals(0, kernel.eventCounters().reenqImmed(), "SCX_EV_REENQ_IMMED counts the IMMED reason only");
    }

    @Test
    void anImmedTaskQueuedOnACpuAnRtTaskTakesAtTheSameInstantIsHandedBackWithReasonImmed() {
        add("hog", 0, 10 * MS, BOTH);
        kernel.addTask(TaskSpec.of("fifo", Step.run(MS)).withAffinity(CpuMask.of(1)).toBuilder()
                .policy(SchedPolicy.FIFO).rtPriority(50).startNs(MS).build());
        add("imm", MS, 5 * MS, BOTH);
        assertEquals(0, kernel.load(new ToCpu1(0, EnqFlags.IMMED | EnqFlags.PREEMPT)));
        kernel.runUntil(3 * MS);
        // at 1 ms the RT task wakes on CPU 1, then imm is queued at the head of CPU 1's local DSQ (PREEMPT: open).
        // CPU 1 picks the RT task; imm would wait behind it, so it is handed back (wakeup_preempt_scx) and runs on
        // CPU 0 at 1 ms; hog, put back without IMMED, waits on CPU 1
        assertEquals(List.of("0ms running hog@1", "1ms reenq imm IMMED", "1ms running imm@0"), log);
        assertEquals(1, kernel.eventCounters().reenqImmed());
    }

    @Test
    void aTaskWithoutImmedPreemptedByAnRtTaskWaitsAtTheHeadOfItsLocalDsq() {
        add("plain", 0, 10 * MS, BOTH);
        kernel.addTask(TaskSpec.of("fifo", Step.run(MS)).repeating(1).withAffinity(CpuMask.of(1)).toBuilder()
                .policy(SchedPolicy.FIFO).rtPriority(50).startNs(2 * MS).build());
        assertEquals(0, kernel.load(new ToCpu1(0, 0)));
        kernel.runUntil(4 * MS);
        assertEquals(List.of("0ms running plain@1", "3ms running plain@1"), log);
    }

    @Test
    void immedIntoANonLocalDsqIsASchedulerError() {
        add("imm", MS, 5 * MS, CpuMask.of(1)); // one allowed CPU: no select_cpu, straight to ops.enqueue
        assertEquals(0, kernel.load(new SchedOps() {
            public String name() { return "immed_global"; }

            public void enqueue(Task p, long enqFlags) {
                Scx.current().dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags | EnqFlags.IMMED);
            }
        }));
        kernel.runUntil(3 * MS);
        ExitInfo x = kernel.exits().getFirst();
        assertEquals(ExitKind.ERROR, x.kind(), x::summary);
        assertTrue(x.message().contains("SCX_ENQ_IMMED") && x.message().contains("GLOBAL"), x::summary);
    }

    @Test
    void aPolicyThatPutsAnImmedTaskBackOntoItsBusyCpuIsEjectedWhenTheTaskIsReenqueuedThe257thTimeWithoutRunning() {
        add("hog", 0, 10 * MS, BOTH);
        add("imm", MS, 5 * MS, BOTH);
        int[] reenqueues = new int[1];
        assertEquals(0, kernel.load(new ToCpu1(0, EnqFlags.IMMED) {
            @Override
            public void enqueue(Task p, long enqFlags) {
                if ((enqFlags & EnqFlags.REENQ) != 0) {
                    reenqueues[0]++;
                }
                Scx.current().dsqInsert(p, Dsq.localOn(1), Scx.SLICE_DFL, enqFlags | insertFlags(p));
            }
        }));
        kernel.runUntil(2 * MS);
        // a livelock in the kernel too: at 1 ms the walk (reenq_local()) hands imm back because hog runs on CPU 1
        // (rq_is_open() false); ops.enqueue puts it straight back on CPU 1, its own rq, so direct_dispatch() ->
        // dsq_inc_nr() asks for another walk and process_deferred_reenq_locals()'s loop pops it under the same rq
        // lock, hog still running. linux-next bounds this per task: scx_do_enqueue_task() counts imm's re-enqueues
        // (reenq_cnt 1, 2, ...; SCX_EV_REENQ_REPEAT from the 2nd) and the 257th exits the scheduler before
        // ops.enqueue. So the policy sees 256 hand-backs, SCX_EV_REENQ_IMMED (counted by the walk) 257, the repeat
        // event 256 (re-enqueues 2..257)
        ExitInfo x = kernel.exits().getFirst();
        assertEquals(ExitKind.ERROR_REENQ, x.kind(), x::summary);
        assertEquals(1027, x.kind().value());
        assertTrue(x.message().startsWith("imm[") && x.message().contains("reenqueued 257 times without running"),
                x::summary);
        assertEquals(256, reenqueues[0]);
        assertEquals(257, kernel.eventCounters().reenqImmed());
        assertEquals(256, kernel.eventCounters().reenqRepeat());
        // stranded on no DSQ until the disable at the same instant, then in the fair class (not lost): idle CPU 0
        // runs it from 1 ms, so by 2 ms it has run 1 ms
        kernel.checkInvariants();
        TaskStruct imm = kernel.task("imm");
        assertEquals(MS, imm.sumExec);
        assertTrue(!imm.ext, imm::toString);
    }

    @Test
    void theReenqueueCountRestartsWhenTheTaskRuns() {
        // hog holds CPU 1; imm runs 1 ms, sleeps 1 ms, runs 1 ms, sleeps. Each time it is inserted onto CPU 1 with
        // IMMED the policy puts a handed-back imm back there 199 times and then sends it to the global DSQ (CPU 0
        // runs it): 200 re-enqueues at 1 ms (reenq_cnt 1..200) and, since imm ran in between (set_next_task_scx()
        // -> clr_task_runnable() zeroes reenq_cnt), 200 more at 3 ms (1..200 again): 400 < 2 x 257, no exit;
        // SCX_EV_REENQ_REPEAT 2 x 199
        add("hog", 0, 10 * MS, BOTH);
        kernel.addTask(TaskSpec.of("imm", Step.run(MS), Step.sleep(MS), Step.run(MS), Step.sleep(100 * MS))
                .withAffinity(BOTH).toBuilder().startNs(MS).build());
        int[] handBacks = new int[2];
        assertEquals(0, kernel.load(new ToCpu1(0, EnqFlags.IMMED) {
            @Override
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                if ((enqFlags & EnqFlags.REENQ) != 0 && ++handBacks[0] % 200 == 0) {
                    scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, 0);
                    scx.kickCpu(0, KickFlags.IDLE);
                    return;
                }
                scx.dsqInsert(p, Dsq.localOn(1), Scx.SLICE_DFL, enqFlags | insertFlags(p));
            }
        }));
        kernel.runUntil(6 * MS);
        assertTrue(kernel.exits().isEmpty(), () -> kernel.exits().getFirst().summary());
        assertEquals(400, handBacks[0]);
        assertEquals(400, kernel.eventCounters().reenqImmed());
        assertEquals(398, kernel.eventCounters().reenqRepeat());
        assertTrue(log.contains("1ms running imm@0") && log.contains("3ms running imm@0"), log::toString);
    }

    @Test
    void reenqueuesOfATaskThatDoesNotRunAddUpAcrossDeferredRunsAndKfuncReenqueues() {
        // at 1 ms imm is handed back 200 times (reenq_cnt 1..200); the 200th hand-back parks it on user DSQ 7, which
        // nothing consumes. hog's tick at 2 ms calls scx_bpf_dsq_reenq(7): a re-enqueue with reason KFUNC (201), which
        // the policy puts onto busy CPU 1 with IMMED again; the walk hands it back 56 more times (202..257) and the
        // 257th ejects the policy. Without running in between, the count never restarted: the old per-deferred-run
        // repeat counter of 0022b328 would have allowed this (199 repeats, then 56, in two separate runs)
        add("hog", 0, 10 * MS, BOTH);
        add("imm", MS, 5 * MS, BOTH);
        int[] immed = new int[1];
        int[] kfunc = new int[1];
        boolean[] reenqDone = new boolean[1];
        assertEquals(0, kernel.load(new ToCpu1(0, EnqFlags.IMMED) {
            @Override
            public int init(Scx scx) {
                return scx.createDsq(7, -1);
            }

            @Override
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                long r = p.scxFlags() & TaskFlags.REENQ_REASON_MASK;
                if ((enqFlags & EnqFlags.REENQ) != 0 && r == TaskFlags.REENQ_KFUNC) {
                    kfunc[0]++;
                } else if ((enqFlags & EnqFlags.REENQ) != 0 && ++immed[0] == 200) {
                    scx.dsqInsert(p, 7, Scx.SLICE_DFL, 0);
                    return;
                }
                scx.dsqInsert(p, Dsq.localOn(1), Scx.SLICE_DFL, (enqFlags & ~EnqFlags.REENQ) | insertFlags(p));
            }

            @Override
            public void tick(Task p) {
                Scx scx = Scx.current();
                if (scx.now() >= 2 * MS && !reenqDone[0]) {
                    reenqDone[0] = true;
                    scx.dsqReenq(7, 0);
                }
            }
        }));
        kernel.runUntil(8 * MS);
        ExitInfo x = kernel.exits().getFirst();
        assertEquals(ExitKind.ERROR_REENQ, x.kind(), x::summary);
        assertTrue(x.message().contains("reenqueued 257 times without running"), x::summary);
        assertEquals(1, kfunc[0]);
        assertEquals(200 + 55, immed[0], "the 257th hand-back never reaches ops.enqueue");
        assertEquals(200 + 56, kernel.eventCounters().reenqImmed());
        assertEquals(256, kernel.eventCounters().reenqRepeat());
        kernel.checkInvariants();
    }
}
