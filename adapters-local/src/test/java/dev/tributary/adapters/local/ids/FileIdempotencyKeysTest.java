package dev.tributary.adapters.local.ids;

import dev.tributary.application.port.out.KeyDigest;
import dev.tributary.application.port.out.IdempotencyKeys;
import dev.tributary.application.port.out.IdempotencyKeysContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileIdempotencyKeysTest extends IdempotencyKeysContract {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    @TempDir
    Path dir;
    private final List<FileIdempotencyKeys> opened = new ArrayList<>();

    @Override
    protected IdempotencyKeys newKeys() {
        return open(Clock.fixed(T0, ZoneOffset.UTC));
    }

    private FileIdempotencyKeys open(Clock clock) {
        FileIdempotencyKeys keys = new FileIdempotencyKeys(dir.resolve("keys.log"), Duration.ofDays(7), clock);
        opened.add(keys);
        return keys;
    }

    @AfterEach
    void close() {
        opened.forEach(FileIdempotencyKeys::close);
    }

    @Test
    void aRetryAfterARestartGetsTheFirstBatchId() {
        open(Clock.fixed(T0, ZoneOffset.UTC)).remember(ORDERS, KeyDigest.of("order-42"), id(1));

        FileIdempotencyKeys reopened = open(Clock.fixed(T0.plus(Duration.ofDays(6)), ZoneOffset.UTC));

        assertThat(reopened.remember(ORDERS, KeyDigest.of("order-42"), id(2))).isEqualTo(id(1));
    }

    @Test
    void keysOlderThanTheRetentionWindowAreForgotten() {
        open(Clock.fixed(T0, ZoneOffset.UTC)).remember(ORDERS, KeyDigest.of("order-42"), id(1));

        FileIdempotencyKeys reopened = open(Clock.fixed(T0.plus(Duration.ofDays(8)), ZoneOffset.UTC));

        assertThat(reopened.remember(ORDERS, KeyDigest.of("order-42"), id(2))).isEqualTo(id(2));
    }

    @Test
    void theFileHoldsHashesNotTheKeysAndSurvivesATornLastLine() throws IOException {
        open(Clock.fixed(T0, ZoneOffset.UTC)).remember(ORDERS, KeyDigest.of("secret-order-key"), id(1));
        Files.writeString(dir.resolve("keys.log"), "17955144", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);

        FileIdempotencyKeys reopened = open(Clock.fixed(T0, ZoneOffset.UTC));

        assertThat(Files.readString(dir.resolve("keys.log"))).doesNotContain("secret-order-key");
        assertThat(reopened.remember(ORDERS, KeyDigest.of("secret-order-key"), id(2))).isEqualTo(id(1));
    }
}
