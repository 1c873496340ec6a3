package dev.tributary.adapters.formats.codec;

import dev.tributary.application.refusal.MalformedBatchException;
import dev.tributary.domain.batch.Utf8;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.rules.CleaningOutcome;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.Format;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import dev.tributary.domain.source.TimestampFormat;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The {@link RecordCodec} of every deployment, on Jackson.
 * <ul>
 *   <li>Input (UTF-8, a leading BOM is ignored; an empty body is malformed): JSON is one object or an array of
 *   objects, NDJSON one object per non-blank line, CSV a header row then RFC 4180 rows. Nested objects flatten to
 *   dotted names, arrays keep their JSON text, numbers keep the producer's text, null and empty CSV cells are
 *   absent.</li>
 *   <li>Transformed zone: NDJSON, one object per clean record, {@code _position} first, decimals as strings (so
 *   the scale survives any reader), timestamps as ISO-8601 instants.</li>
 *   <li>Quarantine zone: NDJSON, one object per rejected record with source, batch id, 0-based position, 1-based
 *   record number, field (null for whole-record reasons), reason and the raw values.</li>
 * </ul>
 * Every decode failure is a {@link MalformedBatchException} naming the line or record, never its content.
 */
public final class JacksonRecordCodec implements RecordCodec {
    static final String POSITION = "_position";

    private final JsonFactory json = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final JsonRecords jsonRecords = new JsonRecords(json);
    private final CsvRecords csvRecords = new CsvRecords(new CsvFactory());

    /**
     * JSON and NDJSON are read straight from the bytes when they are well-formed UTF-8 and plainly valid; otherwise,
     * and for CSV, by {@link #decodeText}, which names the line or record of every error.
     */
    @Override
    public List<RawRecord> decode(Format format, byte[] payload) {
        if (isJson(format) && Utf8.isWellFormed(payload)) {
            List<RawRecord> records = jsonRecords.readPlain(format, payload);
            if (records != null) {
                return records;
            }
        }
        return decodeText(format, payload);
    }

    /** As {@link #decode}, skipping the values of members that are not among {@code inputs}. */
    @Override
    public List<RawRecord> decode(Format format, byte[] payload, Set<String> inputs) {
        if (isJson(format) && Utf8.isWellFormed(payload)) {
            List<RawRecord> records = jsonRecords.readPlain(format, payload, inputs);
            if (records != null) {
                return records;
            }
        }
        return decodeText(format, payload);
    }

    /** The reference reader: the body decoded to text, NDJSON line by line; what {@link #decode} must agree with. */
    List<RawRecord> decodeText(Format format, byte[] payload) {
        String text = utf8(payload);
        if (text.isBlank()) {
            throw new MalformedBatchException("the body is empty, expected at least a " + format.extension()
                    + (format == Format.CSV ? " header row" : " object"));
        }
        return switch (format) {
            case JSON -> jsonRecords.readJson(text);
            case NDJSON -> jsonRecords.readNdjson(text);
            case CSV -> csvRecords.read(text);
            case PARQUET -> throw new IllegalArgumentException("parquet is not an input format");
        };
    }

    @Override
    public byte[] encodeRaw(Format format, List<RawRecord> records) {
        return switch (format) {
            case NDJSON -> ndjson(records, (g, r) -> writeStrings(g, r.values()));
            case JSON -> jsonArray(records);
            case CSV -> csvRecords.write(records);
            case PARQUET -> throw new IllegalArgumentException("parquet is not an input format");
        };
    }

    /** Values as JSON strings under their (dotted) input names: decoding yields the same names and texts. */
    private static void writeStrings(JsonGenerator g, Map<String, String> values) {
        try {
            for (Map.Entry<String, String> e : values.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] jsonArray(List<RawRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartArray();
            for (RawRecord r : records) {
                g.writeStartObject();
                writeStrings(g, r.values());
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** As {@link #decode}: straight from the bytes where it can, else {@link #countText}. */
    @Override
    public int count(Format format, byte[] payload) {
        if (isJson(format) && Utf8.isWellFormed(payload)) {
            int count = jsonRecords.countPlain(format, payload);
            if (count >= 0) {
                return count;
            }
        }
        return countText(format, payload);
    }

    int countText(Format format, byte[] payload) {
        String text = utf8(payload);
        if (text.isBlank() || format == Format.CSV) {
            return decodeText(format, payload).size();
        }
        return format == Format.NDJSON ? jsonRecords.countNdjson(text) : jsonRecords.countJson(text);
    }

    @Override
    public byte[] encodeClean(List<CleanRecord> records) {
        char[] instant = new char[IsoInstants.MAX_LENGTH];
        return ndjson(records, (g, r) -> {
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
    @Override
    public List<CleanRecord> decodeClean(SourceDefinition source, byte[] ndjson) {
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
        List<CleanRecord> records = new ArrayList<>();
        forEachObject(ndjson, (line, members) -> {
            Map<String, Object> values = new LinkedHashMap<>();
            Integer position = null;
            for (Map.Entry<String, Member> m : members.entrySet()) {
                if (m.getKey().equals(POSITION)) {
                    position = m.getValue().asInt(line, POSITION);
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
     * Flat objects of scalars, each on a line of its own, with a whole-number {@code _position} and the event
     * time, every known field holding its type: the records, as {@link #decodeCleanText} reads them; else null.
     */
    private List<CleanRecord> readPlainClean(SourceDefinition source, byte[] ndjson) {
        Map<String, FieldSpec> fields = new HashMap<>();
        source.fields().forEach(f -> fields.put(f.name(), f));
        List<CleanRecord> records = new ArrayList<>();
        int lastLine = 0;
        try (JsonParser p = json.createParser(ndjson)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                int line = p.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT || line == lastLine) {
                    return null;
                }
                CleanRecord record = plainClean(p, source, fields);
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
    private static CleanRecord plainClean(JsonParser p, SourceDefinition source, Map<String, FieldSpec> fields)
            throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        int position = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
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

    /** As {@link Member#typed}, from the parser's current token; null where that throws. */
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

    @Override
    public byte[] encodeRejected(SourceName source, BatchId batch, List<CleaningOutcome.Rejected> rejected) {
        return ndjson(rejected, (g, r) -> {
            try {
                g.writeStringField("source", source.value());
                g.writeStringField("batch_id", batch.toString());
                g.writeNumberField("position", r.at().index());
                g.writeNumberField("record", r.at().index() + 1);
                g.writeStringField("field", r.field());
                g.writeStringField("reason", r.reason());
                g.writeObjectFieldStart("raw");
                for (Map.Entry<String, String> e : r.record().values().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public List<CleaningOutcome.Rejected> decodeRejected(byte[] ndjson) {
        List<CleaningOutcome.Rejected> rejected = new ArrayList<>();
        forEachObject(ndjson, (line, members) -> {
            Member position = members.get("position");
            Member reason = members.get("reason");
            if (position == null || reason == null) {
                throw new MalformedBatchException("line " + line + ": expected position and reason members");
            }
            RecordPosition at = new RecordPosition(position.asInt(line, "position"));
            Member field = members.get("field");
            Map<String, String> raw = members.containsKey("raw") ? members.get("raw").raw : Map.of();
            rejected.add(new CleaningOutcome.Rejected(at, field == null ? null : field.text, reason.text,
                    new RawRecord(at, raw)));
        });
        return rejected;
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
        } else {
            throw new IllegalArgumentException("clean records hold String, Long, BigDecimal, Boolean or Instant, not "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
    }

    private <T> byte[] ndjson(List<T> items, BiConsumer<JsonGenerator, T> members) {
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
    private record Member(JsonToken token, String text, Map<String, String> raw) {
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

    private interface ObjectVisitor {
        void visit(int line, Map<String, Member> members);
    }

    /** Reads zone NDJSON: one flat object per non-blank line, whose only nested value is a string-valued object. */
    private void forEachObject(byte[] ndjson, ObjectVisitor visitor) {
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

    private static boolean isJson(Format format) {
        return format == Format.JSON || format == Format.NDJSON;
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
