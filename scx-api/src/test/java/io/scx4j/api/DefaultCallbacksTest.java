package io.scx4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;
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
        Task t = withSlots(mock(Task.class));
        TaskLocal<StringBuilder> a = TaskLocal.withInitial(StringBuilder::new);
        TaskLocal<String> b = TaskLocal.empty();
        a.get(t).append("x");
        assertEquals("x", a.get(t).toString());
        assertEquals(null, b.get(t));
        b.set(t, "y");
        assertEquals("y", b.get(t));
        assertEquals("x", a.get(t).toString());
    }

    /**
     * {@code t} with working {@link Task#local}/{@link Task#setLocal} slots (a map), the engine's task-local storage.
     * scx-test-fixtures's FakeTask has the same, but scx-test-fixtures depends on this module, so this module's tests cannot use it.
     */
    private static Task withSlots(Task t) {
        Map<Integer, Object> slots = new HashMap<>();
        when(t.local(anyInt())).thenAnswer(call -> slots.get(call.<Integer>getArgument(0)));
        doAnswer(call -> slots.put(call.getArgument(0), call.getArgument(1))).when(t).setLocal(anyInt(), any());
        return t;
    }
}
