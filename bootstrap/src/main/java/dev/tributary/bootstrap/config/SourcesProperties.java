package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;

/**
 * Where source definitions come from: the 12 shipped sources on the classpath (unless {@code includeSamples} is
 * false) plus every {@code *.yml} in {@code directory}, when set.
 */
@ConfigurationProperties("tributary.sources")
public record SourcesProperties(@Nullable Path directory, boolean includeSamples) {
}
