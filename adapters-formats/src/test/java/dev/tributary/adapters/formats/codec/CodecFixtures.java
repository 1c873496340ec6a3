package dev.tributary.adapters.formats.codec;

import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.aggregation.Dimension;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.FieldType;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import dev.tributary.domain.source.UnknownFieldPolicy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A source with one field of every type, and records for it. */
final class CodecFixtures {
    static final SourceDefinition ORDERS = new SourceDefinition(new SourceName("orders"), "Orders", "Test orders",
            InputFormat.JSON,
            List.of(FieldSpec.of("order_id", FieldType.STRING, true),
                    FieldSpec.of("quantity", FieldType.INTEGER, false),
                    FieldSpec.of("amount", FieldType.DECIMAL, false).withScale(2),
                    FieldSpec.of("gift", FieldType.BOOLEAN, false),
                    FieldSpec.of("ordered_at", FieldType.TIMESTAMP, true),
                    FieldSpec.of("country", FieldType.STRING, false)),
            "ordered_at", List.of("order_id"), 1,
            List.of(new AggregationSpec("orders_per_hour", "Orders per hour", Bucket.HOUR,
                    List.of(new Dimension("country", "country")),
                    List.of(new Measure("orders", MeasureFunction.COUNT, null, "Number of orders")))));
    /** {@link #ORDERS} with {@code unknown_fields: keep}. */
    static final SourceDefinition ORDERS_KEEPING = new SourceDefinition(ORDERS.name(), ORDERS.title(),
            ORDERS.description(), ORDERS.format(), ORDERS.fields(), ORDERS.eventTimeField(), ORDERS.dedupeKey(), 1,
            ORDERS.aggregations(), UnknownFieldPolicy.KEEP);

    private CodecFixtures() {
    }

    static BatchId batchAt(Instant at) {
        long millis = at.toEpochMilli();
        long msb = (millis << 16) | 0x7000L | 0x123L;
        return new BatchId(new UUID(msb, 0x8000_0000_0000_0001L));
    }

    static CleanRecord order(int index, String id, Long quantity, String amount, Boolean gift, Instant at,
                             String country) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("order_id", id);
        putIfPresent(values, "quantity", quantity);
        putIfPresent(values, "amount", amount == null ? null : new BigDecimal(amount));
        putIfPresent(values, "gift", gift);
        values.put("ordered_at", at);
        putIfPresent(values, "country", country);
        return new CleanRecord(new RecordPosition(index), at, values);
    }

    private static void putIfPresent(Map<String, Object> values, String key, Object value) {
        if (value != null) {
            values.put(key, value);
        }
    }
}
