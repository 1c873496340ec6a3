package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

/**
 * How fast each source may post ({@code ratePerSecond} on average, bursts of {@code rateBurst}; more is a 429),
 * limits of one post to the ingest API, how long an Idempotency-Key keeps mapping to its first batch id, and how small
 * posts are grouped into one batch: a group is published when it holds {@code groupMaxRecords} records or
 * {@code groupMaxBytes} bytes, or {@code groupMaxWait} after its first post (zero: no grouping), and with
 * {@code groupEager} as soon as the source's previous group is durable.
 */
@ConfigurationProperties("tributary.ingest")
public record IngestProperties(@Positive double ratePerSecond, @Positive int rateBurst,
                               @Positive int maxBatchBytes, @Positive int maxRecords,
                               @NotNull Duration idempotencyRetention, @NotNull Duration groupMaxWait,
                               @Positive int groupMaxRecords, @Positive int groupMaxBytes, boolean groupEager) {
}
