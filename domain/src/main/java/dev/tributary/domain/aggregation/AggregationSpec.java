package dev.tributary.domain.aggregation;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One aggregation a business person asked for, e.g. "orders per hour by country with revenue in EUR". Its
 * {@code table} is the PostgreSQL table name (unique across all sources), {@code title} the sentence shown to
 * people; each row covers one {@link Bucket} and one combination of dimension values.
 */
public record AggregationSpec(String table, String title, Bucket bucket, List<Dimension> dimensions,
                              List<Measure> measures) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,50}");

    public AggregationSpec {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(bucket, "bucket");
        dimensions = List.copyOf(Objects.requireNonNull(dimensions, "dimensions"));
        measures = List.copyOf(Objects.requireNonNull(measures, "measures"));
        requireIdentifier(table, "aggregation table");
        if (measures.isEmpty()) {
            throw new IllegalArgumentException("aggregation '" + table + "' needs at least one measure");
        }
        Set<String> columns = new HashSet<>();
        columns.add(bucket.column());
        for (Dimension d : dimensions) {
            if (!columns.add(d.column())) {
                throw new IllegalArgumentException("aggregation '" + table + "' repeats column '" + d.column() + "'");
            }
        }
        for (Measure m : measures) {
            if (!columns.add(m.column())) {
                throw new IllegalArgumentException("aggregation '" + table + "' repeats column '" + m.column() + "'");
            }
        }
    }

    /** The record fields this aggregation reads besides the event time: its dimensions' and its measures'. */
    public Set<String> fieldsRead() {
        Set<String> fields = new LinkedHashSet<>();
        dimensions.forEach(d -> fields.add(d.field()));
        measures.stream().map(Measure::field).filter(Objects::nonNull).forEach(fields::add);
        return fields;
    }

    static void requireIdentifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be lower snake case, at most 51 characters: '" + name + "'");
        }
    }
}
