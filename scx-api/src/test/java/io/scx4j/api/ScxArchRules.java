package io.scx4j.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DESIGN.md's module rules as ArchUnit rules, applied to scx4j's classes and shown to catch violating fixtures. */
final class ScxArchRules {
    private ScxArchRules() {}

    /** scx-api gives plugin authors a small surface: no Guice, no Jackson, no engine. */
    static final ArchRule API_IS_FREE_OF_FRAMEWORKS_AND_ENGINE = noClasses()
            .that().resideInAPackage("io.scx4j.api..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.google.inject..", "com.fasterxml.jackson..", "io.scx4j.core..")
            .because("DESIGN.md: scx-api has no dependency on Guice, Jackson or the engine");

    /** A policy talks to the engine only through scx-api. */
    static final ArchRule POLICIES_NEVER_SEE_THE_ENGINE = noClasses()
            .that().resideInAPackage("io.scx4j.policy..")
            .should().dependOnClassesThat().resideInAnyPackage("io.scx4j.core..", "com.google.inject..")
            .allowEmptyShould(true)
            .because("DESIGN.md: a policy module never sees scx-core");

    /** No cycles between packages. */
    static final ArchRule NO_PACKAGE_CYCLES = slices()
            .matching("io.scx4j.(**)")
            .should().beFreeOfCycles()
            .allowEmptyShould(true);

    private static final Pattern MODULE_ROOT = Pattern.compile("^io\\.scx4j\\.([a-z0-9]+)");

    /** {@code io.scx4j.X.internal..} is used only inside {@code io.scx4j.X..}. */
    static final ArchRule INTERNAL_STAYS_INSIDE_ITS_MODULE = com.tngtech.archunit.lang.syntax.ArchRuleDefinition
            .classes().that().resideInAPackage("io.scx4j..")
            .should(new ArchCondition<JavaClass>("not use another module's internal packages") {
                @Override
                public void check(JavaClass origin, ConditionEvents events) {
                    Optional<String> from = moduleOf(origin.getPackageName());
                    for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                        String target = d.getTargetClass().getPackageName();
                        if (target.contains(".internal") && !moduleOf(target).equals(from)) {
                            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                        }
                    }
                }
            })
            .because("DESIGN.md: internal packages are not used across modules");

    private static Optional<String> moduleOf(String pkg) {
        Matcher m = MODULE_ROOT.matcher(pkg);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
