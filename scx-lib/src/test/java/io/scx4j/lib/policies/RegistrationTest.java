package io.scx4j.lib.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Both registrations name both providers: {@code provides} in module-info (module path) and
 * {@code META-INF/services} (class path). This reads the compiled files; ServiceLoader discovery itself is tested
 * by the engine's registry (a test patched into a named module cannot exercise it).
 */
class RegistrationTest {
    private static final Set<String> PROVIDERS = Set.of(
            SimplePolicyProvider.class.getName(), CentralPolicyProvider.class.getName());

    @Test
    void theModuleProvidesBothPoliciesAndExportsTheirPackage() {
        ModuleDescriptor module = ModuleFinder.of(Path.of("target/classes")).findAll().iterator().next().descriptor();
        assertEquals("io.scx4j.lib", module.name());
        ModuleDescriptor.Provides provides = module.provides().stream()
                .filter(p -> p.service().equals("io.scx4j.api.PolicyProvider"))
                .findFirst().orElseThrow();
        assertEquals(PROVIDERS, Set.copyOf(provides.providers()));
        assertTrue(module.exports().stream().anyMatch(e -> e.source().equals("io.scx4j.lib.policies")));
    }

    @Test
    void theServicesFileListsBothPolicies() throws IOException {
        List<String> lines = Files.readAllLines(
                Path.of("target/classes/META-INF/services/io.scx4j.api.PolicyProvider")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(PROVIDERS, Set.copyOf(lines));
        assertEquals(PROVIDERS.size(), lines.size());
    }
}
