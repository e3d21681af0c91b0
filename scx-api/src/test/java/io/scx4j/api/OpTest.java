package io.scx4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpTest {
    static class EnqueueOnly implements SchedOps {
        @Override
        public String name() {
            return "enqueue_only";
        }

        @Override
        public void enqueue(Task p, long enqFlags) {}
    }

    static class Subclass extends EnqueueOnly {
        @Override
        public void updateIdle(int cpu, boolean idle) {}
    }

    static class Tracing extends ForwardingSchedOps {
        Tracing(SchedOps inner) {
            super(inner);
        }

        @Override
        public void running(Task p) {
            super.running(p);
        }
    }

    @Test
    void aPolicyImplementsExactlyTheCallbacksItOverrides() {
        assertEquals(EnumSet.of(Op.ENQUEUE), new EnqueueOnly().implementedOps());
        assertEquals(EnumSet.of(Op.ENQUEUE, Op.UPDATE_IDLE), new Subclass().implementedOps());
    }

    @Test
    void aDecoratorImplementsWhatItsDelegateDoesPlusItsOwnOverrides() {
        assertEquals(EnumSet.of(Op.ENQUEUE, Op.RUNNING), new Tracing(new EnqueueOnly()).implementedOps());
    }

    @Test
    void everyCallbackOfSchedOpsHasAnOp() {
        Set<String> callbacks = Arrays.stream(SchedOps.class.getDeclaredMethods())
                .filter(Method::isDefault)
                .map(Method::getName)
                .filter(n -> !Set.of("flags", "dispatchMaxBatch", "timeoutMs", "exitDumpLen", "hotplugSeq",
                        "implementedOps").contains(n))
                .collect(Collectors.toSet());
        Set<String> ops = Arrays.stream(Op.values()).map(Op::methodName).collect(Collectors.toSet());
        assertEquals(callbacks, ops);
    }

    @Test
    void everyOpMatchesASchedOpsMethodSignature() throws Exception {
        for (Op op : Op.values()) {
            assertTrue(Op.declaredBelow(SchedOps.class, op, Object.class), op.kernelName());
        }
    }

    @Test
    void forwardingSchedOpsOverridesEveryCallback() {
        Set<String> forwarded = Arrays.stream(ForwardingSchedOps.class.getDeclaredMethods())
                .map(Method::getName).collect(Collectors.toSet());
        for (Method m : SchedOps.class.getDeclaredMethods()) {
            if (m.isDefault() || java.lang.reflect.Modifier.isAbstract(m.getModifiers())) {
                assertTrue(forwarded.contains(m.getName()), "ForwardingSchedOps forwards " + m.getName());
            }
        }
    }
}
