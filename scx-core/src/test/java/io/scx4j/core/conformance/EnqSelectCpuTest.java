package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.atomic.*;
import org.junit.jupiter.api.Test;

/**
 * Port of enq_select_cpu: scx_bpf_select_cpu_dfl() is callable from ops.enqueue (dispatching to LOCAL_ON|cpu when
 * the CPU is idle); kind NONE after the run. Its SYSCALL program ({@code select_cpu_from_user}, run with
 * BPF_PROG_RUN) calls scx_bpf_select_cpu_dfl() for the test process from the unlocked context and returns the idle
 * CPU it claimed, or -EBUSY.
 */
class EnqSelectCpuTest {
    @Test
    void selectCpuDflWorksFromEnqueue() {
        Engine e = engine(FLAT_4, waker("a"), waker("b"), waker("c"), hog("h"));
        AtomicInteger idleHits = new AtomicInteger();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "enq_select_cpu"; }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                return prevCpu;
            }
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                SelectCpuResult res = scx.selectCpuDfl(p, scx.taskCpu(p), 0);
                if (res.idle()) {
                    idleHits.incrementAndGet();
                    scx.dsqInsert(p, Dsq.localOn(res.cpu()), Scx.SLICE_DFL, enqFlags);
                } else {
                    scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
                }
            }
        }));
        RunResult r = e.run(Duration.ofMillis(200));
        assertStillRunning(e, r);
        assertTrue(idleHits.get() > 0, "select_cpu_dfl found idle CPUs from enqueue");
    }

    /** The selftest's SYSCALL program: select_cpu_dfl for the task with pid {@code pid}, prev_cpu = this CPU. */
    static SyscallProgram selectCpuFromUser(int pid) {
        return (scx, cpu) -> {
            Task p = scx.taskFromPid(pid);
            if (p == null) {
                return -Errno.EINVAL;
            }
            SelectCpuResult res = scx.selectCpuDfl(p, cpu, 0);
            return res.idle() ? res.cpu() : -Errno.EBUSY;
        };
    }

    @Test
    void selectCpuDflWorksFromASyscallProgramAndClaimsTheIdleCpu() {
        Engine e = engine(FLAT_4, TaskSpec.of("self", Step.run(100 * US), Step.sleep(10 * MS)), waker("a"));
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "enq_select_cpu"; }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                return prevCpu;
            }
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                SelectCpuResult res = scx.selectCpuDfl(p, scx.taskCpu(p), 0);
                scx.dsqInsert(p, res.idle() ? Dsq.localOn(res.cpu()) : Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
            }
        }));
        e.runUntil(5 * MS);
        int self = e.result().task("self").pid();
        // four idle-or-busy CPUs: each run claims one idle CPU (prev_cpu 3 first, if idle), until none is left
        Set<Integer> claimed = new HashSet<>();
        int ret;
        while ((ret = e.progRun(3, selectCpuFromUser(self))) >= 0) {
            assertTrue(claimed.add(ret), "CPU " + ret + " claimed twice");
            assertTrue(claimed.size() <= 4);
        }
        assertEquals(-Errno.EBUSY, ret);
        assertFalse(claimed.isEmpty(), "some CPU was idle at 5 ms");
        assertTrue(e.policyLoaded());
        RunResult r = e.run(Duration.ofSeconds(1));
        assertStillRunning(e, r);
    }
}
