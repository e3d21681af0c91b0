package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyProvider;
import io.scx4j.api.SchedOps;
import io.scx4j.core.workload.Step;
import io.scx4j.core.workload.TaskSpec;
import io.scx4j.core.workload.Workload;
import io.scx4j.topology.TopologyPresets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineModuleTest {
    static final long MS = 1_000_000L;

    static final PolicyProvider MINIMAL = new PolicyProvider() {
        @Override
        public String name() {
            return "minimal";
        }

        @Override
        public String description() {
            return "the kernel's defaults: everything through the global DSQ";
        }

        @Override
        public SchedOps create(PolicyConfig config) {
            return () -> "minimal";
        }
    };

    static final PolicyRegistry REGISTRY = new PolicyRegistry(List.of(MINIMAL));

    static final Workload WORK = Workload.of("w", TaskSpec.of("a", Step.run(1_000 * MS)),
            TaskSpec.of("b", Step.run(1_000 * MS)), TaskSpec.of("c", Step.run(2 * MS), Step.sleep(3 * MS)));

    @Test
    void anInjectorBuiltFromTheModuleRunsAWorkloadUnderTheNamedPolicy() {
        long[] switches = new long[1];
        EventSink calls = new EventSink() {
            @Override
            public void onSwitch(long timeNs, int cpu, io.scx4j.api.Task prev, io.scx4j.api.Task next) {
                switches[0]++;
            }
        };
        Injector injector = Guice.createInjector(
                new EngineModule(TopologyPresets.get("flat-2"), EngineConfig.defaults(), "minimal", Map.of(), REGISTRY),
                binder -> EngineModule.sinks(binder).addBinding().toInstance(calls));
        Engine engine = injector.getInstance(Engine.class);
        assertTrue(engine.policyLoaded());
        RunResult r = engine.addWorkload(WORK).run(Duration.ofMillis(100));
        assertEquals("minimal", r.policy());
        assertTrue(r.exits().isEmpty(), r.exits().toString());
        assertEquals(200 * MS, r.totalRuntimeNs(), 1 * MS);
        assertTrue(switches[0] > 10, "the bound sink saw the switches: " + switches[0]);
        assertNotSame(engine, injector.getInstance(Engine.class), "each injection is a fresh machine");
    }

    @Test
    void fairMeansNoPolicyLoaded() {
        Engine engine = Guice.createInjector(
                new EngineModule(TopologyPresets.get("flat-2"), EngineConfig.defaults(), "fair", Map.of(), REGISTRY))
                .getInstance(Engine.class);
        RunResult r = engine.addWorkload(WORK).run(Duration.ofMillis(100));
        assertEquals("fair", r.policy());
        assertTrue(!engine.policyLoaded());
        assertEquals(200 * MS, r.totalRuntimeNs(), 1 * MS);
    }

    @Test
    void anUnknownPolicyFailsWhenTheModuleIsBuilt() {
        var ex = assertThrows(IllegalArgumentException.class, () -> new EngineModule(TopologyPresets.get("flat-2"),
                EngineConfig.defaults(), "nope", Map.of(), REGISTRY));
        assertEquals("unknown policy 'nope'; known: fair, minimal", ex.getMessage());
    }

    @Test
    void aBadOptionSurfacesFromTheInjector() {
        Injector injector = Guice.createInjector(new EngineModule(TopologyPresets.get("flat-2"),
                EngineConfig.defaults(), "minimal", Map.of("bogus", "1"), REGISTRY));
        var ex = assertThrows(ProvisionException.class, () -> injector.getInstance(Engine.class));
        assertTrue(ex.getCause().getMessage().contains("has no option 'bogus'"), ex.getCause().getMessage());
    }
}
