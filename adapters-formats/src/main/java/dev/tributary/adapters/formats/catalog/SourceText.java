package dev.tributary.adapters.formats.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The text of one source file and where it came from (a path or a classpath resource), before it is read.
 * Classpath folders cannot be listed inside a jar, so a classpath folder names its files in {@value #INDEX}.
 */
public record SourceText(String origin, String yaml) {
    public static final String INDEX = "index.txt";

    public SourceText {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(yaml, "yaml");
    }

    public static SourceText read(Path file) {
        try {
            return new SourceText(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read source file " + file, e);
        }
    }

    /** Every {@code *.yml} and {@code *.yaml} file directly in {@code directory}, ordered by file name. */
    public static List<SourceText> readDirectory(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .map(SourceText::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list source directory " + directory, e);
        }
    }

    /**
     * The files a classpath folder lists in its {@value #INDEX} (one file name a line; blank lines and lines
     * starting with {@code #} are ignored).
     */
    public static List<SourceText> readClasspath(ClassLoader loader, String folder) {
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        List<SourceText> texts = new ArrayList<>();
        for (String line : resource(loader, prefix + INDEX).lines().toList()) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                texts.add(new SourceText("classpath:" + prefix + name, resource(loader, prefix + name)));
            }
        }
        return texts;
    }

    private static String resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + name, e);
        }
    }
}
