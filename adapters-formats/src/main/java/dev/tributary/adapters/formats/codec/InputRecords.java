package dev.tributary.adapters.formats.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import dev.tributary.application.refusal.MalformedBatchException;
import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.domain.batch.Utf8;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.source.InputFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What producers post (UTF-8, a leading BOM is ignored; an empty body is malformed): JSON is one object or an array
 * of objects, NDJSON one object per non-blank line, CSV a header row then RFC 4180 rows. Nested objects flatten to
 * dotted names, arrays keep their JSON text, numbers keep the producer's text, null and empty CSV cells are absent.
 * Written back by {@link #encodeRaw} to redrive quarantine.
 */
final class InputRecords {
    private final JsonFactory json;
    private final ZoneNdjson zone;
    private final JsonRecords jsonRecords;
    private final CsvRecords csvRecords = new CsvRecords(new CsvFactory());

    InputRecords(ZoneNdjson zone) {
        this.json = zone.json();
        this.zone = zone;
        this.jsonRecords = new JsonRecords(json);
    }

    /**
     * JSON and NDJSON are read straight from the bytes when they are well-formed UTF-8 and plainly valid; otherwise,
     * and for CSV, by {@link #decodeText}, which names the line or record of every error.
     */
    List<RawRecord> decode(InputFormat format, byte[] payload) {
        if (isJson(format) && Utf8.isWellFormed(payload)) {
            List<RawRecord> records = jsonRecords.readPlain(format, payload);
            if (records != null) {
                return records;
            }
        }
        return decodeText(format, payload);
    }

    /** As {@link #decode}, skipping the values of members that are not among {@code inputs}. */
    List<RawRecord> decode(InputFormat format, byte[] payload, Set<String> inputs) {
        if (isJson(format) && Utf8.isWellFormed(payload)) {
            List<RawRecord> records = jsonRecords.readPlain(format, payload, inputs);
            if (records != null) {
                return records;
            }
        }
        return decodeText(format, payload);
    }

    /** As {@link #decode(InputFormat, byte[], Set)}, with the names no input reads counted per record. */
    RecordCodec.Decoded decodeCounting(InputFormat format, byte[] payload, Set<String> inputs) {
        if (isJson(format) && Utf8.isWellFormed(payload)) {
            Map<String, Integer> undeclared = new HashMap<>();
            List<RawRecord> records = jsonRecords.readPlain(format, payload, inputs, undeclared);
            if (records != null) {
                return new RecordCodec.Decoded(records, undeclared);
            }
        }
        List<RawRecord> records = decodeText(format, payload);
        return new RecordCodec.Decoded(records, RecordCodec.undeclared(records, inputs));
    }

    /** The reference reader: the body decoded to text, NDJSON line by line; what {@link #decode} must agree with. */
    List<RawRecord> decodeText(InputFormat format, byte[] payload) {
        String text = ZoneNdjson.utf8(payload);
        if (text.isBlank()) {
            throw new MalformedBatchException("the body is empty, expected at least a " + format.extension()
                    + (format == InputFormat.CSV ? " header row" : " object"));
        }
        return switch (format) {
            case JSON -> jsonRecords.readJson(text);
            case NDJSON -> jsonRecords.readNdjson(text);
            case CSV -> csvRecords.read(text);
        };
    }

    byte[] encodeRaw(InputFormat format, List<RawRecord> records) {
        return switch (format) {
            case NDJSON -> zone.ndjson(records, (g, r) -> writeStrings(g, r.values()));
            case JSON -> jsonArray(records);
            case CSV -> csvRecords.write(records);
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
    int count(InputFormat format, byte[] payload) {
        if (isJson(format) && Utf8.isWellFormed(payload)) {
            int count = jsonRecords.countPlain(format, payload);
            if (count >= 0) {
                return count;
            }
        }
        return countText(format, payload);
    }

    int countText(InputFormat format, byte[] payload) {
        String text = ZoneNdjson.utf8(payload);
        if (text.isBlank() || format == InputFormat.CSV) {
            return decodeText(format, payload).size();
        }
        return format == InputFormat.NDJSON ? jsonRecords.countNdjson(text) : jsonRecords.countJson(text);
    }

    private static boolean isJson(InputFormat format) {
        return format == InputFormat.JSON || format == InputFormat.NDJSON;
    }
}
