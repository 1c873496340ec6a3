package dev.tributary.adapters.formats.catalog;

import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@link SourceCatalog} read from source YAML files (one source per file, see {@link SourceFileValidator} for
 * the shape): a directory, the shipped classpath folder {@value #SHIPPED_FOLDER}, or both. Reads everything once,
 * at construction, and refuses to start with any problem in any file ({@link InvalidSourcesException} lists them
 * all); immutable afterwards.
 */
public final class YamlSourceCatalog implements SourceCatalog {
    public static final String SHIPPED_FOLDER = "sources";
    private static final Logger LOG = LoggerFactory.getLogger(YamlSourceCatalog.class);

    private final Map<SourceName, SourceDefinition> sources = new TreeMap<>();
    private final Map<SourceName, DefinitionVersion> versions;

    /** @throws InvalidSourcesException listing every problem, when any file has one */
    public YamlSourceCatalog(List<SourceText> files) {
        SourceFileValidator.Checked checked = new SourceFileValidator().check(files);
        if (!checked.problems().isEmpty()) {
            throw new InvalidSourcesException(checked.problems());
        }
        checked.sources().forEach(s -> sources.put(s.name(), s));
        versions = checked.versions();
    }

    /** The sources shipped in the jar, listed by {@code sources/index.txt}. */
    public static YamlSourceCatalog shipped() {
        return new YamlSourceCatalog(SourceText.readClasspath(YamlSourceCatalog.class.getClassLoader(), SHIPPED_FOLDER));
    }

    /** The {@code *.yml} files of {@code directory}. */
    public static YamlSourceCatalog fromDirectory(Path directory) {
        return new YamlSourceCatalog(SourceText.readDirectory(directory));
    }

    /**
     * The shipped sources plus those of {@code directory}. A file there that names a shipped source replaces it, so
     * a sample's rules change without rebuilding the jar (copy its file, edit, restart); any other name or table
     * used twice is a problem.
     */
    public static YamlSourceCatalog shippedAnd(Path directory) {
        return classpathAnd(YamlSourceCatalog.class.getClassLoader(), SHIPPED_FOLDER, directory);
    }

    /** {@link #shippedAnd(Path)} with the files a classpath folder's index lists as the shipped ones. */
    static YamlSourceCatalog classpathAnd(ClassLoader loader, String folder, Path directory) {
        List<SourceText> own = SourceText.readDirectory(directory);
        Set<String> ownNames = own.stream().map(SourceFileValidator::declaredName).flatMap(Optional::stream)
                .collect(Collectors.toSet());
        List<SourceText> files = new ArrayList<>();
        for (SourceText shipped : SourceText.readClasspath(loader, folder)) {
            Optional<String> name = SourceFileValidator.declaredName(shipped).filter(ownNames::contains);
            if (name.isPresent()) {
                LOG.atInfo().addKeyValue("source", name.get()).addKeyValue("directory", directory)
                        .log("shipped source replaced by the directory's file");
            } else {
                files.add(shipped);
            }
        }
        files.addAll(own);
        return new YamlSourceCatalog(files);
    }

    @Override
    public List<SourceDefinition> all() {
        return sources.values().stream().sorted(Comparator.comparing(SourceDefinition::name)).toList();
    }

    @Override
    public Optional<SourceDefinition> find(SourceName name) {
        return Optional.ofNullable(sources.get(name));
    }

    @Override
    public Optional<DefinitionVersion> version(SourceName name) {
        return Optional.ofNullable(versions.get(name));
    }

    @Override
    public boolean cleansAlike(SourceName name, DefinitionVersion earlier) {
        return version(name).map(now -> now.id().equals(earlier.id()) || DefinitionDiff.between(earlier.canonical(),
                now.canonical()).scope() != DefinitionDiff.Scope.EVERYTHING).orElse(false);
    }
}
