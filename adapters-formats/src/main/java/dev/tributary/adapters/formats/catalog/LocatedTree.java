package dev.tributary.adapters.formats.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document as a Jackson tree plus, for every node (by JSON pointer), where it starts and the scalar's text
 * exactly as written. The text matters: YAML 1.1 reads {@code NO} (Norway) as false and {@code 1.50} as 1.5.
 */
final class LocatedTree {
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    private final JsonNode root;
    private final Map<JsonPointer, JsonLocation> locations;
    private final Map<JsonPointer, String> scalars;

    private LocatedTree(JsonNode root, Map<JsonPointer, JsonLocation> locations, Map<JsonPointer, String> scalars) {
        this.root = root;
        this.locations = locations;
        this.scalars = scalars;
    }

    /** Parses {@code yaml}; a syntax error comes out as a {@link JsonProcessingException} with its location. */
    static LocatedTree parse(String yaml) throws JsonProcessingException {
        Map<JsonPointer, JsonLocation> locations = new HashMap<>();
        Map<JsonPointer, String> scalars = new HashMap<>();
        try (JsonParser p = YAML.createParser(yaml)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                JsonStreamContext context = p.getParsingContext();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    context = context.getParent();
                }
                if (t.isStructEnd() || context == null) {
                    continue;
                }
                JsonPointer at = context.pathAsPointer();
                // A member's key comes first, so a block value is located at its key, where people look.
                locations.putIfAbsent(at, p.currentTokenLocation());
                if (t.isScalarValue()) {
                    scalars.put(at, p.getText());
                }
            }
            return new LocatedTree(MAPPER.readTree(yaml), locations, scalars);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode root() {
        return root;
    }

    /** Where the node at {@code at} (or, when unknown, its closest ancestor) starts; line 1 column 1 otherwise. */
    JsonLocation location(JsonPointer at) {
        for (JsonPointer p = at; p != null; p = p.head()) {
            JsonLocation location = locations.get(p);
            if (location != null) {
                return location;
            }
        }
        return locations.getOrDefault(JsonPointer.empty(), new JsonLocation(null, 0, 1, 1));
    }

    /** The scalar at {@code at} as written in the file. */
    String scalarText(JsonPointer at, JsonNode node) {
        return scalars.getOrDefault(at, node.asText());
    }
}
