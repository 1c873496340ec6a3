package dev.tributary.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tributary.architecture.ArchitectureRules.ROOT;

/**
 * The architecture rules over the real modules (main classes only). ArchUnit's failOnEmptyShould stays on, so a
 * rule naming a package without classes fails; a module that has no classes yet at all (its jar is empty) is
 * reported as skipped instead, decided by where classes come from, not by the rule's package name.
 */
class ModuleRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    /** True when any imported class was loaded from the given module's jar or classes folder. */
    private static boolean moduleHasClasses(String module) {
        return classes.stream().anyMatch(c -> c.getSource()
                .map(s -> s.getUri().toString().contains("/" + module + "/target/")
                        || s.getUri().toString().contains("tributary-" + module + "-"))
                .orElse(false));
    }

    @Test
    void everyModuleIsImported() {
        // the rules below would pass vacuously over a module whose classes were not imported
        for (String module : java.util.List.of("domain", "application", "adapters-formats", "adapters-postgres",
                "adapters-local", "adapters-aws", "bootstrap", "deploy")) {
            org.assertj.core.api.Assertions.assertThat(moduleHasClasses(module)).as(module).isTrue();
        }
        org.assertj.core.api.Assertions.assertThat(moduleHasClasses("no-such-module")).isFalse();
    }

    @Test
    void domainIsPlainJava() {
        ArchitectureRules.domainIsPlainJava(ROOT).check(classes);
    }

    @Test
    void applicationDependsOnlyOnDomain() {
        ArchitectureRules.applicationDependsOnlyOnDomain(ROOT).check(classes);
    }

    @Test
    void adaptersIgnoreEachOther() {
        ArchitectureRules.adaptersIgnoreEachOther(ROOT).check(classes);
    }

    @Test
    void adaptersIgnoreBootstrap() {
        ArchitectureRules.adaptersIgnoreBootstrap(ROOT).check(classes);
    }

    @Test
    void micronautOnlyInBootstrapAndPostgres() {
        ArchitectureRules.micronautOnlyInBootstrapAndPostgres(ROOT).check(classes);
    }

    @Test
    void deployReadsOnlyDomainAndFormats() {
        ArchitectureRules.deployReadsOnlyDomainAndFormats(ROOT).check(classes);
    }

    @Test
    void portsIgnoreEachOther() {
        ArchitectureRules.portsIgnoreEachOther(ROOT).check(classes);
    }

    @Test
    void modulesAreFreeOfCycles() {
        ArchitectureRules.modulesAreFreeOfCycles(ROOT).check(classes);
    }

    @Test
    void applicationIsFreeOfCycles() {
        ArchitectureRules.moduleIsFreeOfCycles(ROOT, "application").check(classes);
    }

    @Test
    void domainIsFreeOfCycles() {
        ArchitectureRules.moduleIsFreeOfCycles(ROOT, "domain").check(classes);
    }

    @Test
    void formatAdaptersAreFreeOfCycles() {
        ArchitectureRules.moduleIsFreeOfCycles(ROOT, "adapters.formats").check(classes);
    }

    @Test
    void localAdaptersAreFreeOfCycles() {
        ArchitectureRules.moduleIsFreeOfCycles(ROOT, "adapters.local").check(classes);
    }

    @Test
    void awsAdaptersAreFreeOfCycles() {
        ArchitectureRules.moduleIsFreeOfCycles(ROOT, "adapters.aws").check(classes);
    }

    @Test
    void bootstrapIsFreeOfCycles() {
        ArchitectureRules.moduleIsFreeOfCycles(ROOT, "bootstrap").check(classes);
    }

    @Test
    void domainAndApplicationAvoidVagueNames() {
        ArchitectureRules.domainAndApplicationAvoidVagueNames(ROOT).check(classes);
    }
}
