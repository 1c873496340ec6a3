package dev.tributary.application.port.out;

import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.SourceName;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Remembers which batch id a producer's {@code Idempotency-Key} got (invariant 2): the same key for the same source
 * maps to the same batch id for the whole retention window, so a retry — seconds or days later — re-publishes the
 * first batch id and the ledger counts it once. Adapters only ever see the key's {@link KeyDigest}: a key can be
 * matched, never read back.
 */
public interface IdempotencyKeys {

    /**
     * Returns the batch id already remembered for this source and key, or remembers {@code candidate} and returns it.
     * Atomic per (source, key); the mapping is durable when this returns.
     */
    BatchId remember(SourceName source, KeyDigest key, BatchId candidate);

    /** The SHA-256 of a producer's key, as 64 lowercase hex digits: what is stored instead of the key. */
    record KeyDigest(String hex) {
        private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

        public KeyDigest {
            Objects.requireNonNull(hex, "hex");
            if (!SHA256_HEX.matcher(hex).matches()) {
                throw new IllegalArgumentException("not a SHA-256 hex digest: " + hex.length() + " characters");
            }
        }

        public static KeyDigest of(String key) {
            try {
                return new KeyDigest(HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every JVM", e);
            }
        }

        @Override
        public String toString() {
            return "KeyDigest[" + hex.substring(0, 8) + "…]";
        }
    }
}
