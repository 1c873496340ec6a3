package dev.tributary.architecture;

import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The hexagon's rules, each built for a root package: {@code dev.tributary} for the real modules, and
 * {@code canary.dev.tributary} for the deliberately bad classes every rule must catch. Same factory, same rule shape.
 */
final class ArchitectureRules {
    static final String ROOT = "dev.tributary";
    static final String CANARY_ROOT = "canary.dev.tributary";

    private ArchitectureRules() {
    }

    /** Domain: plain Java 17 — its own packages plus java.lang, java.util, java.time and java.math; no io/nio. */
    static ArchRule domainIsPlainJava(String root) {
        return classes().that().resideInAPackage(root + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        root + ".domain..", "java.lang..", "java.util..", "java.time..", "java.math..")
                .because("the domain is plain Java: no framework, SDK, I/O or outer module");
    }

    /** Application: domain, itself, the JDK and the SLF4J API. */
    static ArchRule applicationDependsOnlyOnDomain(String root) {
        return classes().that().resideInAPackage(root + ".application..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        root + ".domain..", root + ".application..", "java..", "org.slf4j..")
                .because("use cases see the domain and ports only, never adapters or frameworks");
    }

    /** One module per technology: no adapter module imports another (formats, postgres, local, aws). */
    static ArchRule adaptersIgnoreEachOther(String root) {
        return slices().matching(root + ".adapters.(*)..").should().notDependOnEachOther()
                .because("an adapter module holds one technology; what two deployments share sits inward or in its own module");
    }

    static ArchRule adaptersIgnoreBootstrap(String root) {
        return noClasses().that().resideInAPackage(root + ".adapters..")
                .should().dependOnClassesThat().resideInAPackage(root + ".bootstrap..")
                .because("adapters depend only inward; wiring lives in bootstrap");
    }

    /**
     * Micronaut where it is the module's technology: bootstrap (the application) and the PostgreSQL adapters (Micronaut
     * Data for the fixed tables). The AWS adapters take SDK clients built by micronaut-aws-sdk-v2 in bootstrap.
     */
    static ArchRule micronautOnlyInBootstrapAndPostgres(String root) {
        return noClasses().that().resideInAnyPackage(root + ".domain..", root + ".application..",
                        root + ".adapters.formats..", root + ".adapters.local..", root + ".adapters.aws..")
                .should().dependOnClassesThat().resideInAPackage("io.micronaut..")
                .because("only bootstrap wires the application with Micronaut, and Micronaut Data maps PostgreSQL's fixed tables");
    }

    /**
     * Inbound and outbound ports know nothing of each other: a use case's signature holds domain types and its own
     * records, never an outbound port's; an outbound port never throws or returns an inbound one's.
     */
    static ArchRule portsIgnoreEachOther(String root) {
        return slices().matching(root + ".application.port.(*)..").should().notDependOnEachOther()
                .because("inbound ports expose no outbound types and port.out never imports port.in");
    }

    /**
     * The CDK app ({@code deploy}) is generated from data — source YAML through the formats' catalog, the staged schema
     * and scaling policy of the domain, the sizing file — never from the code it deploys: no application, bootstrap or
     * other adapter.
     */
    static ArchRule deployReadsOnlyDomainAndFormats(String root) {
        return noClasses().that().resideInAPackage(root + ".deploy..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".application..", root + ".bootstrap..",
                        root + ".adapters.aws..", root + ".adapters.local..", root + ".adapters.postgres..")
                .because("the stack reads what the pipeline is made of (sources, schema, sizing), not its wiring");
    }

    /** No cycles between modules: domain, application, adapters, bootstrap, … */
    static ArchRule modulesAreFreeOfCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    /** No cycles between the top-level packages of one module, e.g. {@code module = "application"}. */
    static ArchRule moduleIsFreeOfCycles(String root, String module) {
        return slices().matching(root + "." + module + ".(*)..").should().beFreeOfCycles();
    }

    static ArchRule domainAndApplicationAvoidVagueNames(String root) {
        return noClasses().that().resideInAnyPackage(root + ".domain..", root + ".application..")
                .should().haveSimpleNameEndingWith("Impl")
                .orShould().haveSimpleNameEndingWith("Manager")
                .orShould().haveSimpleNameEndingWith("Helper")
                .orShould().haveSimpleNameEndingWith("Util")
                .orShould().haveSimpleNameEndingWith("Utils")
                .orShould().haveSimpleNameEndingWith("Dto")
                .because("STYLE.md §2: names say what a thing is");
    }
}
