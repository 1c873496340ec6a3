package dev.tributary.adapters.formats.codec;

import dev.tributary.application.port.out.StagedCodec.StagedContent;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.FieldType;
import dev.tributary.domain.source.SourceDefinition;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.tributary.adapters.formats.codec.CodecFixtures.ORDERS;
import static dev.tributary.adapters.formats.codec.CodecFixtures.batchAt;
import static dev.tributary.adapters.formats.codec.CodecFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParquetStagedCodecTest {
    private final ParquetStagedCodec codec = new ParquetStagedCodec();
    private final Instant at = Instant.parse("2026-03-01T10:15:30.123456Z");
    private final BatchId batch = batchAt(at);

    @Test
    void roundTripsEveryTypeIncludingAbsentValues() {
        List<CleanRecord> records = List.of(
                order(0, "A1", 3L, "12.50", true, at, "DE"),
                order(1, "A2", null, null, null, at.plusSeconds(1), null),
                order(5, "Ü東京", Long.MIN_VALUE, "-9999999999999999.99", false, Instant.parse("1969-12-31T23:59:59.5Z"), ""));

        StagedContent back = codec.read(ORDERS, codec.write(ORDERS, batch, records, Map.of()));

        assertThat(back.records()).isEqualTo(records);
        assertThat(((BigDecimal) back.records().get(0).get("amount")).scale()).isEqualTo(2);
    }

    @Test
    void concurrentReadsOfDictionaryEncodedObjectsAllDecode() throws Exception {
        // Aggregator workers read staged objects in parallel; decompressors must not be shared between them.
        List<CleanRecord> records = java.util.stream.IntStream.range(0, 500)
                .mapToObj(i -> order(i, "A" + i, (long) i, i + ".50", i % 2 == 0, at.plusSeconds(i), i % 3 == 0 ? "DE" : "FR"))
                .toList();
        byte[] parquet = codec.write(ORDERS, batch, records, Map.of());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<List<CleanRecord>>> reads = pool.invokeAll(java.util.Collections.nCopies(200,
                    () -> codec.read(ORDERS, parquet).records()));

            for (java.util.concurrent.Future<List<CleanRecord>> read : reads) {
                assertThat(read.get()).isEqualTo(records);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dropsDigitsBelowAMicrosecond() {
        Instant nanos = Instant.parse("2026-03-01T10:15:30.123456789Z");

        StagedContent back = codec.read(ORDERS, codec.write(ORDERS, batch,
                List.of(order(0, "A1", null, null, null, nanos, null)), Map.of()));

        assertThat(back.records().get(0).eventTime()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123456Z"));
    }

    @Test
    void keepsTheCallersMetadataAndTheSchemaVersion() {
        byte[] parquet = codec.write(ORDERS, batch, List.of(order(0, "A1", 1L, "1", true, at, "DE")),
                Map.of("tributary.batch_id", batch.toString(), "tributary.records", "1"));

        assertThat(codec.read(ORDERS, parquet).metadata())
                .containsEntry("tributary.batch_id", batch.toString())
                .containsEntry("tributary.records", "1")
                .containsEntry(ParquetStagedCodec.SCHEMA_VERSION_KEY, "1");
    }

    @Test
    void writesTheExplicitSchemaWithSnappy() throws IOException {
        byte[] parquet = codec.write(ORDERS, batch, List.of(order(0, "A1", 1L, "1", true, at, "DE")), Map.of());

        try (ParquetFileReader reader = ParquetFileReader.open(new InMemoryParquetFiles.Input(parquet))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            assertThat(schema.toString()).isEqualToIgnoringWhitespace("""
                    message orders {
                      required binary _batch_id (STRING);
                      required int32 _position;
                      required binary order_id (STRING);
                      optional int64 quantity;
                      optional int64 amount (DECIMAL(18,2));
                      optional boolean gift;
                      required int64 ordered_at (TIMESTAMP(MICROS,true));
                      optional binary country (STRING);
                    }""");
            assertThat(reader.getRowGroups().get(0).getColumns())
                    .allSatisfy(c -> assertThat(c.getCodec()).isEqualTo(CompressionCodecName.SNAPPY));
        }
    }

    @Test
    void readsAnObjectOfAnEarlierSchemaVersionByColumnName() {
        SourceDefinition v1 = withFields(ORDERS, 1, List.of(ORDERS.fields().get(0), ORDERS.fields().get(2),
                ORDERS.fields().get(4), FieldSpec.of("channel", FieldType.STRING, false)));
        byte[] written = codec.write(v1, batch, List.of(new CleanRecord(new RecordPosition(0),
                at, Map.of("order_id", "A1", "amount", new BigDecimal("2.50"), "ordered_at", at, "channel", "web"))),
                Map.of());

        StagedContent back = codec.read(withFields(ORDERS, 2, ORDERS.fields()), written);

        assertThat(back.records().get(0).values())
                .containsOnly(Map.entry("order_id", "A1"), Map.entry("amount", new BigDecimal("2.50")),
                        Map.entry("ordered_at", at));
        assertThat(back.metadata()).containsEntry(ParquetStagedCodec.SCHEMA_VERSION_KEY, "1");
    }

    @Test
    void readsOnlyTheFieldsAskedForAndTheEventTime() {
        List<CleanRecord> records = java.util.stream.IntStream.range(0, 300)
                .mapToObj(i -> order(i, "A" + i, (long) i, i + ".25", i % 2 == 0, at.plusSeconds(i), i % 3 == 0 ? null : "DE"))
                .toList();
        byte[] parquet = codec.write(ORDERS, batch, records, Map.of());

        List<CleanRecord> back = codec.read(ORDERS, parquet, java.util.Set.of("country", "amount")).records();

        assertThat(back).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            CleanRecord full = records.get(i);
            Map<String, Object> expected = new java.util.HashMap<>(full.values());
            expected.keySet().retainAll(java.util.Set.of("country", "amount", "ordered_at"));
            assertThat(back.get(i).position()).isEqualTo(full.position());
            assertThat(back.get(i).eventTime()).isEqualTo(full.eventTime());
            assertThat(back.get(i).values()).isEqualTo(expected);
        }
    }

    @Test
    void readsAnIntegerColumnAsADecimalOrTextFieldAndRefusesWhatWouldNotConvert() {
        SourceDefinition v1 = withFields(ORDERS, 1, List.of(ORDERS.fields().get(0),
                FieldSpec.of("quantity", FieldType.BOOLEAN, false),
                FieldSpec.of("amount", FieldType.INTEGER, false), ORDERS.fields().get(4),
                FieldSpec.of("country", FieldType.INTEGER, false)));
        byte[] written = codec.write(v1, batch, List.of(new CleanRecord(new RecordPosition(0), at,
                Map.of("order_id", "A1", "quantity", true, "amount", 7L, "ordered_at", at, "country", 49L))), Map.of());

        CleanRecord read = codec.read(withFields(ORDERS, 2, ORDERS.fields()), written,
                java.util.Set.of("amount", "country")).records().get(0);
        assertThat(read.get("amount")).isEqualTo(new BigDecimal("7.00"));
        assertThat(read.get("country")).isEqualTo("49");
        assertThatThrownBy(() -> codec.read(withFields(ORDERS, 2, ORDERS.fields()), written))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("column 'quantity' is stored as optional boolean quantity, which cannot be read as "
                        + "INTEGER");
    }

    @Test
    void refusesADecimalBeyondEighteenDigits() {
        List<CleanRecord> records = List.of(order(0, "A1", null, "12345678901234567.00", null, at, null));

        assertThatThrownBy(() -> codec.write(ORDERS, batch, records, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field 'amount' exceeds DECIMAL(18, 2)");
    }

    @Test
    void duckDbReadsHivePartitionedStagedObjectsWithTheSameSums(@TempDir Path lake) throws Exception {
        List<CleanRecord> first = List.of(order(0, "A1", 2L, "10.25", true, at, "DE"),
                order(1, "A2", 1L, "4.75", false, at, "FR"));
        List<CleanRecord> second = List.of(order(0, "B1", 5L, "100.00", null, at.plusSeconds(3600), "DE"),
                order(1, "B2", null, null, null, at.plusSeconds(3600), null));
        BatchId secondBatch = batchAt(at.plusSeconds(3600));
        write(lake.resolve("staged/source=orders/dt=2026-03-01/hour=10/" + batch + ".parquet"),
                codec.write(ORDERS, batch, first, Map.of()));
        write(lake.resolve("staged/source=orders/dt=2026-03-01/hour=11/" + secondBatch + ".parquet"),
                codec.write(ORDERS, secondBatch, second, Map.of()));

        List<List<Object>> rows = query("SELECT source, hour, count(*), sum(quantity), sum(amount), "
                + "min(ordered_at)::VARCHAR FROM read_parquet('" + lake + "/staged/**/*.parquet', hive_partitioning = true) "
                + "GROUP BY source, hour ORDER BY hour");

        assertThat(rows).containsExactly(
                List.of("orders", 10L, 2L, 3L, new BigDecimal("15.00"), "2026-03-01 10:15:30.123456+00"),
                List.of("orders", 11L, 2L, 5L, new BigDecimal("100.00"), "2026-03-01 11:15:30.123456+00"));
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        row.add(v instanceof Number n && !(v instanceof BigDecimal) ? (Object) n.longValue() : v);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static SourceDefinition withFields(SourceDefinition s, int version, List<FieldSpec> fields) {
        return new SourceDefinition(s.name(), s.title(), s.description(), s.format(), fields, s.eventTimeField(),
                List.of(), version, List.of());
    }
}
