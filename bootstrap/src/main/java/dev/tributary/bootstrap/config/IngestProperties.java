package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

/** Limits of one post to the ingest API, and how long an Idempotency-Key keeps mapping to its first batch id. */
@ConfigurationProperties("tributary.ingest")
public record IngestProperties(@Positive int maxBatchBytes, @Positive int maxRecords,
                               @NotNull Duration idempotencyRetention) {
}
