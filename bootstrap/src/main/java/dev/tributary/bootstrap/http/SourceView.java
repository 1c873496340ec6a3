package dev.tributary.bootstrap.http;

import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.SourceDefinition;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Locale;

/** A source as the dashboard explains it: what it is, its fields and what each aggregation counts. */
@Serdeable
record SourceView(String name, String title, String description, String format, List<FieldView> fields,
                  List<AggregationView> aggregations) {

    @Serdeable
    record FieldView(String name, String type, boolean required) {}

    /** {@code buckets}: what the rows can be read per, the aggregation's own bucket first, then coarser ones. */
    @Serdeable
    record AggregationView(String table, String title, String bucket, List<String> buckets, List<String> dimensions,
                           List<MeasureView> measures) {}

    @Serdeable
    record MeasureView(String column, String function, String description) {}

    static SourceView of(SourceDefinition s) {
        return new SourceView(s.name().value(), s.title(), s.description(), s.format().extension(),
                s.fields().stream().map(SourceView::field).toList(),
                s.aggregations().stream().map(SourceView::aggregation).toList());
    }

    private static FieldView field(FieldSpec f) {
        return new FieldView(f.name(), f.type().name().toLowerCase(Locale.ROOT), f.required());
    }

    private static AggregationView aggregation(AggregationSpec a) {
        return new AggregationView(a.table(), a.title(), a.bucket().column(),
                a.bucket().rollUps().stream().map(Bucket::column).toList(),
                a.dimensions().stream().map(d -> d.column()).toList(),
                a.measures().stream().map(m -> new MeasureView(m.column(),
                        m.function().name().toLowerCase(Locale.ROOT), m.description())).toList());
    }
}
