package dev.tributary.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The whole local pipeline in one JVM ({@code tributary.jar run --no-demo}), fed by {@link SteadyLoad}; freshness
 * is read from the ledger afterwards: {@code aggregated_at - received_at} per batch received in the measured
 * window (received_at is stamped just before the queue append, aggregated_at just before the commit). A batch not
 * aggregated by the drain deadline counts as infinitely stale.
 */
final class EndToEnd {
    static final int EVENTS_PER_BATCH = 1000;
    private static final Duration DRAIN_DEADLINE = Duration.ofMinutes(3);

    /**
     * Offered and accepted events/s in the window, freshness percentiles in seconds, the drain after the load, and
     * the rate the pipeline sustained: everything accepted over the time from the first post to the last aggregate.
     */
    record Outcome(double offered, double accepted, long batches, long failed, double p50, double p99, double max,
                   Duration drain, double sustained, CpuShare cpu) {
        boolean meets(double goalEventsPerSecond, double goalP99Seconds) {
            return accepted >= goalEventsPerSecond && p99 <= goalP99Seconds;
        }
    }

    private final Pipeline pipeline;

    EndToEnd(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    Outcome run(double eventsPerSecond, Duration warmup, Duration window) throws InterruptedException, SQLException {
        SteadyLoad load = new SteadyLoad(pipeline.jvm().url("/ingest/" + ClickEvents.SOURCE), pipeline.ingestKey(),
                EVENTS_PER_BATCH, 64, 7);
        long start = System.nanoTime();
        SteadyLoad.Counts warm = load.run(eventsPerSecond, warmup);
        Instant from = Instant.now();
        CpuShare.Mark mark = CpuShare.mark(pipeline);
        SteadyLoad.Counts measured = load.run(eventsPerSecond, window);
        CpuShare cpu = mark.since();
        Instant to = Instant.now();
        Duration drain = awaitLedger(warm.accepted() + measured.accepted());
        double sustained = (warm.accepted() + measured.accepted()) * EVENTS_PER_BATCH / ((System.nanoTime() - start) / 1e9);
        double[] staleness = staleness(from, to, measured.accepted());
        double seconds = Duration.between(from, to).toMillis() / 1000.0;
        return new Outcome(eventsPerSecond, measured.accepted() * EVENTS_PER_BATCH / seconds, measured.accepted(),
                measured.failed() + measured.skipped(), percentile(staleness, 0.50), percentile(staleness, 0.99),
                staleness.length == 0 ? Double.NaN : staleness[staleness.length - 1], drain,
                sustained, cpu);
    }

    /** How long after the load stopped until the ledger holds {@code batches} rows; null past the deadline. */
    private Duration awaitLedger(long batches) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + DRAIN_DEADLINE.toNanos();
        try (Connection c = pipeline.database()) {
            while (System.nanoTime() < deadline) {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM tributary.applied_batches");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= batches) {
                        return Duration.ofNanos(System.nanoTime() - start);
                    }
                }
                Thread.sleep(200);
            }
        }
        return null;
    }

    /** Sorted seconds from receipt to aggregation; batches accepted but missing from the ledger are infinite. */
    private double[] staleness(Instant from, Instant to, long accepted) throws SQLException {
        List<Double> seconds = new ArrayList<>();
        try (Connection c = pipeline.database(); PreparedStatement ps = c.prepareStatement(
                "SELECT extract(epoch FROM aggregated_at - received_at) FROM tributary.applied_batches"
                        + " WHERE received_at >= ? AND received_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seconds.add(rs.getDouble(1));
                }
            }
        }
        while (seconds.size() < accepted) {
            seconds.add(Double.POSITIVE_INFINITY);
        }
        double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    /** The jar running every role, with its data, HTTP and PostgreSQL ports of its own. */
    record Pipeline(ChildJvm jvm, int databasePort, Path data) implements AutoCloseable {
        static Pipeline start(Path jar, Path data, Path log, List<String> extraJvmArgs)
                throws IOException, InterruptedException {
            int port = ChildJvm.freePort();
            int databasePort = ChildJvm.freePort();
            List<String> jvmArgs = new ArrayList<>(extraJvmArgs);
            jvmArgs.addAll(List.of("-Dmicronaut.server.port=" + port, "-Dtributary.storage.data-directory=" + data,
                    "-Dtributary.database.embedded-port=" + databasePort, "-jar", jar.toString()));
            return new Pipeline(ChildJvm.start(jvmArgs, List.of("run", "--no-demo"), port, log), databasePort, data);
        }

        /** The key `run` created on its first start for the bench's source. */
        String ingestKey() {
            return BenchKeys.ingestKey(data);
        }

        Connection database() throws SQLException {
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + databasePort + "/tributary",
                    "postgres", "");
        }

        @Override
        public void close() throws InterruptedException {
            jvm.close();
        }
    }
}
