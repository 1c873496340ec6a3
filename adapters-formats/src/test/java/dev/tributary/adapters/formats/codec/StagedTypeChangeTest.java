package dev.tributary.adapters.formats.codec;

import dev.tributary.application.port.out.StagedCodec.WrittenSchema;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.FieldType;
import dev.tributary.domain.source.SourceDefinition;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.tributary.adapters.formats.codec.CodecFixtures.ORDERS;
import static dev.tributary.adapters.formats.codec.CodecFixtures.batchAt;
import static dev.tributary.adapters.formats.codec.CodecFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A field's type changes between two definitions of a source: the footer of an object staged before says which
 * fields it holds under another type, and the object still reads under the new definition where its values can be.
 */
class StagedTypeChangeTest {
    private final Instant at = Instant.parse("2026-03-01T10:15:30Z");
    private final ParquetStagedCodec staged = new ParquetStagedCodec();

    /** {@link CodecFixtures#ORDERS} with {@code name}'s type (and decimal scale) replaced. */
    private static SourceDefinition retyped(String name, FieldType type, int scale) {
        List<FieldSpec> fields = new ArrayList<>();
        for (FieldSpec f : ORDERS.fields()) {
            fields.add(!f.name().equals(name) ? f
                    : new FieldSpec(f.name(), f.input(), type, f.required(), f.rules(), f.timestampFormat(), scale));
        }
        return new SourceDefinition(ORDERS.name(), ORDERS.title(), ORDERS.description(), ORDERS.format(), fields,
                ORDERS.eventTimeField(), ORDERS.dedupeKey(), ORDERS.schemaVersion(), ORDERS.aggregations());
    }

    private byte[] v1(CleanRecord... records) {
        return staged.write(ORDERS, batchAt(at), List.of(records), Map.of());
    }

    @Test
    void theFooterNamesTheFieldsStoredUnderAnotherTypeAndTheVersionWrittenWith() {
        byte[] parquet = staged.write(ORDERS.withSchemaVersion(4), batchAt(at),
                List.of(order(0, "A1", 3L, "1.50", true, at, "DE")), Map.of());

        assertThat(staged.writtenSchema(ORDERS, parquet)).isEqualTo(new WrittenSchema(4, List.of()));
        assertThat(staged.writtenSchema(retyped("quantity", FieldType.DECIMAL, 2), parquet).retyped())
                .containsExactly("quantity");
        assertThat(staged.writtenSchema(retyped("amount", FieldType.DECIMAL, 3), parquet).retyped())
                .containsExactly("amount");                     // another scale is another type
        assertThat(staged.writtenSchema(retyped("country", FieldType.STRING, FieldSpec.DEFAULT_SCALE), parquet)
                .retyped()).isEmpty();
    }

    @Test
    void anObjectOfTheEarlierTypeReadsUnderTheNewOneWhereItsValuesCan() {
        byte[] parquet = v1(order(0, "A1", 3L, "1.50", true, at, "DE"), order(1, "A2", null, "2.00", false, at, "FR"));

        assertThat(values(retyped("quantity", FieldType.STRING, 0), parquet, "quantity"))
                .containsExactly("3", null);
        assertThat(values(retyped("quantity", FieldType.DECIMAL, 2), parquet, "quantity"))
                .containsExactly(new BigDecimal("3.00"), null);
        assertThat(values(retyped("amount", FieldType.STRING, 0), parquet, "amount"))
                .containsExactly("1.50", "2.00");
        assertThat(values(retyped("gift", FieldType.STRING, 0), parquet, "gift")).containsExactly("true", "false");
    }

    @Test
    void aTextThatIsANumberReadsAsOneAndAFractionIsNoWholeNumber() {
        byte[] numbers = v1(order(0, "17", 3L, "2.00", true, at, "42"));
        assertThat(values(retyped("country", FieldType.INTEGER, 0), numbers, "country")).containsExactly(42L);
        assertThat(values(retyped("amount", FieldType.INTEGER, 0), numbers, "amount")).containsExactly(2L);
        byte[] texts = v1(order(0, "true", 3L, "2.00", true, at, at.toString()));
        assertThat(values(retyped("order_id", FieldType.BOOLEAN, 0), texts, "order_id")).containsExactly(true);
        assertThat(values(retyped("country", FieldType.TIMESTAMP, 0), texts, "country")).containsExactly(at);

        byte[] fraction = v1(order(0, "A1", 3L, "1.50", true, at, "DE"));
        assertThatThrownBy(() -> staged.read(retyped("amount", FieldType.INTEGER, 0), fraction))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be read as INTEGER");
        assertThatThrownBy(() -> staged.read(retyped("country", FieldType.INTEGER, 0), fraction))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'country'");
    }

    private List<Object> values(SourceDefinition source, byte[] parquet, String field) {
        List<Object> values = new ArrayList<>();
        for (CleanRecord r : staged.read(source, parquet).records()) {
            values.add(r.values().get(field));
        }
        return values;
    }
}
