package io.scx4j.lib.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyOptionException;
import io.scx4j.api.Scx;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options, defaults and validation of the two providers. (ServiceLoader discovery is tested by the engine.) */
class ProvidersTest {
    private final SimplePolicyProvider simple = new SimplePolicyProvider();
    private final CentralPolicyProvider central = new CentralPolicyProvider();

    @Test
    void simpleDefaultsToWeightedVtimeWithTheDefaultSlice() {
        SimplePolicy policy = simple.create(PolicyConfig.defaults("simple", simple.options()));
        assertFalse(policy.fifo());
        assertEquals(Scx.SLICE_DFL, policy.sliceNs());
        assertEquals("simple", simple.name());
        assertEquals("simple", policy.name());
    }

    @Test
    void simpleTakesFifoAndSliceFromText() {
        var config = PolicyConfig.parse("simple", simple.options(), Map.of("fifo", "true", "slice_us", "5000"));
        SimplePolicy policy = simple.create(config);
        assertTrue(policy.fifo());
        assertEquals(5_000_000L, policy.sliceNs());
    }

    @Test
    void centralDefaultsToCpuZeroAndTheDefaultSlice() {
        CentralPolicy policy = central.create(PolicyConfig.defaults("central", central.options()));
        assertEquals(0, policy.centralCpu());
        assertEquals(Scx.SLICE_DFL, policy.sliceNs());
        assertEquals("central", central.name());
        assertEquals("central", policy.name());
    }

    @Test
    void centralTakesItsCpuAndSliceFromText() {
        var config = PolicyConfig.parse("central", central.options(), Map.of("central_cpu", "3", "slice_us", "1000"));
        CentralPolicy policy = central.create(config);
        assertEquals(3, policy.centralCpu());
        assertEquals(1_000_000L, policy.sliceNs());
    }

    @Test
    void aSliceOfZeroOrAboveOneSecondIsRejectedNamingTheOption() {
        var e = assertThrows(PolicyOptionException.class,
                () -> PolicyConfig.parse("simple", simple.options(), Map.of("slice_us", "0")));
        assertTrue(e.getMessage().contains("slice_us"), e.getMessage());
        assertThrows(PolicyOptionException.class,
                () -> PolicyConfig.parse("central", central.options(), Map.of("slice_us", "1000001")));
    }

    @Test
    void aNegativeCentralCpuIsRejected() {
        var e = assertThrows(PolicyOptionException.class,
                () -> PolicyConfig.parse("central", central.options(), Map.of("central_cpu", "-1")));
        assertTrue(e.getMessage().contains("central_cpu"), e.getMessage());
    }

    @Test
    void malformedValuesAndUnknownOptionsAreRejected() {
        assertThrows(PolicyOptionException.class,
                () -> PolicyConfig.parse("simple", simple.options(), Map.of("fifo", "maybe")));
        assertThrows(PolicyOptionException.class,
                () -> PolicyConfig.parse("central", central.options(), Map.of("fifo", "true")));
    }

    @Test
    void theConstructorsRejectNonsenseToo() {
        assertThrows(IllegalArgumentException.class, () -> new SimplePolicy(false, 0));
        assertThrows(IllegalArgumentException.class, () -> new CentralPolicy(-1, Scx.SLICE_DFL));
        assertThrows(IllegalArgumentException.class, () -> new CentralPolicy(0, -5));
    }

    @Test
    void eachCreateReturnsAFreshPolicy() {
        assertFalse(simple.create() == simple.create());
        assertFalse(central.create() == central.create());
    }
}
