package io.scx4j.policy.lavd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyOptionException;
import io.scx4j.api.PolicyProvider;
import io.scx4j.core.PolicyRegistry;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Discovery as {@code lavd} and the upstream option names and defaults (policies.md §1.13). */
class LavdPolicyProviderTest {
    private final LavdPolicyProvider provider = new LavdPolicyProvider();

    @Test
    void theEnginesRegistryDiscoversLavdByServiceLoader() {
        // PolicyRegistry.load() runs ServiceLoader from io.scx4j.core, which declares `uses` (a test patched into
        // this module cannot call ServiceLoader itself)
        PolicyRegistry registry = PolicyRegistry.load();
        PolicyProvider found = registry.provider("lavd").orElseThrow(() -> new AssertionError(registry.names()));
        assertInstanceOf(LavdPolicyProvider.class, found);
        assertEquals("lavd", registry.create("lavd", Map.of("powersave", "true")).orElseThrow().name());
    }

    @Test
    void theModuleProvidesLavdAndTheServicesFileListsIt() throws IOException {
        ModuleDescriptor module = ModuleFinder.of(Path.of("target/classes")).findAll().iterator().next().descriptor();
        assertEquals("io.scx4j.policy.lavd", module.name());
        assertTrue(module.provides().stream().anyMatch(p -> p.service().equals("io.scx4j.api.PolicyProvider")
                && p.providers().equals(List.of(LavdPolicyProvider.class.getName()))));
        List<String> lines = Files.readAllLines(
                Path.of("target/classes/META-INF/services/io.scx4j.api.PolicyProvider")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(List.of(LavdPolicyProvider.class.getName()), lines);
    }

    @Test
    void defaultsAreUpstreamsAutopilotFiveMsMaxHalfMsMinShiftSixPinnedFiveMs() {
        LavdOptions o = LavdPolicyProvider.options(PolicyConfig.defaults("lavd", provider.options()));
        assertNull(o.powerMode(), "autopilot when no mode is given");
        assertEquals(5_000_000, o.sliceMaxNs());
        assertEquals(500_000, o.sliceMinNs());
        assertEquals(6, o.preemptShift());
        assertEquals(5_000_000, o.pinnedSliceNs());
        assertEquals(25, o.lbLowUtilPct());
        assertEquals(10, o.lbLocalDsqUtilPct());
        assertEquals(0, o.migDeltaPct());
        assertTrue(o.usePerCpuDsq(), "a pinned slice implies per-CPU DSQs for pinned tasks");
    }

    @Test
    void optionsParseFromTextWithUpstreamFlagNames() {
        LavdOptions o = LavdPolicyProvider.options(PolicyConfig.parse("lavd", provider.options(),
                Map.of("powersave", "true", "slice-max-us", "3000", "preempt-shift", "3", "no-preemption", "on")));
        assertEquals(PowerMode.POWERSAVE, o.powerMode());
        assertEquals(3_000_000, o.sliceMaxNs());
        assertEquals(3, o.preemptShift());
        assertTrue(o.noPreemption());
    }

    @Test
    void twoPowerModesOrAnInvertedSliceRangeAreRejectedWithTheOptionNamed() {
        PolicyOptionException modes = assertThrows(PolicyOptionException.class, () -> LavdPolicyProvider.options(
                PolicyConfig.parse("lavd", provider.options(), Map.of("powersave", "true", "performance", "true"))));
        assertTrue(modes.getMessage().contains("mutually exclusive"), modes.getMessage());
        PolicyOptionException slices = assertThrows(PolicyOptionException.class, () -> LavdPolicyProvider.options(
                PolicyConfig.parse("lavd", provider.options(), Map.of("slice-min-us", "6000"))));
        assertTrue(slices.getMessage().contains("slice-min-us"), slices.getMessage());
        assertThrows(PolicyOptionException.class, () ->
                PolicyConfig.parse("lavd", provider.options(), Map.of("preempt-shift", "11")));
    }
}
