package dev.tributary.bootstrap.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.SourceDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Encodes fake records the way a producer of each format would post them: JSON array, NDJSON lines, CSV with header. */
final class PayloadWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper();

    private PayloadWriter() {
    }

    static byte[] write(SourceDefinition source, List<Map<String, Object>> records) {
        try {
            return switch (source.format()) {
                case JSON -> records.size() == 1 ? JSON.writeValueAsBytes(nested(records.get(0)))
                        : JSON.writeValueAsBytes(array(records));
                case NDJSON -> ndjson(records);
                case CSV -> csv(source, records);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ArrayNode array(List<Map<String, Object>> records) {
        ArrayNode array = JSON.createArrayNode();
        records.forEach(r -> array.add(nested(r)));
        return array;
    }

    private static byte[] ndjson(List<Map<String, Object>> records) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> r : records) {
            out.append(JSON.writeValueAsString(nested(r))).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Dotted input names become nested objects: {@code customer.country} → {"customer":{"country":…}}. */
    private static ObjectNode nested(Map<String, Object> record) {
        ObjectNode root = JSON.createObjectNode();
        record.forEach((path, value) -> {
            String[] parts = path.split("\\.");
            ObjectNode node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                node = node.has(parts[i]) && node.get(parts[i]).isObject() ? (ObjectNode) node.get(parts[i])
                        : node.putObject(parts[i]);
            }
            node.set(parts[parts.length - 1], JSON.valueToTree(value));
        });
        return root;
    }

    private static byte[] csv(SourceDefinition source, List<Map<String, Object>> records) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        List<String> columns = new ArrayList<>();
        for (FieldSpec f : source.fields()) {
            columns.add(f.input());
            schema.addColumn(f.input());
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (Map<String, Object> r : records) {
            Map<String, String> row = new java.util.LinkedHashMap<>();
            for (String c : columns) {
                Object v = r.get(c);
                row.put(c, v == null ? "" : v.toString());
            }
            rows.add(row);
        }
        return CSV.writer(schema.build()).writeValueAsBytes(rows);
    }
}
