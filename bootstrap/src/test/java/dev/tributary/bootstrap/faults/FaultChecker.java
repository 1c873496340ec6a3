package dev.tributary.bootstrap.faults;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Compares a scenario's {@link AckLog} with what PostgreSQL holds, and prints the scenario's figures:
 * <ul>
 *   <li>every acknowledged batch id has its ledger row, holding at least the records acknowledged under it;</li>
 *   <li>every acknowledged record's marker is counted exactly once in the feed's aggregate table (lost: counted
 *       0 times, or its batch has no ledger row; double-counted: each count above 1, acknowledged or not);</li>
 *   <li>a record that was never acknowledged may be counted once (its post was durable but the answer was lost),
 *       never more.</li>
 * </ul>
 * The ledger row and the aggregate upserts of a batch are one transaction (invariant 2), so both are read in one
 * statement each and never disagree for long; the check is repeated until nothing is lost and the pipeline is quiet.
 */
public final class FaultChecker {
    /** Opens a connection to the pipeline's PostgreSQL. */
    @FunctionalInterface
    public interface Database {
        Connection open() throws SQLException;
    }

    /** What one comparison found; lost and double-counted are records. */
    public record Result(long acknowledgedPosts, long acknowledgedRecords, int batchesChecked, long lost,
                         long doubleCounted, long countedWithoutAcknowledgement, List<String> problems) {}

    private static final AtomicBoolean FIRST_LINE = new AtomicBoolean(true);

    private FaultChecker() {
    }

    /** One comparison of {@code load}'s log with the ledger and the aggregates, over the markers it handed out. */
    public static Result compare(Database database, LoadGenerator load) throws SQLException {
        return compare(database, load.feed(), AckLog.read(load.log()), load.firstMarker(), load.endMarker());
    }

    static Result compare(Database database, Feed feed, List<AckLog.Ack> acks, long first, long end)
            throws SQLException {
        Map<String, Long> acknowledgedPerBatch = new HashMap<>();
        TreeSet<Long> acknowledged = new TreeSet<>();
        for (AckLog.Ack ack : acks) {
            acknowledgedPerBatch.merge(ack.batchId(), (long) ack.records(), Long::sum);
            for (long m = ack.firstMarker(); m <= ack.lastMarker(); m++) {
                acknowledged.add(m);
            }
        }
        try (Connection c = database.open()) {
            Map<String, Long> ledger = ledgerRows(c, acknowledgedPerBatch.keySet());
            Map<Long, Long> counts = counts(c, feed, first, end);
            List<String> problems = new ArrayList<>();
            TreeSet<Long> lost = new TreeSet<>();
            for (AckLog.Ack ack : acks) {
                Long rawRecords = ledger.get(ack.batchId());
                if (rawRecords == null || rawRecords < acknowledgedPerBatch.get(ack.batchId())) {
                    problems.add("batch " + ack.batchId() + (rawRecords == null ? " has no ledger row"
                            : " has " + rawRecords + " records in the ledger, fewer than acknowledged"));
                    for (long m = ack.firstMarker(); m <= ack.lastMarker(); m++) {
                        lost.add(m);
                    }
                }
            }
            for (long m : acknowledged) {
                if (counts.getOrDefault(m, 0L) == 0) {
                    lost.add(m);
                }
            }
            long doubleCounted = 0;
            long withoutAck = 0;
            for (Map.Entry<Long, Long> count : counts.entrySet()) {
                doubleCounted += Math.max(0, count.getValue() - 1);
                if (count.getValue() > 1) {
                    problems.add("marker " + count.getKey() + " counted " + count.getValue() + " times");
                }
                if (!acknowledged.contains(count.getKey())) {
                    withoutAck++;
                }
            }
            if (!lost.isEmpty()) {
                problems.add("lost markers " + lost.first() + " … " + lost.last() + " (" + lost.size() + ")");
            }
            return new Result(acks.size(), acknowledged.size(), acknowledgedPerBatch.size(), lost.size(),
                    doubleCounted, withoutAck, problems.subList(0, Math.min(problems.size(), 10)));
        }
    }

    private static Map<String, Long> ledgerRows(Connection c, Set<String> batchIds) throws SQLException {
        Map<String, Long> rows = new HashMap<>();
        Array ids = c.createArrayOf("uuid", batchIds.stream().map(UUID::fromString).toArray());
        try (PreparedStatement s = c.prepareStatement("SELECT CAST(batch_id AS text), raw_records FROM "
                + CheckedTables.LEDGER + " WHERE batch_id = ANY (?)")) {
            s.setArray(1, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return rows;
    }

    /** Marker → how often its record was counted, for the markers in [first, end). */
    private static Map<Long, Long> counts(Connection c, Feed feed, long first, long end) throws SQLException {
        String sql = "SELECT CAST(extract(epoch FROM \"minute\") AS bigint), \"" + feed.countColumn() + "\" FROM "
                + CheckedTables.aggregate(feed.table()) + " WHERE \"minute\" >= ? AND \"minute\" < ?"
                + feed.dimension().map(d -> " AND \"" + d.column() + "\" = ?").orElse("");
        Map<Long, Long> counts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, Feed.minute(first).atOffset(ZoneOffset.UTC));
            s.setObject(2, Feed.minute(end).atOffset(ZoneOffset.UTC));
            if (feed.dimension().isPresent()) {
                s.setString(3, feed.dimension().get().value());
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put((rs.getLong(1) - Feed.BASE.getEpochSecond()) / 60, rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /**
     * The end of a scenario, after {@code load} was closed: waits (up to {@code atMost}) until no acknowledged record
     * is missing and {@code quiet} says nothing is left in flight, compares once more, prints
     * {@code fault suite <scenario>: requests tried R, faults injected F, acknowledged N, batches checked B, lost L,
     * double-counted D} and fails unless L and D are 0.
     */
    public static Result verify(LoadGenerator load, long faultsInjected, Database database, BooleanSupplier quiet,
                                Duration atMost) {
        AtomicReference<Result> last = new AtomicReference<>();
        try {
            await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                Result r = compare(database, load);
                last.set(r);
                return r.lost() == 0 && quiet.getAsBoolean();
            });
            last.set(compareWhenReachable(database, load, last.get()));
        } catch (ConditionTimeoutException e) {
            // reported below with the figures the last comparison found
        }
        Result r = last.get();
        assertThat(r).as("the database never answered the checker").isNotNull();
        String figures = "fault suite %s: requests tried %d, faults injected %d, acknowledged %d, batches checked %d, lost %d, double-counted %d"
                .formatted(load.scenario(), load.tried(), faultsInjected, r.acknowledgedPosts(), r.batchesChecked(),
                        r.lost(), r.doubleCounted());
        System.out.println(figures);
        System.out.println("  (" + load.scenario() + ": " + r.acknowledgedRecords() + " records acknowledged, "
                + r.countedWithoutAcknowledgement() + " counted once without an acknowledgement; ack log "
                + load.log() + ")");
        record(figures);
        assertThat(r.acknowledgedPosts()).as("acknowledged posts").isPositive();
        assertThat(r.lost()).as(figures + "; " + r.problems()).isZero();
        assertThat(r.doubleCounted()).as(figures + "; " + r.problems()).isZero();
        return r;
    }

    private static Result compareWhenReachable(Database database, LoadGenerator load, Result fallback) {
        try {
            return compare(database, load);
        } catch (SQLException e) {
            return fallback;
        }
    }

    /** Every figures line of this test run (the first one replaces an earlier run's), in target/fault-suite/figures.txt. */
    private static void record(String figures) {
        try {
            Path file = Path.of("target", "fault-suite", "figures.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, figures + System.lineSeparator(), StandardOpenOption.CREATE,
                    FIRST_LINE.getAndSet(false) ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
