package dev.tributary.deploy;

import dev.tributary.adapters.formats.catalog.SourceText;
import dev.tributary.adapters.formats.catalog.YamlSourceCatalog;
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
 * the services would refuse fails the synth too) and the shaded jar that is both the Lambda code and the image.
 *
 * @param workDir where the Docker build context is assembled (under {@code deploy/target})
 */
public record StackInputs(Sizing sizing, List<SourceDefinition> sources, Path jar, Optional<Path> extraSources,
                          Path workDir) {
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
        Objects.requireNonNull(workDir, "workDir");
    }

    /** Reads the sizing file and the sources: the shipped folder plus {@code extraSources}, when given. */
    public static StackInputs read(Path sizingFile, Path shippedSources, Optional<Path> extraSources, Path jar,
                                   Path workDir) {
        List<SourceText> texts = new ArrayList<>(SourceText.readDirectory(shippedSources));
        extraSources.ifPresent(dir -> texts.addAll(SourceText.readDirectory(dir)));
        return new StackInputs(Sizing.load(sizingFile), new YamlSourceCatalog(texts).all(), jar, extraSources, workDir);
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
