package dev.tributary.deploy;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The CDK app ({@code cdk.json} runs it from {@code deploy/}): one {@link TributaryStack}, checked by cdk-nag's
 * AwsSolutions pack at every synth. Context (cdk.json or {@code cdk synth -c key=value}): {@code sizing} (the sizing
 * file, default {@code sizing.yml}), {@code sources} (a directory of extra source YAML), {@code jar} (default the
 * shaded jar {@code ../bootstrap/target/tributary.jar}), {@code stackName} (default {@code Tributary}),
 * {@code region} and {@code account} (default: the CLI's profile, {@code CDK_DEFAULT_REGION} and {@code CDK_DEFAULT_ACCOUNT}),
 * and {@code accessKeys} (required: a file of access-key digests, the access-keys secret's first value).
 */
public final class TributaryApp {
    static final Path DEFAULT_JAR = Path.of("..", "bootstrap", "target", "tributary.jar");

    private TributaryApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        // no default on purpose: the services are closed by default (invariant 9), a stack without keys would only
        // deploy services that refuse to start
        Path accessKeys = context(app, "accessKeys").map(Path::of).orElseThrow(() -> new IllegalStateException(
                "The stack needs the first access keys: pass -c accessKeys=path/to/access-keys.txt, a file of the "
                        + "'line for the secret' lines that `tributary keys create --right ingest --source <name> "
                        + "--for-secret` and `tributary keys create --right read --for-secret` print (digests only, "
                        + "see deploy/README.md)"));
        StackInputs inputs = StackInputs.read(Path.of(context(app, "sizing").orElse("sizing.yml")),
                StackInputs.SHIPPED_SOURCES, context(app, "sources").map(Path::of),
                Path.of(context(app, "jar").orElse(DEFAULT_JAR.toString())), accessKeys, Path.of("target"));
        String region = context(app, "region").or(() -> Optional.ofNullable(System.getenv("CDK_DEFAULT_REGION")))
                .orElseThrow(() -> new IllegalStateException("The stack needs a region (the load balancer's access "
                        + "logs are bound to one): configure an AWS profile with a region, or pass -c region=<region>"));
        String account = context(app, "account").orElse(System.getenv("CDK_DEFAULT_ACCOUNT"));
        new TributaryStack(app, context(app, "stackName").orElse("Tributary"), StackProps.builder()
                .env(Environment.builder().account(account).region(region).build())
                .description("Tributary data-lake ingestion pipeline (deploy/, issue 12)").build(),
                inputs, Path.of("Dockerfile"));
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        app.synth();
    }

    private static Optional<String> context(App app, String key) {
        Object value = app.getNode().tryGetContext(key);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString());
    }
}
