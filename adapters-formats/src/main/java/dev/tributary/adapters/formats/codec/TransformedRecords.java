package dev.tributary.adapters.formats.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tributary.application.refusal.MalformedBatchException;
import dev.tributary.domain.batch.Utf8;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.TimestampFormat;
import dev.tributary.domain.source.UnknownFieldPolicy;
import dev.tributary.domain.rules.StagedSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transformed zone: NDJSON, one object per clean record, {@code _position} first, decimals as strings (so the
 * scale survives any reader), timestamps as ISO-8601 instants; a {@code keep} source's undeclared fields as the object
 * {@code _unknown_fields} of input name to text.
 */
final class TransformedRecords {
    static final String POSITION = "_position";

    /** The zone's parser settings without duplicate detection: the fast reader finds them with {@link MemberNames}. */
    private final JsonFactory plain;
    private final ZoneNdjson zone;

    TransformedRecords(ZoneNdjson zone) {
        this.plain = MemberNames.without(zone.json());
        this.zone = zone;
    }

    byte[] encodeClean(List<CleanRecord> records) {
        char[] instant = new char[IsoInstants.MAX_LENGTH];
        return zone.ndjson(records, (g, r) -> {
            try {
                g.writeNumberField(POSITION, r.position().index());
                for (Map.Entry<String, Object> e : r.values().entrySet()) {
                    g.writeFieldName(e.getKey());
                    writeTyped(g, e.getValue(), instant);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Reads what {@link #encodeClean} writes straight from the bytes, through one parser over the object; anything
     * else it might hold (an error, a line it did not write) goes to {@link #decodeCleanText}, which names the line.
     */
    List<CleanRecord> decodeClean(SourceDefinition source, byte[] ndjson) {
        if (JsonRecords.autodetectsAsUtf8(ndjson) && Utf8.isWellFormed(ndjson)) {
            List<CleanRecord> records = readPlainClean(source, ndjson);
            if (records != null) {
                return records;
            }
        }
        return decodeCleanText(source, ndjson);
    }

    /** The reference reader of the transformed zone, line by line; what {@link #decodeClean} must agree with. */
    List<CleanRecord> decodeCleanText(SourceDefinition source, byte[] ndjson) {
        boolean keeps = source.unknownFields() == UnknownFieldPolicy.KEEP;
        List<CleanRecord> records = new ArrayList<>();
        zone.forEachObject(ndjson, (line, members) -> {
            Map<String, Object> values = new LinkedHashMap<>();
            Integer position = null;
            for (Map.Entry<String, ZoneNdjson.Member> m : members.entrySet()) {
                if (m.getKey().equals(POSITION)) {
                    position = m.getValue().asInt(line, POSITION);
                    continue;
                }
                if (m.getKey().equals(StagedSchema.UNKNOWN_FIELDS_COLUMN)) {
                    if (keeps && !m.getValue().raw().isEmpty()) {
                        values.put(StagedSchema.UNKNOWN_FIELDS_COLUMN, m.getValue().raw());
                    }
                    continue;
                }
                // A field dropped from the source since this object was written is skipped, not an error.
                source.field(m.getKey()).ifPresent(f -> values.put(f.name(), m.getValue().typed(line, f)));
            }
            if (position == null) {
                throw new MalformedBatchException("line " + line + ": expected a " + POSITION + " member");
            }
            Object eventTime = values.get(source.eventTimeField());
            if (!(eventTime instanceof Instant at)) {
                throw new MalformedBatchException("line " + line + ": expected the event time field '"
                        + source.eventTimeField() + "'");
            }
            records.add(new CleanRecord(new RecordPosition(position), at, values));
        });
        return records;
    }

    /**
     * Flat objects of scalars (and a string-valued {@code _unknown_fields}), each on a line of its own, with a
     * whole-number {@code _position} and the event time, every known field holding its type: the records, as
     * {@link #decodeCleanText} reads them; else null.
     */
    private List<CleanRecord> readPlainClean(SourceDefinition source, byte[] ndjson) {
        Map<String, FieldSpec> fields = new HashMap<>();
        source.fields().forEach(f -> fields.put(f.name(), f));
        List<CleanRecord> records = new ArrayList<>();
        int lastLine = 0;
        MemberNames names = new MemberNames();
        try (JsonParser p = plain.createParser(ndjson)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                int line = p.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT || line == lastLine) {
                    return null;
                }
                CleanRecord record = plainClean(p, source, fields, names);
                lastLine = p.currentTokenLocation().getLineNr();
                if (record == null || lastLine != line) {
                    return null;
                }
                records.add(record);
            }
        } catch (JsonProcessingException | NumberFormatException | ArithmeticException | DateTimeException notPlain) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    /** One object, read up to its END_OBJECT; null where {@link #decodeCleanText} would fail or read otherwise. */
    private static CleanRecord plainClean(JsonParser p, SourceDefinition source, Map<String, FieldSpec> fields,
                                          MemberNames names) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        int position = -1;
        MemberNames.Level seen = names.object(p);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (!seen.add(name)) {
                return null;
            }
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT && name.equals(StagedSchema.UNKNOWN_FIELDS_COLUMN)) {
                // most records of a keep source carry one: the text reader took 5-8x as long over such objects
                Map<String, String> kept = texts(p, names);
                if (kept == null) {
                    return null;
                }
                if (source.unknownFields() == UnknownFieldPolicy.KEEP && !kept.isEmpty()) {
                    values.put(name, java.util.Collections.unmodifiableMap(kept));   // as the transform holds it
                }
                continue;
            }
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                return null;
            }
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            if (name.equals(POSITION)) {
                if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                    return null;
                }
                position = p.getIntValue();
                continue;
            }
            FieldSpec field = fields.get(name);
            if (field != null) {
                Object value = plainTyped(p, t, field);
                if (value == null) {
                    return null;
                }
                values.put(field.name(), value);
            }
        }
        if (position < 0 || !(values.get(source.eventTimeField()) instanceof Instant at)) {
            return null;
        }
        return CleanRecord.owning(new RecordPosition(position), at, values);
    }

    /** The string members of the object the parser stands at, read up to its END_OBJECT; null if one is not. */
    private static Map<String, String> texts(JsonParser p, MemberNames names) throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        MemberNames.Level seen = names.object(p);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (!seen.add(name) || p.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            texts.put(name, p.getText());
        }
        return texts;
    }

    /** As {@link ZoneNdjson.Member#typed}, from the parser's current token; null where that throws. */
    private static Object plainTyped(JsonParser p, JsonToken t, FieldSpec field) throws IOException {
        return switch (field.type()) {
            case STRING -> t == JsonToken.VALUE_STRING ? p.getText() : null;
            case INTEGER -> t == JsonToken.VALUE_NUMBER_INT ? (Object) p.getLongValue()
                    : t == JsonToken.VALUE_STRING ? (Object) Long.parseLong(p.getText()) : null;
            case DECIMAL -> t.isNumeric() || t == JsonToken.VALUE_STRING
                    ? new BigDecimal(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()) : null;
            case BOOLEAN -> t.isBoolean() ? (Object) (t == JsonToken.VALUE_TRUE) : null;
            case TIMESTAMP -> t == JsonToken.VALUE_STRING ? instant(p.getText()) : null;
        };
    }

    private static Instant instant(String text) {
        Instant plain = TimestampFormat.parsePlainUtc(text);
        return plain != null ? plain : Instant.parse(text);
    }

    private static void writeTyped(JsonGenerator g, Object value, char[] instant) throws IOException {
        if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof BigDecimal d) {
            g.writeString(d.toPlainString());
        } else if (value instanceof Instant i) {
            int length = IsoInstants.write(i, instant);
            if (length < 0) {
                g.writeString(i.toString());
            } else {
                g.writeString(instant, 0, length);
            }
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Map<?, ?> undeclared) {   // a keep source's _unknown_fields: name to text
            g.writeStartObject();
            for (Map.Entry<?, ?> e : undeclared.entrySet()) {
                g.writeStringField((String) e.getKey(), (String) e.getValue());
            }
            g.writeEndObject();
        } else {
            throw new IllegalArgumentException("clean records hold String, Long, BigDecimal, Boolean or Instant, not "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
    }
}
