package dev.tributary.adapters.postgres;

import dev.tributary.application.port.out.AggregateRebuilds;
import dev.tributary.application.port.out.AggregateStore.BatchDeltas;
import dev.tributary.domain.aggregation.AggregateDelta;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.TableDiff;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.EventRange;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import io.micronaut.transaction.TransactionOperations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Rebuilds in PostgreSQL: a schema {@code replay_<id>} holds the rebuilt tables (same names and columns as the live
 * ones) and {@code replayed_batches}, the batches they hold with the counts and event times their new rules gave.
 * The switch-over locks the live tables against writers (readers go on), catches up, drops them and moves the rebuilt
 * ones into their schemas, all in one transaction: a reader's query waiting on the lock resolves the table's name
 * again once it is granted and reads the new table. A live aggregator's transaction that inserted its ledger row and
 * waits on the lock is not visible to the catch-up; it writes into the new tables after the commit. Either way each
 * batch counts once.
 */
public final class JdbcAggregateRebuilds implements AggregateRebuilds {
    private static final String PORT = "aggregate store";
    private static final int EXAMPLES = 5;

    private final TransactionOperations<Connection> transactions;
    private String sentId;
    private SentDistinctValues sent;

    public JdbcAggregateRebuilds(TransactionOperations<Connection> transactions) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    @Override
    public List<BatchId> open(String id, SourceDefinition source, List<AggregationSpec> tables) {
        String schema = schema(id);
        return DatabaseCalls.call(PORT, () -> transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".replayed_batches (batch_id uuid PRIMARY KEY,"
                        + " clean_records int, rejected_records int, transformed_at timestamptz,"
                        + " staged_at timestamptz, first_event_at timestamptz, last_event_at timestamptz,"
                        + " definition_version text)");
                for (AggregationSpec spec : tables) {
                    for (String ddl : new AggregateTableSql(spec, schemas(id)).ddl(source)) {
                        s.execute(ddl);
                    }
                }
                List<BatchId> done = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT batch_id FROM " + schema + ".replayed_batches")) {
                    while (rs.next()) {
                        done.add(new BatchId(rs.getObject(1, UUID.class)));
                    }
                }
                return done;
            }
        }));
    }

    @Override
    public List<Missing> missing(String id, SourceName source, int limit) {
        return DatabaseCalls.call(PORT, () -> transactions.executeRead(status ->
                missing(status.getConnection(), id, source, null, limit)));
    }

    @Override
    public List<Missing> missing(String id, SourceName source, BatchId after, int limit) {
        return DatabaseCalls.call(PORT, () -> transactions.executeRead(status ->
                missing(status.getConnection(), id, source, after, limit)));
    }

    @Override
    public Optional<DefinitionVersion> definition(SourceName source, String version) {
        return DatabaseCalls.call(PORT, () -> transactions.executeRead(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("SELECT definition FROM"
                    + " tributary.source_definitions WHERE source = ? AND version = ?")) {
                ps.setString(1, source.value());
                ps.setString(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new DefinitionVersion(version, rs.getString(1))) : Optional.empty();
                }
            }
        }));
    }

    private static List<Missing> missing(Connection c, String id, SourceName source, BatchId after, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.batch_id, a.definition_version"
                + " FROM tributary.applied_batches a"
                + " WHERE a.source = ?" + (after == null ? "" : " AND a.batch_id > ?")
                + " AND NOT EXISTS (SELECT 1 FROM " + schema(id) + ".replayed_batches r"
                + " WHERE r.batch_id = a.batch_id) ORDER BY a.batch_id LIMIT ?")) {
            int p = 1;
            ps.setString(p++, source.value());
            if (after != null) {
                ps.setObject(p++, after.value());
            }
            ps.setInt(p, limit);
            List<Missing> missing = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    missing.add(new Missing(new BatchId(rs.getObject(1, UUID.class)), rs.getString(2)));
                }
            }
            return missing;
        }
    }

    @Override
    public void add(String id, List<AggregationSpec> tables, List<BatchDeltas> batches) {
        SentDistinctValues.Writes writes = sentBy(id).begin();
        DatabaseCalls.call(PORT, () -> transactions.executeWrite(status -> {
            add(status.getConnection(), id, tables, batches, writes);
            return null;
        }));
        writes.committed();
    }

    /**
     * What the rebuild {@code id} sent to its side tables so far; one rebuild's at a time (another's replaces it, and
     * only costs lookups), so a replay that failed leaves no memory behind for long.
     */
    private synchronized SentDistinctValues sentBy(String id) {
        if (!id.equals(sentId)) {
            sentId = id;
            sent = new SentDistinctValues(SentDistinctValues.BUDGET);
        }
        return sent;
    }

    private synchronized void forget(String id) {
        if (id.equals(sentId)) {
            sentId = null;
            sent = null;
        }
    }

    /** Records the batches not recorded yet and merges only their deltas of {@code tables}. */
    private static void add(Connection c, String id, List<AggregationSpec> tables, List<BatchDeltas> batches,
                            SentDistinctValues.Writes writes) throws SQLException {
        if (batches.isEmpty()) {
            return;
        }
        Set<String> names = tables.stream().map(AggregationSpec::table).collect(Collectors.toSet());
        List<AggregateDelta> fresh = new ArrayList<>();
        // one statement for the group: a batch done before (a resumed or concurrent run) is not returned
        Set<UUID> added = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema(id) + ".replayed_batches SELECT *"
                + " FROM unnest(CAST(? AS uuid[]), CAST(? AS int[]), CAST(? AS int[]), CAST(? AS timestamptz[]),"
                + " CAST(? AS timestamptz[]), CAST(? AS timestamptz[]), CAST(? AS timestamptz[]), CAST(? AS text[]))"
                + " ON CONFLICT DO NOTHING RETURNING batch_id")) {
            int n = batches.size();
            Object[][] columns = {new UUID[n], new Integer[n], new Integer[n], new String[n], new String[n],
                new String[n], new String[n], new String[n]};
            for (int i = 0; i < n; i++) {
                BatchDeltas b = batches.get(i);
                Lineage l = b.entry().lineage();
                EventRange events = b.entry().events();
                columns[0][i] = l.batch().value();
                columns[1][i] = l.cleanRecords();
                columns[2][i] = l.rejectedRecords();
                columns[3][i] = text(l.transformedAt());
                columns[4][i] = text(l.stagedAt());
                columns[5][i] = events == null ? null : text(events.first());
                columns[6][i] = events == null ? null : text(events.last());
                columns[7][i] = b.entry().definitionVersion();
            }
            String[] types = {"uuid", "int4", "int4", "text", "text", "text", "text", "text"};
            for (int col = 0; col < columns.length; col++) {
                ps.setArray(col + 1, c.createArrayOf(types[col], columns[col]));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    added.add(rs.getObject(1, UUID.class));
                }
            }
        }
        for (BatchDeltas b : batches) {
            if (added.remove(b.entry().lineage().batch().value())) {     // once, should a batch come twice
                b.deltas().stream().filter(d -> names.contains(d.spec().table())).forEach(fresh::add);
            }
        }
        List<AggregateDelta> combined = new ArrayList<>(AggregateDelta.combine(fresh));
        combined.sort(Comparator.comparing(d -> d.spec().table()));
        for (AggregateDelta delta : combined) {
            DeltaUpserts.merge(c, delta, schemas(id), writes);
        }
    }

    /** An instant as PostgreSQL reads a timestamptz (ISO 8601 in UTC), or null. */
    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    @Override
    public List<TableDiff> diff(String id, List<AggregationSpec> tables) {
        return DatabaseCalls.call(PORT, () -> transactions.executeRead(status -> {
            List<TableDiff> diffs = new ArrayList<>();
            for (AggregationSpec spec : tables) {
                diffs.add(TableDiffs.of(status.getConnection(), new AggregateTableSql(spec),
                        new AggregateTableSql(spec, schemas(id)), EXAMPLES));
            }
            return diffs;
        }));
    }

    @Override
    public Switched switchOver(String id, SourceName source, List<AggregationSpec> tables,
                               Function<List<Missing>, List<BatchDeltas>> catchUp) {
        forget(id);
        List<AggregationSpec> ordered = tables.stream().sorted(Comparator.comparing(AggregationSpec::table)).toList();
        return DatabaseCalls.call(PORT, () -> transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            try (Statement s = c.createStatement()) {
                // the order live transactions touch them: distinct values, averages, then the table (DeltaUpserts)
                for (AggregationSpec spec : ordered) {
                    AggregateTableSql live = new AggregateTableSql(spec);
                    List<String> sides = live.tableNames().subList(1, live.tableNames().size());
                    List<String> lockOrder = new ArrayList<>(sides.stream().filter(n -> n.contains("__distinct_"))
                            .toList());                          // distinct values first, then the averages
                    sides.stream().filter(n -> !lockOrder.contains(n)).forEach(lockOrder::add);
                    for (String side : lockOrder) {
                        s.execute("LOCK TABLE " + internal(side) + " IN EXCLUSIVE MODE");
                    }
                    s.execute("LOCK TABLE " + live.table() + " IN EXCLUSIVE MODE");
                }
                List<Missing> missing = missing(c, id, source, null, Integer.MAX_VALUE);
                add(c, id, tables, catchUp.apply(missing), SentDistinctValues.NONE);
                List<TableDiff> diffs = new ArrayList<>();
                for (AggregationSpec spec : tables) {
                    diffs.add(TableDiffs.of(c, new AggregateTableSql(spec), new AggregateTableSql(spec, schemas(id)),
                            EXAMPLES));
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE tributary.applied_batches a SET"
                        + " definition_version = r.definition_version, clean_records = r.clean_records,"
                        + " rejected_records = r.rejected_records, transformed_at = r.transformed_at,"
                        + " staged_at = r.staged_at, first_event_at = r.first_event_at,"
                        + " last_event_at = r.last_event_at FROM " + schema(id) + ".replayed_batches r"
                        + " WHERE a.batch_id = r.batch_id")) {
                    ps.executeUpdate();
                }
                for (AggregationSpec spec : ordered) {
                    AggregateTableSql live = new AggregateTableSql(spec);
                    List<String> names = live.tableNames();
                    s.execute("DROP TABLE " + live.table());
                    s.execute("ALTER TABLE " + schema(id) + "." + AggregateTableSql.quote(spec.table())
                            + " SET SCHEMA " + JdbcSchema.REPORTS);
                    for (String side : names.subList(1, names.size())) {
                        s.execute("DROP TABLE " + internal(side));
                        s.execute("ALTER TABLE " + schema(id) + "." + AggregateTableSql.quote(side) + " SET SCHEMA "
                                + JdbcSchema.INTERNAL);
                    }
                    s.execute(JdbcSchema.grantToReader(live.table()));
                }
                s.execute("DROP SCHEMA " + schema(id) + " CASCADE");
                return new Switched(missing.size(), diffs);
            }
        }));
    }

    @Override
    public void discard(String id, List<AggregationSpec> tables) {
        forget(id);
        DatabaseCalls.call(PORT, () -> transactions.executeWrite(status -> {
            try (Statement s = status.getConnection().createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema(id) + " CASCADE");
            }
            return null;
        }));
    }

    private static String internal(String table) {
        return JdbcSchema.INTERNAL + "." + AggregateTableSql.quote(table);
    }

    private static TableSchemas schemas(String id) {
        return new TableSchemas(schema(id), schema(id));
    }

    /** The rebuild's schema; ids are checked, as they become identifiers. */
    static String schema(String id) {
        if (!id.matches("[0-9a-f]{1,40}")) {
            throw new IllegalArgumentException("a rebuild id is lower-case hex: " + id);
        }
        return "replay_" + id;
    }
}
