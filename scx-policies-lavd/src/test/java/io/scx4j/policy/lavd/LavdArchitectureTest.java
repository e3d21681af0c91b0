package io.scx4j.policy.lavd;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** DESIGN.md's module table: a policy module sees scx-api, scx-lib and scx-arena only, never the engine. */
class LavdArchitectureTest {
    private static final JavaClasses LAVD = new ClassFileImporter().importPath(Path.of("target/classes"));

    @Test
    void thePolicyNeverSeesTheEngineNorGuiceNorJackson() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.scx4j.core..", "com.google.inject..", "com.fasterxml.jackson..")
                .check(LAVD);
    }

    @Test
    void thePolicyUsesNoInternalPackageOfAnotherModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.scx4j.arena.internal..",
                "io.scx4j.api.internal..", "io.scx4j.lib.internal..", "io.scx4j.topology.internal..").check(LAVD);
    }

    @Test
    void thePolicyHasNoPackageCycles() {
        SlicesRuleDefinition.slices().matching("io.scx4j.(**)").should().beFreeOfCycles().check(LAVD);
    }
}
