package dev.zen.integration.it.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Module boundaries across the published artifacts (api, runtime, core, testkit) and this downstream project, as
 * they meet on a class path, where the module system does not guard them: nobody uses another module's
 * {@code internal} packages, and no package cycle spans modules.
 */
@AnalyzeClasses(packages = "dev.zen")
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule onlyTheCoreUsesItsInternals = internalsOf("dev.zen.integration.core");

    @ArchTest
    static final ArchRule onlyTheRuntimeUsesItsInternals = internalsOf("dev.zen.plugin.runtime");

    @ArchTest
    static final ArchRule onlyTheTestkitUsesItsInternals = internalsOf("dev.zen.integration.testkit");

    /** Every package of every module is a slice; together they form no cycle. */
    @ArchTest
    static final ArchRule noPackageCyclesAcrossModules = slices().matching("dev.zen.(**)").should()
            .beFreeOfCycles();

    private static ArchRule internalsOf(String module) {
        return noClasses().that().resideOutsideOfPackage(module + "..")
                .should().dependOnClassesThat().resideInAPackage(module + ".internal..")
                .because(module + ".internal is not exported: use the module's public packages");
    }
}
