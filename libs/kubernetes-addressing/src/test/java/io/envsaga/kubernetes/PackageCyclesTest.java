package io.envsaga.kubernetes;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * test-support's {@code PackageCycles} written out (test-support depends on this module): the
 * main code has no class in {@code io.envsaga.kubernetes} itself, so the packages below it are all there is.
 */
class PackageCyclesTest {

    @Test
    void thePackagesFormNoCycle() {
        slices().matching("io.envsaga.kubernetes.(*)..").should().beFreeOfCycles().check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.envsaga.kubernetes"));
    }
}
