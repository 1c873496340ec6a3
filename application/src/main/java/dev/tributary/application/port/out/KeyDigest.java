package dev.tributary.application.port.out;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SHA-256 of a secret a caller presents (a producer's Idempotency-Key, an API key), as 64 lowercase hex digits:
 * what is stored and compared instead of the secret, so an adapter can match it but never read it back.
 */
public record KeyDigest(String hex) {
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
