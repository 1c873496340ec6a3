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

    static ArchRule localAdaptersIgnoreAwsAndBootstrap(String root) {
        return noClasses().that().resideInAPackage(root + ".adapters.local..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".adapters.aws..", root + ".bootstrap..")
                .because("adapters depend only inward");
    }

    static ArchRule awsAdaptersIgnoreLocalAndBootstrap(String root) {
        return noClasses().that().resideInAPackage(root + ".adapters.aws..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".adapters.local..", root + ".bootstrap..")
                .because("adapters depend only inward");
    }

    /** Micronaut stays in bootstrap (and the AWS adapters, whose Lambda handlers come from micronaut-aws). */
    static ArchRule micronautOnlyInBootstrapAndAws(String root) {
        return noClasses().that().resideInAnyPackage(root + ".domain..", root + ".application..", root + ".adapters.local..")
                .should().dependOnClassesThat().resideInAPackage("io.micronaut..")
                .because("only bootstrap wires the application with Micronaut");
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
