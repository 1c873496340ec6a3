package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Positive;

/** Limits of one post to the ingest API. */
@ConfigurationProperties("tributary.ingest")
public record IngestProperties(@Positive int maxBatchBytes, @Positive int maxRecords) {
}
