package dev.tributary.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The stack as the tests synthesize it: {@code cdk.json}'s context (as {@code cdk synth} passes it: the feature flags
 * decide, for instance, whether access logs are granted by bucket policy or ACL), the shipped sizing and sources, the
 * test access keys, a fixed account and region. Shared by {@link TributaryStackTest} and the twin.
 */
public final class TestStacks {
    public static final Path SIZING = Path.of("sizing.yml");
    /** The access keys' digests the tests pass as {@code -c accessKeys=…} would. */
    public static final Path ACCESS_KEYS = Path.of("src/test/resources/access-keys.txt");
    public static final String REGION = "eu-central-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestStacks() {
    }

    /** The shipped sizing and sources, the test access keys and {@code jar}. */
    public static StackInputs inputs(Path jar) throws IOException {
        return StackInputs.read(SIZING, StackInputs.SHIPPED_SOURCES, Optional.empty(), jar, ACCESS_KEYS,
                workDir("synth"));
    }

    /** The stack {@code Tributary} of {@code inputs}, its assembly written under target/{@code outdir}. */
    public static TributaryStack stack(String outdir, StackInputs inputs) throws IOException {
        return new TributaryStack(app(outdir), "Tributary", props(), inputs, Path.of("Dockerfile"));
    }

    /** An app with cdk.json's context, writing its assembly under target/. */
    @SuppressWarnings("unchecked")
    static App app(String outdir) throws IOException {
        Map<String, Object> context = (Map<String, Object>) JSON.readValue(Path.of("cdk.json").toFile(), Map.class)
                .get("context");
        return App.Builder.create().context(context).outdir(workDir(outdir).toString()).build();
    }

    static StackProps props() {
        return StackProps.builder().env(Environment.builder().account("123456789012").region(REGION).build())
                .build();
    }

    /** The shaded jar, as the reactor build packages it before this module. */
    public static Path shadedJar() {
        return TributaryApp.DEFAULT_JAR;
    }

    /** The shaded jar when bootstrap was packaged (the reactor build), else a clearly named stand-in. */
    static Path jarOrPlaceholder() throws IOException {
        Path shaded = shadedJar();
        if (Files.isRegularFile(shaded)) {
            return shaded;
        }
        Path placeholder = workDir("placeholder").resolve("placeholder-not-the-shaded-jar.jar");
        if (!Files.exists(placeholder)) {
            try (OutputStream out = Files.newOutputStream(placeholder);
                 ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("PLACEHOLDER.txt"));
                zip.write("bootstrap/target/tributary.jar was not built; template tests only".getBytes());
                zip.closeEntry();
            }
        }
        return placeholder;
    }

    public static Path workDir(String name) throws IOException {
        return Files.createDirectories(Path.of("target", name));
    }
}
