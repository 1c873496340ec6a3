package dev.tributary.adapters.formats.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tributary.application.refusal.MalformedBatchException;
import dev.tributary.domain.source.FieldSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The NDJSON the transformed and quarantine zones share: one object per line written by {@link #ndjson}, read back
 * by {@link #forEachObject} (flat objects of scalars whose only nested value is a string-valued object), and the
 * strict UTF-8 decoding every text reader here uses.
 */
final class ZoneNdjson {
    private final JsonFactory json;

    ZoneNdjson(JsonFactory json) {
        this.json = json;
    }

    JsonFactory json() {
        return json;
    }

    <T> byte[] ndjson(List<T> items, BiConsumer<JsonGenerator, T> members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.setRootValueSeparator(null);
            for (T item : items) {
                g.writeStartObject();
                members.accept(g, item);
                g.writeEndObject();
                g.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One member of a zone object: the scalar's token and exact text, or the string members of a nested object. */
    record Member(JsonToken token, String text, Map<String, String> raw) {
        int asInt(int line, String name) {
            try {
                if (token == JsonToken.VALUE_NUMBER_INT) {
                    return Integer.parseInt(text);
                }
            } catch (NumberFormatException tooBig) {
                // reported below
            }
            throw new MalformedBatchException("line " + line + ": expected '" + name + "' to be a whole number");
        }

        Object typed(int line, FieldSpec field) {
            try {
                Object value = switch (field.type()) {
                    case STRING -> token == JsonToken.VALUE_STRING ? text : null;
                    case INTEGER -> token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_STRING
                            ? Long.parseLong(text) : null;
                    case DECIMAL -> token.isNumeric() || token == JsonToken.VALUE_STRING ? new BigDecimal(text) : null;
                    case BOOLEAN -> token.isBoolean() ? token == JsonToken.VALUE_TRUE : null;
                    case TIMESTAMP -> token == JsonToken.VALUE_STRING ? Instant.parse(text) : null;
                };
                if (value != null) {
                    return value;
                }
            } catch (NumberFormatException | DateTimeException notTyped) {
                // reported below
            }
            throw new MalformedBatchException("line " + line + ": expected field '" + field.name() + "' to hold a "
                    + field.type().name().toLowerCase(Locale.ROOT));
        }
    }

    interface ObjectVisitor {
        void visit(int line, Map<String, Member> members);
    }

    /** Reads zone NDJSON: one flat object per non-blank line, whose only nested value is a string-valued object. */
    void forEachObject(byte[] ndjson, ObjectVisitor visitor) {
        int line = 0;
        for (String text : JsonRecords.lines(utf8(ndjson))) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            try (JsonParser p = json.createParser(text)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new MalformedBatchException("line " + line + ": expected a JSON object");
                }
                Map<String, Member> members = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if (t == JsonToken.START_OBJECT) {
                        Map<String, String> nested = new LinkedHashMap<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String key = p.currentName();
                            if (p.nextToken() != JsonToken.VALUE_STRING) {
                                throw new MalformedBatchException("line " + line + ": expected '" + name
                                        + "' to hold only strings");
                            }
                            nested.put(key, p.getText());
                        }
                        members.put(name, new Member(t, null, nested));
                    } else if (t == JsonToken.START_ARRAY) {
                        throw new MalformedBatchException("line " + line + ": expected no arrays");
                    } else if (t != JsonToken.VALUE_NULL) {
                        members.put(name, new Member(t, p.getText(), Map.of()));
                    }
                }
                visitor.visit(line, members);
            } catch (JsonProcessingException e) {
                throw new MalformedBatchException("line " + line + ": not valid JSON");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Strict UTF-8: a malformed byte sequence is reported, not silently replaced. */
    static String utf8(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            buffer.position(3);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buffer).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedBatchException("the body is not valid UTF-8");
        }
    }
}
