package dev.tributary.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tributary.architecture.ArchitectureRules.CANARY_ROOT;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every rule, built for the canary root, must report its deliberately bad class: a rule that cannot fail proves nothing. */
class CanaryTest {
    private static JavaClasses canaries;

    @BeforeAll
    static void importCanaries() {
        canaries = new ClassFileImporter().importPackages(CANARY_ROOT);
    }

    private static void assertCatches(ArchRule rule, String canary) {
        assertThatThrownBy(() -> rule.check(canaries)).isInstanceOf(AssertionError.class).hasMessageContaining(canary);
    }

    @Test
    void domainIsPlainJavaCatchesIo() {
        assertCatches(ArchitectureRules.domainIsPlainJava(CANARY_ROOT), "ReadsFiles");
    }

    @Test
    void domainIsPlainJavaCatchesAnOuterModule() {
        assertCatches(ArchitectureRules.domainIsPlainJava(CANARY_ROOT), "CallsTheApplication");
    }

    @Test
    void applicationDependsOnlyOnDomainCatchesAnAdapter() {
        assertCatches(ArchitectureRules.applicationDependsOnlyOnDomain(CANARY_ROOT), "CallsAnAdapter");
    }

    @Test
    void adaptersIgnoreEachOtherCatchesLocalUsingAws() {
        assertCatches(ArchitectureRules.adaptersIgnoreEachOther(CANARY_ROOT), "UsesAwsAdapter");
    }

    @Test
    void adaptersIgnoreEachOtherCatchesAwsUsingLocal() {
        assertCatches(ArchitectureRules.adaptersIgnoreEachOther(CANARY_ROOT), "UsesLocalAdapter");
    }

    @Test
    void adaptersIgnoreEachOtherCatchesFormatsUsingPostgres() {
        assertCatches(ArchitectureRules.adaptersIgnoreEachOther(CANARY_ROOT), "UsesPostgresAdapter");
    }

    @Test
    void deployReadsOnlyDomainAndFormatsCatchesBootstrap() {
        assertCatches(ArchitectureRules.deployReadsOnlyDomainAndFormats(CANARY_ROOT), "ReadsTheWiring");
    }

    @Test
    void deployReadsOnlyDomainAndFormatsCatchesAnAwsAdapter() {
        assertCatches(ArchitectureRules.deployReadsOnlyDomainAndFormats(CANARY_ROOT), "UsesTheAwsAdapter");
    }

    @Test
    void adaptersIgnoreBootstrapCatchesLocalUsingBootstrap() {
        assertCatches(ArchitectureRules.adaptersIgnoreBootstrap(CANARY_ROOT), "UsesBootstrap");
    }

    @Test
    void adaptersIgnoreBootstrapCatchesAwsUsingBootstrap() {
        assertCatches(ArchitectureRules.adaptersIgnoreBootstrap(CANARY_ROOT), "UsesBootstrapToo");
    }

    @Test
    void micronautOnlyInBootstrapAndPostgresCatchesTheDomain() {
        assertCatches(ArchitectureRules.micronautOnlyInBootstrapAndPostgres(CANARY_ROOT), "UsesMicronaut");
    }

    @Test
    void micronautOnlyInBootstrapAndPostgresCatchesTheFormats() {
        assertCatches(ArchitectureRules.micronautOnlyInBootstrapAndPostgres(CANARY_ROOT), "InjectsItself");
    }

    @Test
    void portsIgnoreEachOtherCatchesAnInboundPortExposingAnOutboundType() {
        assertCatches(ArchitectureRules.portsIgnoreEachOther(CANARY_ROOT), "ExposesAnOutboundType");
    }

    @Test
    void portsIgnoreEachOtherCatchesAnOutboundPortThrowingAnInboundRefusal() {
        assertCatches(ArchitectureRules.portsIgnoreEachOther(CANARY_ROOT), "ThrowsAnInboundRefusal");
    }

    @Test
    void modulesAreFreeOfCyclesCatchesDomainApplicationCycle() {
        assertCatches(ArchitectureRules.modulesAreFreeOfCycles(CANARY_ROOT), "CallsTheApplication");
    }

    @Test
    void moduleIsFreeOfCyclesCatchesACycleInsideTheApplication() {
        assertCatches(ArchitectureRules.moduleIsFreeOfCycles(CANARY_ROOT, "application"), "cyclea.First");
    }

    @Test
    void vagueNamesAreCaughtInDomainAndApplication() {
        assertCatches(ArchitectureRules.domainAndApplicationAvoidVagueNames(CANARY_ROOT), "OrderManager");
        assertCatches(ArchitectureRules.domainAndApplicationAvoidVagueNames(CANARY_ROOT), "IngestBatchServiceImpl");
    }

    @Test
    void aRuleOverAPackageWithoutClassesFails() {
        // archRule.failOnEmptyShould stays true: a typo in a package name must fail, not pass silently
        assertThatThrownBy(() -> ArchitectureRules.domainIsPlainJava("canary.dev.tributary.typo").check(canaries))
                .isInstanceOf(AssertionError.class).hasMessageContaining("failed to check any classes");
    }
}
