package io.scx4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;

/** The kernel's behaviour for absent ops (reference §1.1, "If absent"), as SchedOps' default bodies. */
class DefaultCallbacksTest {
    private final Scx scx = mock(Scx.class);
    private final Task p = mock(Task.class);
    private final SchedOps minimal = () -> "minimal";

    @Test
    void defaultSelectCpuDirectDispatchesToTheIdleCpuItFound() {
        when(scx.selectCpuDfl(p, 2, WakeFlags.TTWU)).thenReturn(new SelectCpuResult(5, true));
        int cpu = ScopedValue.where(Scx.CURRENT, scx).call(() -> minimal.selectCpu(p, 2, WakeFlags.TTWU));
        assertEquals(5, cpu);
        verify(scx).dsqInsert(p, Dsq.LOCAL, Scx.SLICE_DFL, 0);
    }

    @Test
    void defaultSelectCpuWithoutAnIdleCpuKeepsPrevAndInsertsNothing() {
        when(scx.selectCpuDfl(p, 2, 0)).thenReturn(new SelectCpuResult(2, false));
        int cpu = ScopedValue.where(Scx.CURRENT, scx).call(() -> minimal.selectCpu(p, 2, 0));
        assertEquals(2, cpu);
        verify(scx, never()).dsqInsert(org.mockito.ArgumentMatchers.any(), anyLong(), anyLong(), anyLong());
    }

    @Test
    void defaultEnqueueSendsTheTaskToTheGlobalDsqWithTheDefaultSlice() {
        ScopedValue.where(Scx.CURRENT, scx).run(() -> minimal.enqueue(p, EnqFlags.WAKEUP));
        verify(scx).dsqInsert(p, Dsq.GLOBAL, Scx.SLICE_DFL, EnqFlags.WAKEUP);
    }

    @Test
    void defaultYieldEndsTheSliceAndRefusesDirectedYields() {
        Task to = mock(Task.class);
        assertFalse(minimal.yield(p, null));
        verify(p).setSlice(0);
        assertFalse(minimal.yield(p, to));
        verify(to, never()).setSlice(anyLong());
    }

    @Test
    void defaultCoreSchedOrderIsOldestRunnableFirst() {
        Task older = mock(Task.class);
        when(older.coreSchedAt()).thenReturn(100L);
        when(p.coreSchedAt()).thenReturn(200L);
        assertTrue(minimal.coreSchedBefore(older, p));
        assertFalse(minimal.coreSchedBefore(p, older));
    }

    @Test
    void helpersOutsideAnEngineRunAreAClearError() {
        var e = assertThrows(IllegalStateException.class, () -> minimal.enqueue(p, 0));
        assertTrue(e.getMessage().contains("outside a running engine"));
    }

    @Test
    void aMinimalPolicyImplementsNoCallback() {
        assertTrue(minimal.implementedOps().isEmpty());
    }

    @Test
    void exitKindsCarryTheKernelsValues() {
        assertEquals(1024, ExitKind.ERROR.value());
        assertEquals(1026, ExitKind.ERROR_STALL.value());
        assertEquals(65, ExitKind.UNREG_BPF.value());
        assertTrue(ExitKind.ERROR_BPF.isError());
        assertFalse(ExitKind.UNREG_KERN.isError());
    }

    @Test
    void taskLocalsAreSeparatePerInstance() {
        Task t = new FakeTask();
        TaskLocal<StringBuilder> a = TaskLocal.withInitial(StringBuilder::new);
        TaskLocal<String> b = TaskLocal.empty();
        a.get(t).append("x");
        assertEquals("x", a.get(t).toString());
        assertEquals(null, b.get(t));
        b.set(t, "y");
        assertEquals("y", b.get(t));
        assertEquals("x", a.get(t).toString());
    }

    /** The smallest Task with real local storage. */
    static final class FakeTask implements Task {
        private Object[] locals = new Object[0];

        @Override public int pid() { return 1; }
        @Override public int tgid() { return 1; }
        @Override public String comm() { return "fake"; }
        @Override public SchedPolicy policy() { return SchedPolicy.NORMAL; }
        @Override public int nice() { return 0; }
        @Override public int weight() { return 100; }
        @Override public io.scx4j.topology.CpuMask cpusAllowed() { return io.scx4j.topology.CpuMask.of(0); }
        @Override public int nrCpusAllowed() { return 1; }
        @Override public boolean migrationDisabled() { return false; }
        @Override public boolean exiting() { return false; }
        @Override public boolean kthread() { return false; }
        @Override public Cgroup cgroup() { throw new UnsupportedOperationException(); }
        @Override public long scxFlags() { return 0; }
        @Override public long slice() { return 0; }
        @Override public void setSlice(long slice) {}
        @Override public long dsqVtime() { return 0; }
        @Override public void setDsqVtime(long vtime) {}
        @Override public long sumExecRuntime() { return 0; }
        @Override public long coreSchedAt() { return 0; }

        @Override
        public Object local(int slot) {
            return slot < locals.length ? locals[slot] : null;
        }

        @Override
        public void setLocal(int slot, Object value) {
            if (slot >= locals.length) {
                locals = java.util.Arrays.copyOf(locals, slot + 1);
            }
            locals[slot] = value;
        }
    }
}
