package io.scx4j.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ApiArchitectureTest {
    private static final JavaClasses API = new ClassFileImporter().importPath(Path.of("target/classes"));
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPaths(
            Path.of("target/test-classes/io/scx4j/api/archfixture"),
            Path.of("target/test-classes/io/scx4j/policy/fixture"),
            Path.of("target/test-classes/io/scx4j/core/internal"));

    @Test
    void theApiDependsOnNoFrameworkAndNoEngine() {
        ScxArchRules.API_IS_FREE_OF_FRAMEWORKS_AND_ENGINE.check(API);
    }

    @Test
    void theApiHasNoPackageCycles() {
        ScxArchRules.NO_PACKAGE_CYCLES.check(API);
    }

    @Test
    void theApiUsesNoOtherModulesInternals() {
        ScxArchRules.INTERNAL_STAYS_INSIDE_ITS_MODULE.check(API);
    }

    @Test
    void anApiClassThatUsesGuiceOrJacksonIsCaught() {
        assertViolated(ScxArchRules.API_IS_FREE_OF_FRAMEWORKS_AND_ENGINE, "ApiClassUsingFrameworks");
    }

    @Test
    void aPackageCycleIsCaught() {
        assertViolated(ScxArchRules.NO_PACKAGE_CYCLES, "CycleA");
    }

    @Test
    void usingAnotherModulesInternalPackageIsCaught() {
        assertViolated(ScxArchRules.INTERNAL_STAYS_INSIDE_ITS_MODULE, "PolicyUsingEngineInternals");
    }

    @Test
    void aPolicyThatReachesIntoTheEngineIsCaught() {
        assertViolated(ScxArchRules.POLICIES_NEVER_SEE_THE_ENGINE, "PolicyUsingEngineInternals");
    }

    @Test
    void fixturesThatFollowTheRulesPass() {
        JavaClasses clean = new ClassFileImporter()
                .importPath(Path.of("target/test-classes/io/scx4j/api/archfixture/clean"));
        assertFalse(ScxArchRules.NO_PACKAGE_CYCLES.evaluate(clean).hasViolation());
        assertFalse(ScxArchRules.INTERNAL_STAYS_INSIDE_ITS_MODULE.evaluate(clean).hasViolation());
    }

    private static void assertViolated(ArchRule rule, String fixture) {
        var result = rule.evaluate(FIXTURES);
        assertTrue(result.hasViolation(), rule.getDescription() + " should catch the fixture");
        assertTrue(result.getFailureReport().toString().contains(fixture),
                "the report names " + fixture + ": " + result.getFailureReport());
    }
}
