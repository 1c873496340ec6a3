package dev.tributary.adapters.formats.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.rules.StagedSchema;
import dev.tributary.domain.source.InputFormat;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.tributary.adapters.formats.codec.CodecFixtures.ORDERS;
import static dev.tributary.adapters.formats.codec.CodecFixtures.ORDERS_KEEPING;
import static dev.tributary.adapters.formats.codec.CodecFixtures.batchAt;
import static dev.tributary.adapters.formats.codec.CodecFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, {@code unknown_fields: keep}: the fields a source does not declare travel with the clean record through the
 * transformed zone (an object {@code _unknown_fields}) into the staged Parquet (a JSON string column, which Athena and
 * any Parquet reader read), while the readers of declared fields see nothing new.
 */
class KeptUnknownFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Instant at = Instant.parse("2026-03-01T10:15:30Z");
    private final JacksonRecordCodec codec = new JacksonRecordCodec();
    private final ParquetStagedCodec staged = new ParquetStagedCodec();

    @Test
    void nestedJsonInputArrivesAsItsFlattenedNamesAndTexts() {
        byte[] body = """
                {"order_id":"A1","ordered_at":"2026-03-01T10:15:30Z","coupon":{"code":"X1","pct":10},"tags":["a","b"]}
                """.getBytes(StandardCharsets.UTF_8);

        RawRecord raw = codec.decode(InputFormat.JSON, body).get(0);

        assertThat(raw.values()).containsEntry("coupon.code", "X1").containsEntry("coupon.pct", "10")
                .containsKey("tags");
    }

    @Test
    void theTransformedZoneKeepsTheMapAndOnlyAKeepingDefinitionReadsItBack() {
        List<CleanRecord> records = List.of(kept(order(0, "A1", 1L, "1.00", true, at, "DE"),
                Map.of("coupon.code", "X1", "coupon.pct", "10")), order(1, "A2", 2L, "2.00", false, at, "FR"));

        byte[] ndjson = codec.encodeClean(records);
        List<CleanRecord> keeping = codec.decodeClean(ORDERS_KEEPING, ndjson);
        List<CleanRecord> ignoring = codec.decodeClean(ORDERS, ndjson);

        assertThat(new String(ndjson, StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
                .endsWith(",\"_unknown_fields\":{\"coupon.code\":\"X1\",\"coupon.pct\":\"10\"}}");
        assertThat(keeping).isEqualTo(records);
        assertThat(ignoring.get(0).values()).doesNotContainKey(StagedSchema.UNKNOWN_FIELDS_COLUMN)
                .containsEntry("order_id", "A1");
        assertThat(ignoring.get(1)).isEqualTo(records.get(1));
    }

    @Test
    void theStagedParquetHoldsThemAsAJsonColumnThatDeclaredFieldReadersSkip() throws IOException {
        CleanRecord withCoupon = kept(order(0, "A1", 1L, "1.00", true, at, "DE"), Map.of("coupon.code", "X1"));
        CleanRecord plain = order(1, "A2", 2L, "2.00", false, at, "FR");

        byte[] parquet = staged.write(ORDERS_KEEPING, batchAt(at), List.of(withCoupon, plain), Map.of());
        List<Group> rows = new ArrayList<>();
        MessageType schema;
        try (ParquetFileReader reader = ParquetFileReader.open(new InMemoryParquetFiles.Input(parquet))) {
            schema = reader.getFooter().getFileMetaData().getSchema();
            for (PageReadStore group = reader.readNextRowGroup(); group != null; group = reader.readNextRowGroup()) {
                RecordReader<Group> read = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(group, new GroupRecordConverter(schema));
                for (long i = 0; i < group.getRowCount(); i++) {
                    rows.add(read.read());
                }
            }
        }

        assertThat(schema.getFields().get(schema.getFieldCount() - 1).toString())
                .isEqualTo("optional binary _unknown_fields (STRING)");
        assertThat(JSON.readTree(rows.get(0).getString(StagedSchema.UNKNOWN_FIELDS_COLUMN, 0)).path("coupon.code")
                .asText()).isEqualTo("X1");
        assertThat(rows.get(1).getFieldRepetitionCount(StagedSchema.UNKNOWN_FIELDS_COLUMN)).isZero();
        assertThat(staged.read(ORDERS_KEEPING, parquet).records())
                .containsExactly(order(0, "A1", 1L, "1.00", true, at, "DE"), plain);
        assertThat(ParquetStagedCodec.schemaOf(StagedSchema.of(ORDERS)).containsField(
                StagedSchema.UNKNOWN_FIELDS_COLUMN)).isFalse();
    }

    /** {@code undeclared} by name: the transform keeps input order, and {@code Map.of} has none from run to run. */
    private static CleanRecord kept(CleanRecord record, Map<String, String> undeclared) {
        Map<String, Object> values = new LinkedHashMap<>(record.values());
        values.put(StagedSchema.UNKNOWN_FIELDS_COLUMN, new TreeMap<>(undeclared));
        return new CleanRecord(new RecordPosition(record.position().index()), record.eventTime(), values);
    }
}
