package io.scx4j.core.conformance;

import static io.scx4j.core.conformance.Conf.*;
import static org.junit.jupiter.api.Assertions.*;

import io.scx4j.api.*;
import io.scx4j.core.Engine;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Port of non_scx_kfunc_deny: code that is not a sched_ext callback (the selftest uses a TCP congestion-control
 * struct_ops) cannot call the scx kfuncs. In Java the kfuncs are only reachable through {@link Scx#current()},
 * which is bound only while the engine runs a policy callback; any other caller is refused.
 */
class NonScxKfuncDenyTest {
    @Test
    void scxIsUnreachableOutsideAPolicyCallback() {
        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> Scx.current().kickCpu(0, 0));
        assertTrue(ex.getMessage().contains("outside a running engine"), ex.getMessage());
    }

    @Test
    void aThreadStartedByAPolicyDoesNotInheritTheKfuncs() throws Exception {
        Engine e = engine(FLAT_4, waker("a"));
        AtomicReference<Throwable> seen = new AtomicReference<>();
        assertEquals(0, e.load(new SchedOps() {
            public String name() { return "non_scx_kfunc_deny"; }
            public int init(Scx scx) {
                Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        Scx.current().kickCpu(0, 0);
                    } catch (Throwable x) {
                        seen.set(x);
                    }
                });
                try {
                    t.join();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                return 0;
            }
        }));
        assertInstanceOf(IllegalStateException.class, seen.get());
        assertTrue(e.policyLoaded());
    }
}
