package dev.tributary.application;

import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.aggregation.Dimension;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.FieldType;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;

import java.util.ArrayList;
import java.util.List;

/** Source definitions built in Java for tests, so a test does not depend on the YAML catalog. */
public final class TestSources {
    private TestSources() {
    }

    /** Orders per hour by country: every measure function once. */
    public static AggregationSpec ordersPerHourByCountry() {
        return new AggregationSpec("orders_per_hour_by_country", "Orders per hour by country", Bucket.HOUR,
                List.of(new Dimension("country", "country")),
                List.of(new Measure("orders", MeasureFunction.COUNT, null, "number of orders"),
                        new Measure("revenue", MeasureFunction.SUM, "amount", "sum of order amounts"),
                        new Measure("average_order", MeasureFunction.AVG, "amount", "mean order amount"),
                        new Measure("largest_order", MeasureFunction.MAX, "amount", "largest order amount"),
                        new Measure("smallest_order", MeasureFunction.MIN, "amount", "smallest order amount"),
                        new Measure("customers", MeasureFunction.DISTINCT_COUNT, "customer",
                                "number of distinct customers")));
    }

    /** An "orders" source (NDJSON) with one aggregation, {@link #ordersPerHourByCountry()}. */
    public static SourceDefinition orders() {
        return orders(ordersPerHourByCountry());
    }

    /** The orders source whose aggregation also has {@code extra}, as after a source definition gained a measure. */
    public static SourceDefinition ordersWithExtraMeasure(Measure extra) {
        AggregationSpec base = ordersPerHourByCountry();
        List<Measure> measures = new ArrayList<>(base.measures());
        measures.add(extra);
        return orders(new AggregationSpec(base.table(), base.title(), base.bucket(), base.dimensions(), measures));
    }

    /** The orders source with {@code aggregation} in place of its own. */
    public static SourceDefinition orders(AggregationSpec aggregation) {
        return new SourceDefinition(new SourceName("orders"), "Orders", "Orders placed in the web shop", InputFormat.NDJSON,
                List.of(FieldSpec.of("order_id", FieldType.STRING, true),
                        FieldSpec.of("country", FieldType.STRING, false),
                        FieldSpec.of("amount", FieldType.DECIMAL, false),
                        FieldSpec.of("customer", FieldType.STRING, false),
                        FieldSpec.of("ordered_at", FieldType.TIMESTAMP, true)),
                "ordered_at", List.of("order_id"), 1, List.of(aggregation));
    }

    /** Clicks per minute by page: a second source, e.g. the 13th added after the first twelve were prepared. */
    public static AggregationSpec clicksPerMinuteByPage() {
        return new AggregationSpec("clicks_per_minute_by_page", "Clicks per minute by page", Bucket.MINUTE,
                List.of(new Dimension("page", "page"), new Dimension("device", "device")),
                List.of(new Measure("clicks", MeasureFunction.COUNT, null, "number of clicks")));
    }

    public static SourceDefinition clicks() {
        return new SourceDefinition(new SourceName("clicks"), "Clicks", "Page clicks from the web shop", InputFormat.JSON,
                List.of(FieldSpec.of("page", FieldType.STRING, true),
                        FieldSpec.of("device", FieldType.STRING, false),
                        FieldSpec.of("clicked_at", FieldType.TIMESTAMP, true)),
                "clicked_at", List.of(), 1, List.of(clicksPerMinuteByPage()));
    }
}
