package dev.tributary.bootstrap.config;

import dev.tributary.adapters.formats.catalog.YamlSourceCatalog;
import dev.tributary.adapters.formats.codec.JacksonRecordCodec;
import dev.tributary.adapters.formats.codec.ParquetStagedCodec;
import dev.tributary.adapters.formats.UuidV7BatchIds;
import dev.tributary.application.port.out.BatchIds;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.port.out.StagedCodec;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Clock;

/** What every deployment shares: the clock, batch ids, codecs and the source catalog. */
@Factory
class CoreFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    BatchIds batchIds(Clock clock) {
        return new UuidV7BatchIds(clock);
    }

    @Singleton
    RecordCodec recordCodec() {
        return new JacksonRecordCodec();
    }

    @Singleton
    StagedCodec stagedCodec() {
        return new ParquetStagedCodec();
    }

    @Singleton
    SourceCatalog sourceCatalog(SourcesProperties properties) {
        Path directory = properties.directory() == null || properties.directory().toString().isBlank() ? null
                : properties.directory();
        if (directory == null) {
            if (!properties.includeSamples()) {
                throw new IllegalStateException("no sources: set tributary.sources.directory or include the samples");
            }
            return YamlSourceCatalog.shipped();
        }
        return properties.includeSamples() ? YamlSourceCatalog.shippedAnd(directory)
                : YamlSourceCatalog.fromDirectory(directory);
    }
}
