package dev.tributary.deploy;

import dev.tributary.adapters.formats.catalog.SourceText;
import dev.tributary.adapters.formats.catalog.YamlSourceCatalog;
import dev.tributary.domain.access.AccessKeyList;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.SourceDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the stack is generated from, all outside of code: the sizing file, the source YAML (the 12 shipped ones plus
 * an optional directory of the user's own, read by the same {@link YamlSourceCatalog} the services use, so a source
 * the services would refuse fails the synth too), the shaded jar that is both the Lambda code and the image, and the
 * first access keys.
 *
 * @param accessKeys the access-keys secret's first value: {@link AccessKeyList}'s text, SHA-256 digests and grants
 *                   only (the lines {@code tributary keys create --for-secret} prints), never a key
 * @param workDir    where the Docker build context is assembled (under {@code deploy/target})
 */
public record StackInputs(Sizing sizing, List<SourceDefinition> sources, Path jar, Optional<Path> extraSources,
                          String accessKeys, Path workDir) {
    /** The shipped sources, relative to {@code deploy/}. */
    public static final Path SHIPPED_SOURCES = Path.of("..", "bootstrap", "src", "main", "resources", "sources");

    public StackInputs {
        Objects.requireNonNull(sizing, "sizing");
        sources = List.copyOf(sources);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no jar at " + jar.toAbsolutePath()
                    + ": build it first with ./mvnw -B -pl deploy -am package -DskipTests");
        }
        Objects.requireNonNull(extraSources, "extraSources");
        checkAccessKeys(accessKeys);
        Objects.requireNonNull(workDir, "workDir");
    }

    /**
     * Reads the sizing file, the sources (the shipped folder plus {@code extraSources}, when given) and the access
     * keys' digests.
     */
    public static StackInputs read(Path sizingFile, Path shippedSources, Optional<Path> extraSources, Path jar,
                                   Path accessKeysFile, Path workDir) {
        List<SourceText> texts = new ArrayList<>(SourceText.readDirectory(shippedSources));
        extraSources.ifPresent(dir -> texts.addAll(SourceText.readDirectory(dir)));
        return new StackInputs(Sizing.load(sizingFile), new YamlSourceCatalog(texts).all(), jar, extraSources,
                readAccessKeys(accessKeysFile), workDir);
    }

    private static String readAccessKeys(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no access keys file at " + file.toAbsolutePath()
                    + ": write the lines `tributary keys create --for-secret` prints into it");
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the access keys file " + file, e);
        }
    }

    /**
     * The secret must parse as the services parse it, and hold an ingest and a read key: without one the ingest or
     * the client role refuses to start (bootstrap's AccessCheck), and the deployment would only show it as tasks
     * failing their start, over and over.
     */
    private static void checkAccessKeys(String text) {
        Objects.requireNonNull(text, "accessKeys");
        AccessKeyList keys;
        try {
            keys = AccessKeyList.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the access keys file is not a key list: " + e.getMessage(), e);
        }
        for (Right right : List.of(Right.INGEST, Right.READ)) {
            if (!keys.grants(right)) {
                throw new IllegalArgumentException("the access keys file holds no " + right.label() + " key, so the "
                        + (right == Right.INGEST ? "ingest" : "client") + " service would refuse to start: add one "
                        + "with `tributary keys create --right " + right.label() + " --for-secret`");
            }
        }
    }

    /**
     * The Docker build context: only the Dockerfile, the jar and the extra source YAML, because CDK stages the whole
     * directory into cdk.out and hashes it. Copies are refreshed when the jar changed.
     */
    Path imageContext(Path dockerfile) {
        Path dir = workDir.resolve("image");
        try {
            Files.createDirectories(dir);
            Files.copy(dockerfile, dir.resolve("Dockerfile"), StandardCopyOption.REPLACE_EXISTING);
            Path jarCopy = dir.resolve("tributary.jar");
            if (!Files.exists(jarCopy) || Files.size(jarCopy) != Files.size(jar)
                    || Files.getLastModifiedTime(jarCopy).compareTo(Files.getLastModifiedTime(jar)) < 0) {
                Files.copy(jar, jarCopy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
            copyExtraSources(dir.resolve("sources"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot assemble the image context in " + dir, e);
        }
    }

    /** A Lambda layer's content: the extra source YAML under {@code sources/}, which Lambda unpacks to /opt/sources. */
    Path sourcesLayer() {
        Path dir = workDir.resolve("layer");
        copyExtraSources(dir.resolve("sources"));
        return dir;
    }

    private void copyExtraSources(Path target) {
        try {
            Files.createDirectories(target);
            try (var old = Files.list(target)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            for (Path yaml : extraSourceFiles()) {
                Files.copy(yaml, target.resolve(yaml.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy source files to " + target, e);
        }
    }

    /** The user's source files (empty without an extra directory); shipped sources are inside the jar already. */
    List<Path> extraSourceFiles() {
        if (extraSources.isEmpty()) {
            return List.of();
        }
        try (var files = Files.list(extraSources.get())) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + extraSources.get(), e);
        }
    }
}
