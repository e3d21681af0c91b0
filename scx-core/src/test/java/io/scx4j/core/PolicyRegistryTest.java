package io.scx4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.ForwardingSchedOps;
import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyDecoratorProvider;
import io.scx4j.api.PolicyOption;
import io.scx4j.api.PolicyOptionException;
import io.scx4j.api.PolicyProvider;
import io.scx4j.api.SchedOps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyRegistryTest {
    static final PolicyOption<Long> SLICE = PolicyOption.ofLong("slice_us", 20_000L, "slice length").withRange(1L, 1_000_000L);

    /** A test-only provider with one option. */
    static final class TestProvider implements PolicyProvider {
        private final String name;

        TestProvider(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "test policy " + name;
        }

        @Override
        public List<PolicyOption<?>> options() {
            return List.of(SLICE);
        }

        @Override
        public SchedOps create(PolicyConfig config) {
            long slice = config.get(SLICE);
            return new SchedOps() {
                @Override
                public String name() {
                    return name + "_" + slice;
                }
            };
        }
    }

    static final class Tracing implements PolicyDecoratorProvider {
        @Override
        public String name() {
            return "tracing";
        }

        @Override
        public String description() {
            return "forwards everything";
        }

        @Override
        public SchedOps decorate(SchedOps inner, PolicyConfig config) {
            return new ForwardingSchedOps(inner) {};
        }
    }

    final PolicyRegistry registry = new PolicyRegistry(List.of(new TestProvider("zeta"), new TestProvider("alpha")),
            List.of(new Tracing()));

    @Test
    void namesAreSortedAndIncludeTheFairBaseline() {
        assertEquals(List.of("alpha", "fair", "zeta"), registry.names());
        assertEquals(List.of("tracing"), registry.decoratorNames());
    }

    @Test
    void fairCreatesNoPolicyAndAcceptsNoOptions() {
        assertTrue(registry.create("fair", Map.of()).isEmpty());
        assertTrue(registry.provider("fair").isEmpty());
        var ex = assertThrows(PolicyOptionException.class, () -> registry.create("fair", Map.of("x", "1")));
        assertEquals("policy 'fair' has no option 'x'; accepted: none", ex.getMessage());
    }

    @Test
    void createParsesTheRawOptions() {
        assertEquals("alpha_20000", registry.create("alpha", Map.of()).orElseThrow().name());
        assertEquals("alpha_500", registry.create("alpha", Map.of("slice_us", "500")).orElseThrow().name());
    }

    @Test
    void anUnknownNameIsOneLineListingTheKnownOnes() {
        var ex = assertThrows(IllegalArgumentException.class, () -> registry.create("x", Map.of()));
        assertEquals("unknown policy 'x'; known: alpha, fair, zeta", ex.getMessage());
        assertFalse(ex instanceof PolicyOptionException);
        assertThrows(IllegalArgumentException.class, () -> registry.provider("x"));
        var dex = assertThrows(IllegalArgumentException.class, () -> registry.decorator("nope"));
        assertEquals("unknown decorator 'nope'; known: tracing", dex.getMessage());
    }

    @Test
    void aBadOptionValueIsAOneLinePolicyOptionException() {
        var ex = assertThrows(PolicyOptionException.class, () -> registry.create("alpha", Map.of("slice_us", "-3")));
        assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
        assertTrue(ex.getMessage().contains("slice_us"), ex.getMessage());
        var unknown = assertThrows(PolicyOptionException.class, () -> registry.create("alpha", Map.of("sl", "1")));
        assertEquals("policy 'alpha' has no option 'sl'; accepted: slice_us", unknown.getMessage());
    }

    @Test
    void decoratorsWrapAPolicy() {
        SchedOps inner = registry.create("zeta", Map.of()).orElseThrow();
        SchedOps wrapped = registry.decorate("tracing", inner, Map.of());
        assertInstanceOf(ForwardingSchedOps.class, wrapped);
        assertEquals("zeta_20000", wrapped.name());
    }

    @Test
    void eachEntrySaysWhereItWasFound() {
        assertEquals("built-in", registry.location("fair"));
        String where = registry.location("alpha");
        assertTrue(where.startsWith("module io.scx4j.core") || where.startsWith("class path"), where);
        assertTrue(where.contains("file:"), where);
        assertTrue(registry.entry("tracing").decorator());
        assertEquals(List.of("alpha", "fair", "tracing", "zeta"),
                registry.entries().stream().map(PolicyRegistry.Entry::name).toList());
    }

    @Test
    void twoProvidersWithOneNameOrOneNamedFairAreRefused() {
        var dup = assertThrows(IllegalStateException.class,
                () -> new PolicyRegistry(List.of(new TestProvider("a"), new TestProvider("a"))));
        assertTrue(dup.getMessage().startsWith("two providers named 'a': "), dup.getMessage());
        var fair = assertThrows(IllegalStateException.class,
                () -> new PolicyRegistry(List.of(new TestProvider("fair"))));
        assertTrue(fair.getMessage().contains("reserved name 'fair'"), fair.getMessage());
    }

    @Test
    void serviceLoaderFindsScxLibsPoliciesBesideFair() {
        PolicyRegistry discovered = PolicyRegistry.load();
        assertTrue(discovered.names().containsAll(List.of("fair", "simple", "central")), discovered.toString());
        for (PolicyRegistry.Entry e : discovered.entries()) {
            assertFalse(e.location().isBlank(), e.toString());
        }
    }
}
