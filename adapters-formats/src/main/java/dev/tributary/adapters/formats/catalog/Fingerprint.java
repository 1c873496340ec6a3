package dev.tributary.adapters.formats.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tributary.domain.source.DefinitionVersion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A source file's {@link DefinitionVersion}: its YAML tree as canonical JSON (object keys sorted, no whitespace), and
 * the first 48 bits of that text's SHA-256. Comments, key order and layout do not change it; any value does.
 */
final class Fingerprint {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private Fingerprint() {
    }

    static DefinitionVersion of(JsonNode root) {
        try {
            // a tree's objects are not maps: go through Object so the sorting feature applies at every level
            String canonical = CANONICAL.writeValueAsString(CANONICAL.treeToValue(root, Object.class));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return new DefinitionVersion(HexFormat.of().formatHex(digest, 0, 6), canonical);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed YAML tree could not be written as JSON", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
