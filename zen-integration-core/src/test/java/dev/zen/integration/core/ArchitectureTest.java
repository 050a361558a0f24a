package dev.zen.integration.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering inside the api and the core, checked on their main classes: public packages at the top, the engine
 * below them, shared I/O helpers at the bottom, and no package cycles anywhere.
 */
@AnalyzeClasses(packages = {"dev.zen.integration"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String CORE = "dev.zen.integration.core";
    private static final String ENGINE = CORE + ".internal.engine..";
    private static final String IO = CORE + ".internal.io..";

    /** Every package of the api and the core (and any added later) is its own slice; none may form a cycle. */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.(**)").should().beFreeOfCycles();

    /** The facade finds the engine through ServiceLoader; nothing but the engine itself uses the engine's package. */
    @ArchTest
    static final ArchRule onlyTheEngineUsesTheEnginePackage = noClasses().that().resideOutsideOfPackage(ENGINE)
            .should().dependOnClassesThat().resideInAPackage(ENGINE);

    /** The I/O helpers are the bottom layer: they know no other part of the core. */
    @ArchTest
    static final ArchRule ioHelpersDependOnNothingAbove = noClasses().that().resideInAPackage(IO)
            .should().dependOnClassesThat().resideInAnyPackage(CORE, CORE + ".config..", CORE + ".credentials..",
                    CORE + ".resilience..", CORE + ".schedule..", CORE + ".store..", ENGINE);

    /** The api is the contract: it knows no implementation. */
    @ArchTest
    static final ArchRule apiKnowsNoImplementation = noClasses().that().resideInAnyPackage("dev.zen.integration",
                    "dev.zen.integration.plugin..", "dev.zen.integration.spi..")
            .should().dependOnClassesThat().resideInAnyPackage(CORE + "..", "dev.zen.plugin.runtime..");

    /** Stores, config, credentials, resilience and scheduling sit below the facade and never reach up to it. */
    @ArchTest
    static final ArchRule partsDoNotDependOnTheFacade = noClasses().that().resideInAnyPackage(CORE + ".config..",
                    CORE + ".credentials..", CORE + ".resilience..", CORE + ".store..", IO)
            .should().dependOnClassesThat().resideInAPackage(CORE);
}
