package dev.tributary.adapters.postgres;

import dev.tributary.domain.aggregation.AggregateKey;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.aggregation.Dimension;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;
import dev.tributary.domain.source.SourceDefinition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The SQL of one aggregation's table: its DDL with comments, the upsert that merges a delta row, the insert that
 * records distinct values, and the selects behind queries (rows as stored, or rolled up to a coarser bucket). The
 * table, in the reports schema, has the bucket and dimension columns as its primary key and one column per measure:
 * only what a person reads. What keeps it exact lives in the internal schema: {@code <table>__averages} holds each
 * average's exact sum and number of values (the average is their quotient, whatever order batches came in), and
 * {@code <table>__distinct_<column>} per distinct count holds the values.
 */
final class AggregateTableSql {
    static final String DISTINCT_VALUE = "value";
    private static final String AVERAGES_SUFFIX = "__averages";
    /** The rolled-up bucket's alias; no column clashes with it, as columns are validated to start with a letter. */
    private static final String ROLLED_BUCKET = "\"_bucket\"";
    private static final int MAX_IDENTIFIER = 63;

    private final AggregationSpec spec;
    private final TableSchemas schemas;
    private final List<String> keyColumns;

    /** The live tables: the aggregate table in the reports schema, its side tables in the internal schema. */
    AggregateTableSql(AggregationSpec spec) {
        this(spec, TableSchemas.LIVE);
    }

    AggregateTableSql(AggregationSpec spec, TableSchemas schemas) {
        this.spec = spec;
        this.schemas = schemas;
        this.keyColumns = Stream.concat(Stream.of(spec.bucket().column()),
                spec.dimensions().stream().map(Dimension::column)).toList();
        Set<String> columns = Stream.concat(keyColumns.stream(), spec.measures().stream().map(Measure::column))
                .collect(Collectors.toSet());
        if (keyColumns.contains(DISTINCT_VALUE) && spec.measures().stream()
                .anyMatch(m -> m.function() == MeasureFunction.DISTINCT_COUNT)) {
            throw new IllegalArgumentException("aggregation '" + spec.table() + "': a dimension named '"
                    + DISTINCT_VALUE + "' cannot be combined with a distinct count");
        }
    }

    AggregationSpec spec() {
        return spec;
    }

    private boolean hasAverages() {
        return spec.measures().stream().anyMatch(m -> m.function() == MeasureFunction.AVG);
    }

    /** The key columns: the bucket, then the dimensions. */
    List<String> keyColumns() {
        return keyColumns;
    }

    /** The aggregate table, schema-qualified. */
    String table() {
        return quote(schemas.reports()) + "." + quote(spec.table());
    }

    private String averagesTable() {
        return quote(schemas.internal()) + "." + quote(averagesName());
    }

    String averagesName() {
        return shortened(spec.table() + AVERAGES_SUFFIX);
    }

    /** Every table of the aggregation by unqualified name: the aggregate table, then its side tables. */
    List<String> tableNames() {
        List<String> names = new ArrayList<>();
        names.add(spec.table());
        if (hasAverages()) {
            names.add(averagesName());
        }
        spec.measures().stream().filter(m -> m.function() == MeasureFunction.DISTINCT_COUNT)
                .forEach(m -> names.add(distinctName(m)));
        return names;
    }

    /**
     * Creates the table, adds missing measure columns (a source that gained a measure) and side tables, comments
     * everything and lets the read-only role read the table. Idempotent.
     */
    List<String> ddl(SourceDefinition source) {
        List<String> sql = new ArrayList<>();
        String table = table();
        sql.add("CREATE TABLE IF NOT EXISTS " + table + " (" + keyColumnDefinitions() + ", PRIMARY KEY ("
                + list(keyColumns) + "))");
        sql.add("COMMENT ON TABLE " + table + " IS " + literal(spec.title() + ". From source " + source.name()
                + " (" + source.title() + "). One row per " + rowPer() + "."));
        sql.addAll(keyComments(table));
        if (hasAverages()) {
            sql.add("CREATE TABLE IF NOT EXISTS " + averagesTable() + " (" + keyColumnDefinitions()
                    + ", PRIMARY KEY (" + list(keyColumns) + "))");
            sql.add("COMMENT ON TABLE " + averagesTable() + " IS " + literal("Exact sums and numbers of values"
                    + " behind the averages of " + JdbcSchema.REPORTS + "." + spec.table()
                    + ": each average is its sum divided by its number of values."));
            sql.addAll(keyComments(averagesTable()));
        }
        for (Measure m : spec.measures()) {
            sql.add("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + quote(m.column()) + " " + type(m));
            sql.add(columnComment(table, m.column(), m.description() + " (" + describe(m) + ")."));
            if (m.function() == MeasureFunction.AVG) {
                sql.add("ALTER TABLE " + averagesTable() + " ADD COLUMN IF NOT EXISTS " + quote(sum(m))
                        + " numeric, ADD COLUMN IF NOT EXISTS " + quote(samples(m)) + " bigint");
                sql.add(columnComment(averagesTable(), sum(m), "Sum of the values averaged into " + m.column() + "."));
                sql.add(columnComment(averagesTable(), samples(m), "Number of values averaged into " + m.column()
                        + "."));
            }
            if (m.function() == MeasureFunction.DISTINCT_COUNT) {
                sql.addAll(distinctTableDdl(m));
            }
        }
        sql.add(JdbcSchema.grantToReader(table));
        return sql;
    }

    private List<String> distinctTableDdl(Measure m) {
        String side = distinctTable(m);
        List<String> sql = new ArrayList<>();
        sql.add("CREATE TABLE IF NOT EXISTS " + side + " (" + keyColumnDefinitions() + ", "
                + quote(DISTINCT_VALUE) + " text NOT NULL, PRIMARY KEY (" + list(keyColumns) + ", "
                + quote(DISTINCT_VALUE) + "))");
        sql.add("COMMENT ON TABLE " + side + " IS " + literal("Distinct values of field " + m.field()
                + " seen per row of " + JdbcSchema.REPORTS + "." + spec.table() + "; their number is its column "
                + m.column() + "."));
        sql.addAll(keyComments(side));
        sql.add(columnComment(side, DISTINCT_VALUE, "One distinct value of field " + m.field() + "."));
        return sql;
    }

    /** What one row covers: the bucket, then the dimensions. */
    String rowPer() {
        return spec.bucket().column() + describeDimensions();
    }

    /**
     * Moves the aggregation's tables of a database from before the two schemas out of {@code public}: the table to
     * the reports schema, its distinct-value tables to the internal one, and each average's {@code <avg>_samples}
     * column into the averages table (as sum = average × samples, the best the old layout kept). For the caller to
     * run, before {@link #ddl}, when {@code public.<table>} exists and the reports schema has no such table.
     */
    List<String> moveFromPublic() {
        List<String> moves = new ArrayList<>();
        moves.add("ALTER TABLE public." + quote(spec.table()) + " SET SCHEMA " + quote(schemas.reports()));
        for (Measure m : spec.measures()) {
            if (m.function() == MeasureFunction.DISTINCT_COUNT) {
                moves.add("ALTER TABLE IF EXISTS public." + quote(distinctName(m)) + " SET SCHEMA "
                        + quote(schemas.internal()));
            }
        }
        if (hasAverages()) {
            moves.add("CREATE TABLE IF NOT EXISTS " + averagesTable() + " (" + keyColumnDefinitions()
                    + ", PRIMARY KEY (" + list(keyColumns) + "))");
        }
        for (Measure m : spec.measures()) {
            if (m.function() == MeasureFunction.AVG) {
                moves.add("ALTER TABLE " + averagesTable() + " ADD COLUMN IF NOT EXISTS " + quote(sum(m))
                        + " numeric, ADD COLUMN IF NOT EXISTS " + quote(samples(m)) + " bigint");
                moves.add("INSERT INTO " + averagesTable() + " (" + list(keyColumns) + ", " + quote(sum(m)) + ", "
                        + quote(samples(m)) + ") SELECT " + list(keyColumns) + ", " + quote(m.column()) + " * "
                        + quote(samples(m)) + ", " + quote(samples(m)) + " FROM " + table() + " ON CONFLICT ("
                        + list(keyColumns) + ") DO UPDATE SET " + quote(sum(m)) + " = EXCLUDED." + quote(sum(m))
                        + ", " + quote(samples(m)) + " = EXCLUDED." + quote(samples(m)));
                moves.add("ALTER TABLE " + table() + " DROP COLUMN IF EXISTS " + quote(samples(m)));
            }
        }
        return moves;
    }

    /**
     * Inserts a delta row or merges it into the existing row. Parameters: with averages, first the key columns and per
     * AVG measure its sum and number of values (they add up in the averages table, which returns the new averages);
     * then the key columns and per other measure its value (COUNT: count; SUM/MIN/MAX: the number; DISTINCT_COUNT:
     * the number of values newly inserted into the side table). Counts and sums add, min and max keep extremes, an
     * average is the exact sum over the exact number of all values so far.
     */
    String upsert() {
        List<String> columns = new ArrayList<>(keyColumns);
        List<String> values = new ArrayList<>(keyColumns.stream().map(this::keyParameter).toList());
        List<String> merges = new ArrayList<>();
        for (Measure m : spec.measures()) {
            String c = quote(m.column());
            columns.add(m.column());
            switch (m.function()) {
                case COUNT, DISTINCT_COUNT -> {
                    values.add("CAST(? AS bigint)");
                    merges.add(c + " = COALESCE(t." + c + ", 0) + EXCLUDED." + c);
                }
                case SUM -> {
                    values.add("CAST(? AS numeric)");
                    merges.add(c + " = COALESCE(t." + c + ", 0) + EXCLUDED." + c);
                }
                case MIN, MAX -> {
                    values.add("CAST(? AS numeric)");
                    String f = m.function() == MeasureFunction.MIN ? "LEAST" : "GREATEST";
                    merges.add(c + " = " + f + "(t." + c + ", EXCLUDED." + c + ")");
                }
                case AVG -> {
                    values.add("a." + c);
                    merges.add(c + " = EXCLUDED." + c);
                }
            }
        }
        String insert = "INSERT INTO " + table() + " AS t (" + list(columns) + ") ";
        String merge = " ON CONFLICT (" + list(keyColumns) + ") DO UPDATE SET " + String.join(", ", merges);
        if (!hasAverages()) {
            return insert + "VALUES (" + String.join(", ", values) + ")" + merge;
        }
        return averagesUpsert() + " " + insert + "SELECT " + String.join(", ", values) + " FROM a" + merge;
    }

    /** {@code WITH a AS (…)}: adds the delta's sums and numbers of values, returns the row's new averages. */
    private String averagesUpsert() {
        List<String> columns = new ArrayList<>(keyColumns);
        List<String> values = new ArrayList<>(keyColumns.stream().map(this::keyParameter).toList());
        List<String> merges = new ArrayList<>();
        List<String> averages = new ArrayList<>();
        for (Measure m : spec.measures()) {
            if (m.function() != MeasureFunction.AVG) {
                continue;
            }
            String sum = quote(sum(m));
            String n = quote(samples(m));
            columns.add(sum(m));
            columns.add(samples(m));
            values.add("CAST(? AS numeric)");
            values.add("CAST(? AS bigint)");
            merges.add(sum + " = COALESCE(x." + sum + ", 0) + EXCLUDED." + sum);
            merges.add(n + " = COALESCE(x." + n + ", 0) + EXCLUDED." + n);
            averages.add(sum + " / NULLIF(" + n + ", 0) AS " + quote(m.column()));
        }
        return "WITH a AS (INSERT INTO " + averagesTable() + " AS x (" + list(columns) + ") VALUES ("
                + String.join(", ", values) + ") ON CONFLICT (" + list(keyColumns) + ") DO UPDATE SET "
                + String.join(", ", merges) + " RETURNING " + String.join(", ", averages) + ")";
    }

    /** Whether {@link #upsert} starts with the averages' parameters. */
    boolean upsertsAverages() {
        return hasAverages();
    }

    /** Adds a row's distinct values (a text[] parameter after the key); the update count is how many were new. */
    String insertDistinct(Measure m) {
        return "INSERT INTO " + distinctTable(m) + " (" + list(keyColumns) + ", " + quote(DISTINCT_VALUE)
                + ") SELECT " + String.join(", ", keyColumns.stream().map(this::keyParameter).toList())
                + ", v FROM unnest(CAST(? AS text[])) AS v ON CONFLICT DO NOTHING";
    }

    /**
     * Rows whose {@code bucket} starts in [?, ?), matching the given dimension columns (one parameter each), newest
     * bucket first, LIMIT ?. The aggregation's own bucket reads the rows as stored; a coarser one rolls them up.
     */
    String select(List<String> filteredDimensions, Bucket bucket) {
        if (bucket != spec.bucket()) {
            return rollUp(filteredDimensions, bucket);
        }
        List<String> columns = new ArrayList<>(keyColumns);
        spec.measures().forEach(m -> columns.add(m.column()));
        String time = quote(spec.bucket().column());
        StringBuilder sql = new StringBuilder("SELECT ").append(list(columns)).append(" FROM ")
                .append(table()).append(" WHERE ").append(time).append(" >= ? AND ").append(time)
                .append(" < ?");
        filteredDimensions.forEach(d -> sql.append(" AND ").append(quote(d)).append(" = ?"));
        sql.append(" ORDER BY ").append(time).append(" DESC");
        spec.dimensions().forEach(d -> sql.append(", ").append(quote(d.column())).append(" COLLATE \"C\""));
        return sql.append(" LIMIT ?").toString();
    }

    /**
     * Groups the stored rows by their coarser bucket (the range parameters must be bucket starts of the coarser
     * bucket, so every group is whole) and applies the limit to the groups, each measure combined by
     * {@link #acrossRows}. A distinct count is not a sum: the distinct values are
     * counted again in the side table over the coarser bucket, only for the groups returned. A measure no row of a
     * group has (added to the source later) stays NULL.
     */
    private String rollUp(List<String> filteredDimensions, Bucket bucket) {
        String time = "t." + quote(spec.bucket().column());
        List<String> dims = spec.dimensions().stream().map(d -> quote(d.column())).toList();
        List<String> grouped = new ArrayList<>();
        grouped.add("date_trunc('" + bucket.column() + "', " + time + ", 'UTC') AS " + ROLLED_BUCKET);
        dims.forEach(d -> grouped.add("t." + d));
        List<String> outer = new ArrayList<>();
        outer.add("r." + ROLLED_BUCKET);
        dims.forEach(d -> outer.add("r." + d));
        for (Measure m : spec.measures()) {
            String c = quote(m.column());
            grouped.add((m.function() == MeasureFunction.DISTINCT_COUNT ? "count(t." + c + ")"   // rows that have it
                    : acrossRows(m)) + " AS " + c);
            outer.add(m.function() != MeasureFunction.DISTINCT_COUNT ? "r." + c
                    : "CASE WHEN r." + c + " = 0 THEN NULL ELSE " + distinctOver(m, bucket) + " END");
        }
        StringBuilder inner = new StringBuilder("SELECT ").append(String.join(", ", grouped)).append(" FROM ")
                .append(rowsWithAverages());
        inner.append(" WHERE ").append(time).append(" >= ? AND ").append(time).append(" < ?");
        filteredDimensions.forEach(d -> inner.append(" AND t.").append(quote(d)).append(" = ?"));
        inner.append(" GROUP BY ").append(String.join(", ", IntStream.rangeClosed(1, 1 + dims.size())
                .mapToObj(Integer::toString).toList()));
        inner.append(order("t.")).append(" LIMIT ?");
        return "SELECT " + String.join(", ", outer) + " FROM (" + inner + ") r" + order("r.");
    }

    /** Newest bucket first, then the dimensions of {@code alias} byte-wise. */
    private String order(String alias) {
        return " ORDER BY " + ROLLED_BUCKET + " DESC" + spec.dimensions().stream()
                .map(d -> ", " + alias + quote(d.column()) + " COLLATE \"C\"").collect(Collectors.joining());
    }

    /** The number of distinct values of {@code m} in the side table over the coarser bucket of the group {@code r}. */
    private String distinctOver(Measure m, Bucket bucket) {
        String time = "d." + quote(spec.bucket().column());
        StringBuilder sql = new StringBuilder("(SELECT count(DISTINCT d.").append(quote(DISTINCT_VALUE))
                .append(") FROM ").append(distinctTable(m)).append(" d WHERE ").append(time).append(" >= r.")
                .append(ROLLED_BUCKET).append(" AND ").append(time).append(" < r.").append(ROLLED_BUCKET)
                .append(" + interval '").append(bucket.length().toSeconds()).append(" seconds'");
        spec.dimensions().forEach(d -> sql.append(" AND d.").append(quote(d.column())).append(" = r.")
                .append(quote(d.column())));
        return sql.append(")").toString();
    }

    /**
     * A scalar subquery: measure {@code m} over the whole table, combined as {@link #acrossRows} combines rows. A
     * distinct count is summed over the rows: counting the distinct values of the whole table would read its side
     * table, which grows with every record of history, while a replay's switch holds the live tables' writers waiting.
     */
    String wholeTable(Measure m) {
        String combined = m.function() == MeasureFunction.DISTINCT_COUNT ? "sum(t." + quote(m.column()) + ")"
                : acrossRows(m);
        return "(SELECT " + combined + " FROM " + rowsWithAverages() + ")";
    }

    /**
     * How measure {@code m} of the rows {@code t} combines into one value (its averages' sums and numbers of values
     * are {@code x}, see {@link #rowsWithAverages}): counts and sums add up, min and max keep extremes, an average is
     * weighted by its samples. Not for a distinct count, whose values are not in its rows.
     */
    private static String acrossRows(Measure m) {
        String c = quote(m.column());
        return switch (m.function()) {
            case COUNT -> "CAST(sum(t." + c + ") AS bigint)";
            case SUM -> "sum(t." + c + ")";
            case MIN -> "min(t." + c + ")";
            case MAX -> "max(t." + c + ")";
            case AVG -> "sum(x." + quote(sum(m)) + ") / NULLIF(sum(x." + quote(samples(m)) + "), 0)";
            case DISTINCT_COUNT -> throw new IllegalArgumentException("a distinct count does not add up over rows");
        };
    }

    /** The table as {@code t}, with each row's averages beside it as {@code x} when it has any. */
    private String rowsWithAverages() {
        return table() + " t" + (!hasAverages() ? "" : " LEFT JOIN " + averagesTable() + " x ON "
                + keyColumns.stream().map(k -> "x." + quote(k) + " = t." + quote(k))
                .collect(Collectors.joining(" AND ")));
    }

    /** The result's columns: the bucket's time column, the dimensions, the measures. */
    List<String> columns(Bucket bucket) {
        List<String> columns = new ArrayList<>();
        columns.add(bucket.column());
        spec.dimensions().forEach(d -> columns.add(d.column()));
        spec.measures().forEach(m -> columns.add(m.column()));
        return columns;
    }

    /** The distinct-value side table, schema-qualified. */
    String distinctTable(Measure m) {
        return quote(schemas.internal()) + "." + quote(distinctName(m));
    }

    String distinctName(Measure m) {
        return shortened(spec.table() + "__distinct_" + m.column());
    }

    /** Names PostgreSQL would truncate (over 63 bytes) are shortened with a hash instead. */
    private static String shortened(String name) {
        if (name.length() <= MAX_IDENTIFIER) {
            return name;
        }
        return name.substring(0, MAX_IDENTIFIER - 9) + "_" + hash(name);
    }

    private String keyParameter(String column) {
        return column.equals(spec.bucket().column()) ? "CAST(? AS timestamptz)" : "CAST(? AS text)";
    }

    private String keyColumnDefinitions() {
        return keyColumns.stream().map(c -> quote(c) + (c.equals(spec.bucket().column()) ? " timestamptz" : " text")
                + " NOT NULL").collect(Collectors.joining(", "));
    }

    private List<String> keyComments(String table) {
        List<String> sql = new ArrayList<>();
        sql.add(columnComment(table, spec.bucket().column(), "Start (UTC) of the " + spec.bucket().column()
                + " this row covers."));
        for (Dimension d : spec.dimensions()) {
            sql.add(columnComment(table, d.column(), "Value of field " + d.field() + "; "
                    + AggregateKey.NONE + " when a record had none."));
        }
        return sql;
    }

    private String describeDimensions() {
        return spec.dimensions().isEmpty() ? ""
                : " and " + spec.dimensions().stream().map(Dimension::column).collect(Collectors.joining(", "));
    }

    private static String describe(Measure m) {
        String f = m.function().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return m.field() == null ? f + " of records" : f + " of field " + m.field();
    }

    private static String type(Measure m) {
        return switch (m.function()) {
            case COUNT, DISTINCT_COUNT -> "bigint";
            case SUM, MIN, MAX, AVG -> "numeric";
        };
    }

    static String samples(Measure m) {
        return m.column() + "_samples";
    }

    static String sum(Measure m) {
        return m.column() + "_sum";
    }

    /** {@code table} is schema-qualified and quoted already. */
    private static String columnComment(String table, String column, String text) {
        return "COMMENT ON COLUMN " + table + "." + quote(column) + " IS " + literal(text);
    }

    /** Identifiers are validated lower snake case by the domain; quoting keeps reserved words (e.g. "hour") safe. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** COMMENT takes no bind parameters; a standard string literal only needs its quotes doubled. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String list(List<String> identifiers) {
        return identifiers.stream().map(AggregateTableSql::quote).collect(Collectors.joining(", "));
    }

    private static String hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
