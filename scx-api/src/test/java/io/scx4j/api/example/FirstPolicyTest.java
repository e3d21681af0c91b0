package io.scx4j.api.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.scx4j.api.Op;
import io.scx4j.api.PolicyConfig;
import io.scx4j.api.SchedOps;
import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirstPolicyTest {
    private final Scx scx = mock(Scx.class);
    private final Task task = mock(Task.class);
    private final FirstPolicy.Provider provider = new FirstPolicy.Provider();

    @Test
    void initCreatesTheSharedDsqAndReportsFailure() {
        when(scx.createDsq(FirstPolicy.SHARED_DSQ, Scx.NUMA_NO_NODE)).thenReturn(-17);
        assertEquals(-17, provider.create().init(scx));
    }

    @Test
    void enqueueInsertsIntoTheSharedDsqWithTheConfiguredSlice() {
        SchedOps policy = provider.create(PolicyConfig.parse("first", provider.options(), Map.of("slice_us", "5000")));
        policy.init(scx);
        policy.enqueue(task, 0x1);
        verify(scx).dsqInsert(task, FirstPolicy.SHARED_DSQ, 5_000_000L, 0x1);
    }

    @Test
    void dispatchMovesTheOldestSharedTaskToTheLocalDsq() {
        SchedOps policy = provider.create();
        policy.init(scx);
        policy.dispatch(3, null);
        verify(scx).dsqMoveToLocal(FirstPolicy.SHARED_DSQ);
    }

    @Test
    void theEngineSeesOnlyTheCallbacksThePolicyWrote() {
        assertEquals(EnumSet.of(Op.INIT, Op.ENQUEUE, Op.DISPATCH), provider.create().implementedOps());
    }
}
