package io.scx4j.lib;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** scx-lib may use scx-api (and later scx-arena) only: DESIGN.md's module table. */
class LibArchitectureTest {
    private static final JavaClasses LIB = new ClassFileImporter().importPath(Path.of("target/classes"));

    @Test
    void theLibraryDependsOnNeitherTheEngineNorGuiceNorJackson() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.scx4j.core..", "com.google.inject..", "com.fasterxml.jackson..")
                .check(LIB);
    }

    @Test
    void theLibraryHasNoPackageCycles() {
        SlicesRuleDefinition.slices().matching("io.scx4j.(**)").should().beFreeOfCycles().check(LIB);
    }

    @Test
    void buildingBlocksDoNotDependOnThePolicies() {
        noClasses().that().resideInAPackage("io.scx4j.lib")
                .should().dependOnClassesThat().resideInAPackage("io.scx4j.lib.policies..")
                .check(LIB);
    }
}
