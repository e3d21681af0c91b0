package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.Topology;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.atomic.*;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Port of allowed_cpus: scx_bpf_select_cpu_and() restricted to a one-CPU mask from select_cpu and enqueue; the
 * returned CPU is already claimed (not idle) and lies in the mask when the task may use it; kind NONE. The newer
 * selftest also runs a SYSCALL program ({@code select_cpu_from_user}) that calls scx_bpf_select_cpu_and() for the
 * test process with a one-CPU (or empty) mask: an empty mask and a mask disjoint from the process's affinity give
 * -EBUSY, a legal candidate gives that CPU or -EBUSY.
 */
class AllowedCpusTest {
    @Test
    void selectCpuAndHonoursTheAllowedMask() {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(waker("w" + i));
        }
        tasks.add(waker("pinned3").withAffinity(CpuMask.of(3)));
        Engine e = engine(FLAT_4, tasks);
        CpuMask allowed = CpuMask.of(0);
        AtomicInteger picks = new AtomicInteger();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "allowed_cpus"; }
            void validate(Scx scx, Task p, int cpu) {
                picks.incrementAndGet();
                if (scx.testAndClearCpuIdle(cpu)) {
                    scx.error("CPU %d should be marked as busy", cpu);
                }
                if (allowed.isSubsetOf(p.cpusAllowed()) && !allowed.contains(cpu)) {
                    scx.error("CPU %d not in the allowed domain for %s", cpu, p.comm());
                }
            }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                Scx scx = Scx.current();
                int cpu = scx.selectCpuAnd(p, prevCpu, wakeFlags, allowed, 0);
                if (cpu >= 0) {
                    validate(scx, p, cpu);
                    scx.dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, 0);
                    return cpu;
                }
                return prevCpu;
            }
            public void enqueue(Task p, long enqFlags) {
                Scx scx = Scx.current();
                int cpu = scx.selectCpuAnd(p, scx.taskCpu(p), 0, allowed, 0);
                if (cpu >= 0) {
                    validate(scx, p, cpu);
                    scx.kickCpu(cpu, KickFlags.IDLE);
                }
                scx.dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, enqFlags);
            }
        }));
        RunResult r = e.run(Duration.ofMillis(100));
        assertStillRunning(e, r);
        assertTrue(picks.get() > 0, "select_cpu_and found the allowed CPU idle sometimes");
        assertTrue(r.task("pinned3").wakeups() > 50, "a task outside the allowed mask still runs");
    }

    /**
     * The selftest's SYSCALL program: {@code scx_bpf_select_cpu_and(p, smp_processor_id(), 0, {customCpu}, 0)} for
     * the task with pid {@code pid}; {@code customCpu} -1 is the empty mask.
     */
    static SyscallProgram selectCpuFromUser(int pid, int customCpu) {
        return (scx, cpu) -> {
            Task p = scx.taskFromPid(pid);
            if (p == null) {
                return -Errno.EINVAL;
            }
            CpuMask mask = customCpu < 0 ? CpuMask.empty() : CpuMask.of(customCpu);
            return scx.selectCpuAnd(p, cpu, 0, mask, 0);
        };
    }

    @Test
    void aSyscallProgramSelectsOnlyInsideBothMasksAndClaimsTheCpuItReturns() {
        // the "test process": a task that mostly sleeps, so every CPU is idle at 5 ms
        Engine e = engine(FLAT_4, TaskSpec.of("self", Step.run(100 * US), Step.sleep(10 * MS)));
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "allowed_cpus"; }
            public int selectCpu(Task p, int prevCpu, long wakeFlags) {
                int cpu = Scx.current().selectCpuAnd(p, prevCpu, wakeFlags, CpuMask.of(0), 0);
                return cpu >= 0 ? cpu : prevCpu;
            }
        }));
        e.runUntil(5 * MS);
        int self = e.result().task("self").pid();
        assertEquals(-Errno.EBUSY, e.progRun(2, selectCpuFromUser(self, -1)), "empty mask");
        // a legal candidate: the first CPU of self's affinity, idle now, so selected and claimed
        assertEquals(0, e.progRun(2, selectCpuFromUser(self, 0)), "legal candidate, idle");
        assertEquals(-Errno.EBUSY, e.progRun(2, selectCpuFromUser(self, 0)), "the first call claimed CPU 0");
        // disjoint masks: self pinned to CPU 0, the program offers the idle CPU 1
        e.setAffinity("self", CpuMask.of(0));
        assertEquals(-Errno.EBUSY, e.progRun(2, selectCpuFromUser(self, 1)), "disjoint masks");
        RunResult r = e.run(Duration.ofSeconds(1));
        assertStillRunning(e, r);
        assertTrue(r.task("self").wakeups() > 50, "self kept running, pinned to CPU 0");
    }
}
