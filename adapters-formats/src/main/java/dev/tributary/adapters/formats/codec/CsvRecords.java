package dev.tributary.adapters.formats.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tributary.application.refusal.MalformedBatchException;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.record.RecordPosition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits RFC 4180 CSV into raw records keyed by the header row (required). Empty lines are skipped, empty cells
 * count as absent (a line of only separators is a record with nothing in it, so cleaning quarantines it), a row shorter than the header leaves the rest absent and a longer row is malformed.
 * <p>
 * Rows are read as arrays and the header is applied here rather than through
 * {@code CsvSchema.emptySchema().withHeader()}: that way a blank or repeated header name and a row with too many
 * cells are reported with the line where the row starts.
 */
final class CsvRecords {
    private final CsvFactory factory;

    CsvRecords(CsvFactory factory) {
        this.factory = factory;
    }

    /** A header of every input name in first-seen order, then one row per record; an absent value is an empty cell. */
    byte[] write(List<RawRecord> records) {
        Set<String> header = new LinkedHashSet<>();
        records.forEach(r -> header.addAll(r.values().keySet()));
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\r\n");
        header.forEach(schema::addColumn);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvGenerator g = factory.createGenerator(out)) {
            g.setSchema(schema.build());
            for (RawRecord r : records) {
                g.writeStartObject();
                for (String column : header) {
                    g.writeStringField(column, r.get(column) == null ? "" : r.get(column));
                }
                g.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    List<RawRecord> read(String text) {
        List<RawRecord> records = new ArrayList<>();
        int rowLine = 0;
        try (CsvParser p = factory.createParser(text)) {
            p.setSchema(CsvSchema.emptySchema());
            // WRAP_AS_ARRAY wraps the whole document in one more array, so rows are the arrays at depth 2.
            p.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            List<String> header = null;
            List<String> row = new ArrayList<>();
            int depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_ARRAY) {
                    depth++;
                    row.clear();
                } else if (t == JsonToken.VALUE_STRING) {
                    if (row.isEmpty()) {
                        rowLine = p.currentTokenLocation().getLineNr();
                    }
                    row.add(p.getText());
                } else if (t == JsonToken.END_ARRAY && depth-- == 2 && !isEmptyLine(row)) {
                    if (header == null) {
                        header = header(row, rowLine);
                    } else {
                        records.add(record(header, row, rowLine, records.size()));
                    }
                }
            }
            if (header == null) {
                throw new MalformedBatchException("line 1: expected a CSV header row, found none");
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? rowLine : e.getLocation().getLineNr();
            throw new MalformedBatchException("line " + line + " (record " + (records.size() + 1)
                    + "): not valid CSV, e.g. an unclosed quote or text after a closing quote");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    private static List<String> header(List<String> row, int line) {
        if (row.size() > JacksonRecordCodec.MAX_FIELDS) {
            throw new MalformedBatchException("line " + line + ": the header has " + row.size() + " columns, more than "
                    + JacksonRecordCodec.MAX_FIELDS + " fields a record may have");
        }
        Set<String> seen = new HashSet<>();
        List<String> names = new ArrayList<>(row.size());
        for (int i = 0; i < row.size(); i++) {
            String name = row.get(i).strip();
            if (name.isEmpty()) {
                throw new MalformedBatchException("line " + line + ": header column " + (i + 1) + " has no name");
            }
            if (!seen.add(name)) {
                throw new MalformedBatchException("line " + line + ": header column " + (i + 1)
                        + " repeats an earlier column name");
            }
            names.add(name);
        }
        return names;
    }

    private static RawRecord record(List<String> header, List<String> row, int line, int index) {
        if (row.size() > header.size()) {
            throw new MalformedBatchException("line " + line + " (record " + (index + 1) + "): expected at most "
                    + header.size() + " values as in the header, found " + row.size());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < row.size(); i++) {
            if (!row.get(i).isEmpty()) {
                values.put(header.get(i), row.get(i));
            }
        }
        return RawRecord.owning(new RecordPosition(index), values);
    }

    /** An empty line reads as one empty cell (SKIP_EMPTY_LINES does not apply when rows are arrays). */
    private static boolean isEmptyLine(List<String> row) {
        return row.isEmpty() || row.size() == 1 && row.get(0).isEmpty();
    }
}
