package dev.tributary.domain.lake;

import dev.tributary.domain.TestIds;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceName;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectKeyTest {
    private static final SourceName ORDERS = new SourceName("orders");
    private static final BatchId BATCH = TestIds.batchId("2024-03-05T07:08:09.123Z");

    @Test
    void layoutIsHiveStylePartitionsFromTheBatchTimestamp() {
        ObjectKey key = ObjectKey.raw(ORDERS, BATCH, InputFormat.JSON);

        assertThat(key.path()).isEqualTo("raw/source=orders/dt=2024-03-05/hour=07/" + BATCH + ".json");
        assertThat(key).hasToString(key.path());
    }

    @Test
    void partitionIsUtcWhateverTheDefaultZone() {
        java.util.TimeZone original = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati"));
            BatchId lateEvening = TestIds.batchId("2024-12-31T23:59:59.999Z");

            assertThat(ObjectKey.raw(ORDERS, lateEvening, InputFormat.CSV).path())
                    .startsWith("raw/source=orders/dt=2024-12-31/hour=23/");
        } finally {
            java.util.TimeZone.setDefault(original);
        }
    }

    @Test
    void midnightIsHourZeroOfTheNewDay() {
        BatchId midnight = TestIds.batchId("2025-01-01T00:00:00Z");

        assertThat(ObjectKey.raw(ORDERS, midnight, InputFormat.NDJSON).path())
                .isEqualTo("raw/source=orders/dt=2025-01-01/hour=00/" + midnight + ".ndjson");
    }

    @Test
    void everyZoneHasItsPrefixAndFixedFormat() {
        ObjectKey raw = ObjectKey.raw(ORDERS, BATCH, InputFormat.CSV);

        assertThat(raw.in(Zone.TRANSFORMED).path()).isEqualTo("transformed/source=orders/dt=2024-03-05/hour=07/" + BATCH + ".ndjson");
        assertThat(raw.in(Zone.STAGED).path()).isEqualTo("staged/source=orders/dt=2024-03-05/hour=07/" + BATCH + ".parquet");
        assertThat(raw.in(Zone.QUARANTINE).path()).isEqualTo("quarantine/source=orders/dt=2024-03-05/hour=07/" + BATCH + ".ndjson");
        assertThat(raw.in(Zone.RAW)).isEqualTo(raw);
        assertThatThrownBy(() -> raw.in(Zone.STAGED).in(Zone.RAW))
                .as("the raw format cannot be recovered from a staged key").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inKeepsSourceAndBatch() {
        ObjectKey staged = ObjectKey.raw(ORDERS, BATCH, InputFormat.JSON).in(Zone.STAGED);

        assertThat(staged.source()).isEqualTo(ORDERS);
        assertThat(staged.batch()).isEqualTo(BATCH);
        assertThat(staged.zone()).isEqualTo(Zone.STAGED);
        assertThat(staged.format()).isEqualTo(ObjectFormat.PARQUET);
    }

    @Test
    void refusesAFormatThatContradictsTheZone() {
        assertThatThrownBy(() -> new ObjectKey(Zone.STAGED, ORDERS, BATCH, ObjectFormat.JSON))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PARQUET");
        assertThatThrownBy(() -> new ObjectKey(Zone.TRANSFORMED, ORDERS, BATCH, ObjectFormat.CSV))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ObjectKey(Zone.QUARANTINE, ORDERS, BATCH, ObjectFormat.PARQUET))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesRawParquet() {
        assertThatThrownBy(() -> new ObjectKey(Zone.RAW, ORDERS, BATCH, ObjectFormat.PARQUET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input format");
    }

    @Test
    void rawObjectsKeepTheNameAndContentTypeOfTheirBatchsInputFormat() {
        for (InputFormat input : InputFormat.values()) {
            ObjectFormat raw = ObjectKey.raw(ORDERS, BATCH, input).format();

            assertThat(raw).isEqualTo(ObjectFormat.of(input)).hasToString(input.name());
            assertThat(raw.extension()).isEqualTo(input.extension());
            assertThat(raw.contentType()).isEqualTo(input.contentType());
            assertThat(raw.input()).contains(input);
        }
        assertThat(ObjectFormat.PARQUET.input()).isEmpty();
        assertThat(ObjectFormat.PARQUET.contentType()).isEqualTo("application/vnd.apache.parquet");
    }

    @Test
    void refusesNullComponents() {
        assertThatThrownBy(() -> new ObjectKey(null, ORDERS, BATCH, ObjectFormat.JSON)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ObjectKey(Zone.RAW, null, BATCH, ObjectFormat.JSON)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ObjectKey(Zone.RAW, ORDERS, null, ObjectFormat.JSON)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ObjectKey(Zone.RAW, ORDERS, BATCH, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ObjectKey.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void parsesAWrittenPath() {
        String path = "staged/source=orders/dt=2024-03-05/hour=07/" + BATCH + ".parquet";

        assertThat(ObjectKey.parse(path)).isEqualTo(new ObjectKey(Zone.STAGED, ORDERS, BATCH, ObjectFormat.PARQUET));
    }

    @Test
    void refusesAPartitionThatDoesNotMatchTheBatchId() {
        String wrongHour = "raw/source=orders/dt=2024-03-05/hour=08/" + BATCH + ".json";
        String wrongDay = "raw/source=orders/dt=2024-03-04/hour=07/" + BATCH + ".json";

        assertThatThrownBy(() -> ObjectKey.parse(wrongHour)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition");
        assertThatThrownBy(() -> ObjectKey.parse(wrongDay)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "RAW/source=orders/dt=2024-03-05/hour=07/%s.json",        // zone upper case
            "cold/source=orders/dt=2024-03-05/hour=07/%s.json",       // unknown zone
            "raw1/source=orders/dt=2024-03-05/hour=07/%s.json",       // zone with digit
            "/raw/source=orders/dt=2024-03-05/hour=07/%s.json",       // leading slash
            "raw/orders/dt=2024-03-05/hour=07/%s.json",               // partition without name
            "raw/source=Orders/dt=2024-03-05/hour=07/%s.json",        // source not snake case
            "raw/source=orders/date=2024-03-05/hour=07/%s.json",      // wrong partition name
            "raw/source=orders/dt=2024-3-5/hour=07/%s.json",          // unpadded date
            "raw/source=orders/dt=2024-03-05/hour=7/%s.json",         // unpadded hour
            "raw/source=orders/dt=2024-03-05/%s.json",                // missing hour
            "raw/source=orders/hour=07/dt=2024-03-05/%s.json",        // partitions swapped
            "raw/source=orders/dt=2024-03-05/hour=07/%s.xml",         // unknown extension
            "raw/source=orders/dt=2024-03-05/hour=07/%s",             // no extension
            "raw/source=orders/dt=2024-03-05/hour=07/%s.json.gz",     // extra suffix
            "raw/source=orders/dt=2024-03-05/hour=07/%s.parquet",     // raw parquet
            "staged/source=orders/dt=2024-03-05/hour=07/%s.json",     // zone/format mismatch
            "raw/source=orders/dt=2024-03-05/hour=07/x/%s.json",      // extra segment
            "raw/source=orders/dt=2024-03-05/hour=07/%s.json/",       // trailing slash
    })
    void refusesPathsItDoesNotWrite(String template) {
        String path = template.formatted(BATCH);

        assertThatThrownBy(() -> ObjectKey.parse(path)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAPathWhoseIdIsNotV7() {
        String v4 = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

        assertThatThrownBy(() -> ObjectKey.parse("raw/source=orders/dt=2024-03-05/hour=07/" + v4 + ".json"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnUpperCaseIdBecauseItIsNotTheWrittenPath() {
        String path = "raw/source=orders/dt=2024-03-05/hour=07/" + BATCH.toString().toUpperCase() + ".json";

        assertThatThrownBy(() -> ObjectKey.parse(path)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTripsTheLargestTimestampABatchIdCanHold() {
        BatchId last = new BatchId(TestIds.v7(BatchId.MAX_TIMESTAMP.toEpochMilli(), 0xFFF, -1L));
        ObjectKey key = ObjectKey.raw(ORDERS, last, InputFormat.JSON);

        assertThat(ObjectKey.parse(key.path())).isEqualTo(key);
    }

    @Property
    void parseReadsBackEveryWrittenPath(@ForAll("keys") ObjectKey key) {
        assertThat(ObjectKey.parse(key.path())).isEqualTo(key);
    }

    @Property
    void partitionComesFromTheBatchIdOnly(@ForAll("keys") ObjectKey key) {
        java.time.ZonedDateTime at = key.batch().timestamp().atZone(java.time.ZoneOffset.UTC);
        String expected = "%s/source=%s/dt=%04d-%02d-%02d/hour=%02d/%s.%s".formatted(key.zone().prefix(),
                key.source().value(), at.getYear(), at.getMonthValue(), at.getDayOfMonth(), at.getHour(),
                key.batch(), key.format().extension());

        assertThat(key.path()).isEqualTo(expected);
    }

    @Provide
    Arbitrary<ObjectKey> keys() {
        Arbitrary<SourceName> sources = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(1)
                .flatMap(first -> Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_")
                        .ofMaxLength(39).map(rest -> new SourceName(first + rest)));
        Arbitrary<BatchId> ids = Combinators.combine(
                Arbitraries.longs().between(0, BatchId.MAX_TIMESTAMP.toEpochMilli()),
                Arbitraries.longs(), Arbitraries.longs()).as((ms, a, b) -> new BatchId(TestIds.v7(ms, a, b)));
        Arbitrary<InputFormat> inputs = Arbitraries.of(InputFormat.class);
        return Combinators.combine(Arbitraries.of(Zone.values()), sources, ids, inputs)
                .as((zone, source, id, input) -> new ObjectKey(zone, source, id,
                        zone.fixedFormat().orElse(ObjectFormat.of(input))));
    }
}
