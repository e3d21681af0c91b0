package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import io.scx4j.core.RunResult;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.topology.CpuMask;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.atomic.*;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Port of maybe_null: {@code prev} in dispatch and {@code to} in yield are nullable. In Java the "verifier" is the
 * {@code @Nullable} type annotation on the API; the run checks that dispatch really gets null and the default yield
 * copes with {@code to == null}.
 */
class MaybeNullTest {
    @Test
    void dispatchPrevAndYieldToAreDeclaredNullable() throws Exception {
        var dispatch = SchedOps.class.getMethod("dispatch", int.class, Task.class);
        assertTrue(dispatch.getAnnotatedParameterTypes()[1].isAnnotationPresent(Nullable.class), "dispatch prev");
        var yield = SchedOps.class.getMethod("yield", Task.class, Task.class);
        assertTrue(yield.getAnnotatedParameterTypes()[1].isAnnotationPresent(Nullable.class), "yield to");
        assertFalse(yield.getAnnotatedParameterTypes()[0].isAnnotationPresent(Nullable.class), "yield from");
    }

    @Test
    void dispatchIsCalledWithANullPrevAndTheNullCheckedPolicyRuns() {
        Engine e = engine(FLAT_4, waker("a"), waker("b"));
        AtomicInteger nullPrev = new AtomicInteger(), nonNullPrev = new AtomicInteger();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "maybe_null"; }
            public int init(Scx scx) { return scx.createDsq(0, -1); }
            public void enqueue(Task p, long enqFlags) { Scx.current().dsqInsert(p, 0, Scx.SLICE_DFL, enqFlags); }
            public void dispatch(int cpu, @Nullable Task prev) {
                if (prev == null) {
                    nullPrev.incrementAndGet();
                } else {
                    nonNullPrev.incrementAndGet();
                    prev.slice();
                }
                Scx.current().dsqMoveToLocal(0);
            }
            public boolean yield(Task from, @Nullable Task to) {
                return to != null && to.pid() > 0;
            }
        }));
        RunResult r = e.run(Duration.ofMillis(50));
        assertStillRunning(e, r);
        assertTrue(nullPrev.get() > 0, "dispatch saw prev == null (CPU came from idle)");
    }
}
