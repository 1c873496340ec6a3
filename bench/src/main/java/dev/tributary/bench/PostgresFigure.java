package dev.tributary.bench;

import dev.tributary.adapters.postgres.JdbcSchema;
import dev.tributary.adapters.formats.catalog.YamlSourceCatalog;
import dev.tributary.adapters.formats.codec.JacksonRecordCodec;
import dev.tributary.adapters.local.db.EmbeddedDatabase;
import dev.tributary.adapters.formats.UuidV7BatchIds;
import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.AggregateKey;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Aggregator;
import dev.tributary.domain.aggregation.Dimension;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;
import dev.tributary.domain.aggregation.MeasureState;
import dev.tributary.domain.lake.AppliedBatch;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.rules.Cleaner;
import dev.tributary.domain.rules.CleaningOutcome;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code JdbcAggregateStore.apply} (ledger row + upserts, one transaction per batch) against PostgreSQL COPY of the
 * same rows, also one transaction per batch, into same-shaped tables without keys ({@code CREATE TABLE ... (LIKE
 * ...)}), which is the fastest way PostgreSQL takes rows in. The batches are real: 1,000 {@code web_clicks} events
 * each, decoded, cleaned and aggregated by the production code, 20 ms of event time apart (50,000 events/s), so
 * upserts mostly merge into rows earlier batches created, as they do in production. Rows = aggregate rows; the
 * ledger row and the distinct-value rows go along on both sides.
 */
final class PostgresFigure {
    private static final SourceName SOURCE = new SourceName(ClickEvents.SOURCE);
    private final Path work;
    private final int batchesPerRound;
    private final int rounds;
    private final int group;

    record PreparedBatch(AppliedBatch entry, List<AggregateDelta> deltas) {
        int rows() {
            return deltas.stream().mapToInt(d -> d.rows().size()).sum();
        }
    }

    /** {@code group}: batches per transaction on both sides (1: as one aggregator notice at a time; the pool's 50). */
    PostgresFigure(Path work, int batchesPerRound, int rounds, int group) {
        this.work = work;
        this.batchesPerRound = batchesPerRound;
        this.rounds = rounds;
        this.group = group;
    }

    Comparison run() throws IOException, SQLException {
        SourceDefinition source = YamlSourceCatalog.shipped().require(SOURCE);
        try (EmbeddedDatabase db = EmbeddedDatabase.start(work.resolve("postgres"), ChildJvm.freePort());
             ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                     "tributary.database.url", db.jdbcUrl(), "tributary.database.user", db.user(),
                     "tributary.database.pool-size", 2)).start()) {
            AggregateStore store = context.getBean(AggregateStore.class);  // as the aggregators have it wired
            DataSource pool = DelegatingDataSource.unwrapDataSource(
                    context.getBean(DataSource.class, Qualifiers.byName(JdbcSchema.DATA_SOURCE)));
            store.prepare(List.of(source));
            createCopyTables(pool, source);
            List<PreparedBatch> batches = batches(source, batchesPerRound * (rounds + 1));
            List<Double> subject = new ArrayList<>();
            List<Double> baseline = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {          // round 0 warms both sides up, untimed
                List<PreparedBatch> chunk = batches.subList(round * batchesPerRound, (round + 1) * batchesPerRound);
                int rows = chunk.stream().mapToInt(PreparedBatch::rows).sum();
                boolean copyFirst = round % 2 == 0;
                double first = copyFirst ? copy(pool, chunk, group) : apply(store, chunk, group);
                double second = copyFirst ? apply(store, chunk, group) : copy(pool, chunk, group);
                if (round > 0) {
                    baseline.add(rows / (copyFirst ? first : second));
                    subject.add(rows / (copyFirst ? second : first));
                }
            }
            requireSameTotals(pool);
            double rowsPerBatch = batches.stream().mapToInt(PreparedBatch::rows).average().orElse(0);
            String perTransaction = group == 1 ? "one transaction per batch on both sides"
                    : group + " batches per transaction on both sides (`applyAll`; rows of one transaction are combined"
                    + " before the upserts, COPY writes them all)";
            return new Comparison("Aggregate upsert + ledger into PostgreSQL" + (group == 1 ? ""
                    : ", " + group + " batches per transaction"), "rows/s", subject, baseline, 0.50,
                    String.format("%d batches per side and round of 1,000 web_clicks events, %.0f aggregate rows each "
                            + "(2 tables, 1 distinct count); %s", batchesPerRound, rowsPerBatch, perTransaction));
        }
    }

    static List<PreparedBatch> batches(SourceDefinition source, int count) {
        ClickEvents events = new ClickEvents(3);
        JacksonRecordCodec codec = new JacksonRecordCodec();
        Cleaner cleaner = new Cleaner(source);
        UuidV7BatchIds ids = new UuidV7BatchIds(Clock.systemUTC());
        Instant start = Instant.now();
        List<PreparedBatch> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = start.plusMillis(20L * i);
            List<CleanRecord> records = cleaner.cleanAll(codec.decode(InputFormat.NDJSON, events.batch(1000, at))).stream()
                    .filter(CleaningOutcome.Clean.class::isInstance).map(o -> ((CleaningOutcome.Clean) o).record())
                    .toList();
            List<AggregateDelta> deltas = source.aggregations().stream()
                    .map(spec -> Aggregator.aggregate(spec, records)).toList();
            ObjectKey raw = ObjectKey.raw(SOURCE, ids.next(), InputFormat.NDJSON);
            Lineage lineage = Lineage.received(raw.batch(), SOURCE, at, 1000).rawWritten(at)
                    .transformed(at, records.size(), 1000 - records.size()).staged(at, source.schemaVersion());
            batches.add(new PreparedBatch(new AppliedBatch(lineage, raw.path(),
                    raw.in(Zone.STAGED).path(), at), deltas));
        }
        return batches;
    }

    /** Seconds for {@code store.applyAll} of every batch, {@code group} batches per call (one transaction each). */
    static double apply(AggregateStore store, List<PreparedBatch> batches, int group) {
        long start = System.nanoTime();
        for (int from = 0; from < batches.size(); from += group) {
            store.applyAll(batches.subList(from, Math.min(batches.size(), from + group)).stream()
                    .map(b -> new AggregateStore.BatchDeltas(b.entry(), b.deltas())).toList());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds for COPYing every batch's ledger row, aggregate rows and distinct values, a transaction per group. */
    private static double copy(DataSource pool, List<PreparedBatch> batches, int group)
            throws SQLException, IOException {
        long start = System.nanoTime();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (int b = 0; b < batches.size(); b++) {
                PreparedBatch batch = batches.get(b);
                copy.copyIn("COPY copy_applied_batches (batch_id, source, raw_records, clean_records, rejected_records,"
                        + " received_at, raw_written_at, transformed_at, staged_at, aggregated_at, schema_version,"
                        + " raw_object, staged_object) FROM STDIN (FORMAT csv)", new StringReader(ledgerCsv(batch.entry())));
                for (AggregateDelta delta : batch.deltas()) {
                    copy.copyIn("COPY " + quote("copy_" + delta.spec().table()) + " (" + columns(delta.spec())
                            + ") FROM STDIN (FORMAT csv)", new StringReader(rowsCsv(delta)));
                    for (Measure m : delta.spec().measures()) {
                        if (m.function() == MeasureFunction.DISTINCT_COUNT) {
                            copy.copyIn("COPY " + quote("copy_" + distinctTable(delta.spec(), m)) + " ("
                                    + keyColumns(delta.spec()).stream().map(PostgresFigure::quote)
                                    .collect(Collectors.joining(", ")) + ", value) FROM STDIN (FORMAT csv)",
                                    new StringReader(distinctCsv(delta, m)));
                        }
                    }
                }
                if ((b + 1) % group == 0 || b == batches.size() - 1) {
                    c.commit();
                }
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void createCopyTables(DataSource pool, SourceDefinition source) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE copy_applied_batches (LIKE tributary.applied_batches)");
            for (AggregationSpec spec : source.aggregations()) {
                s.execute("CREATE TABLE " + quote("copy_" + spec.table()) + " (LIKE reports." + quote(spec.table())
                        + ")");
                for (Measure m : spec.measures()) {   // the copy keeps each average's number of values beside it
                    if (m.function() == MeasureFunction.AVG) {
                        s.execute("ALTER TABLE " + quote("copy_" + spec.table()) + " ADD COLUMN "
                                + quote(m.column() + "_samples") + " bigint");
                    }
                }
                for (Measure m : spec.measures()) {
                    if (m.function() == MeasureFunction.DISTINCT_COUNT) {
                        s.execute("CREATE TABLE " + quote("copy_" + distinctTable(spec, m)) + " (LIKE tributary."
                                + quote(distinctTable(spec, m)) + ")");
                    }
                }
            }
        }
    }

    /** Both sides must have written the same clicks, or the comparison compares different work. */
    private static void requireSameTotals(DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT sum(clicks) FROM reports.clicks_per_hour_by_device),"
                     + " (SELECT sum(clicks) FROM copy_clicks_per_hour_by_device)")) {
            rs.next();
            if (rs.getLong(1) != rs.getLong(2)) {
                throw new IllegalStateException("upserts hold " + rs.getLong(1) + " clicks, the copies " + rs.getLong(2));
            }
        }
    }

    private static String ledgerCsv(AppliedBatch entry) {
        Lineage l = entry.lineage();
        return csv(List.of(l.batch().toString(), l.source().value(), l.rawRecords(), l.cleanRecords(),
                l.rejectedRecords(), l.receivedAt(), l.rawWrittenAt(), l.transformedAt(), l.stagedAt(),
                entry.aggregatedAt(), l.schemaVersion(), entry.rawObject(), entry.stagedObject()));
    }

    private static String rowsCsv(AggregateDelta delta) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<AggregateKey, List<MeasureState>> row : delta.rows().entrySet()) {
            List<Object> values = key(row.getKey());
            List<Measure> measures = delta.spec().measures();
            for (int m = 0; m < measures.size(); m++) {
                MeasureState s = row.getValue().get(m);
                switch (measures.get(m).function()) {
                    case COUNT -> values.add(s.count());
                    case DISTINCT_COUNT -> values.add(s.distinct().size());
                    case SUM -> values.add(s.sum());
                    case MIN -> values.add(s.min());
                    case MAX -> values.add(s.max());
                    case AVG -> {
                        values.add(s.sum().divide(BigDecimal.valueOf(s.count()), MathContext.DECIMAL64));
                        values.add(s.count());
                    }
                }
            }
            out.append(csv(values));
        }
        return out.toString();
    }

    private static String distinctCsv(AggregateDelta delta, Measure measure) {
        int index = delta.spec().measures().indexOf(measure);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<AggregateKey, List<MeasureState>> row : delta.rows().entrySet()) {
            for (String value : row.getValue().get(index).distinct()) {
                List<Object> values = key(row.getKey());
                values.add(value);
                out.append(csv(values));
            }
        }
        return out.toString();
    }

    private static List<Object> key(AggregateKey key) {
        List<Object> values = new ArrayList<>();
        values.add(key.bucketStart());
        values.addAll(key.dimensionValues());
        return values;
    }

    private static List<String> keyColumns(AggregationSpec spec) {
        List<String> columns = new ArrayList<>();
        columns.add(spec.bucket().column());
        spec.dimensions().stream().map(Dimension::column).forEach(columns::add);
        return columns;
    }

    private static String columns(AggregationSpec spec) {
        List<String> columns = keyColumns(spec);
        for (Measure m : spec.measures()) {
            columns.add(m.column());
            if (m.function() == MeasureFunction.AVG) {
                columns.add(m.column() + "_samples");
            }
        }
        return columns.stream().map(PostgresFigure::quote).collect(Collectors.joining(", "));
    }

    /** The side table's name as the store names it (names over 63 bytes, which it hashes, do not occur here). */
    private static String distinctTable(AggregationSpec spec, Measure m) {
        String name = spec.table() + "__distinct_" + m.column();
        if (name.length() > 63) {
            throw new IllegalStateException("distinct table name too long for the bench: " + name);
        }
        return name;
    }

    private static String csv(List<?> values) {
        return values.stream().map(v -> v == null ? "" : v instanceof Number ? v.toString()
                : '"' + v.toString().replace("\"", "\"\"") + '"').collect(Collectors.joining(",")) + "\n";
    }

    private static String quote(String identifier) {
        return '"' + identifier + '"';
    }
}
