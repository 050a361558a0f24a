package dev.zen.plugin.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The runtime's package structure, checked at build time on its main classes. */
@AnalyzeClasses(packages = "dev.zen.plugin.runtime", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** Every package under dev.zen.plugin (the public one, internal, any added later) is its own slice. */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.zen.plugin.(**)").should()
            .beFreeOfCycles();

    /** The public package uses internal, never the other way round. */
    @ArchTest
    static final ArchRule internalDoesNotUseThePublicPackage = noClasses()
            .that().resideInAPackage("dev.zen.plugin.runtime.internal..")
            .should().dependOnClassesThat().resideInAPackage("dev.zen.plugin.runtime");
}
