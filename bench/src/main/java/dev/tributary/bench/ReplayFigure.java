package dev.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Replay speed against the same data's first ingest (issue 14's goal: at least 5x, as raw is read in bulk). One
 * pipeline ({@code tributary.jar run --no-demo}, with the shipped {@code web_clicks} definition copied to a folder of
 * its own) first takes batches of {@code eventsPerBatch} events (1,000 unless told) offered at {@code rate} for
 * {@code duration}: records aggregated per
 * second from the first post to the last ledger row, the baseline. Then, {@code rounds} times: a replay under the rules
 * it ran (no object changes, so none is written) and, after a restart with a rule that changes every record (session
 * ids upper-cased, then back), a replay that rewrites every transformed and staged object. Each: records per second
 * from the request to the report. The events' times start at a minute's beginning, so the rows a replay rebuilds do
 * not depend on the second the run began; what PostgreSQL did in each phase (WAL, rows, blocks) is printed beside it.
 */
final class ReplayFigure {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path jar;
    private final Path data;
    private final Path log;
    private final double rate;
    private final Duration duration;
    private final int rounds;
    private final int eventsPerBatch;
    private final List<String> jvmArgs;
    private final HttpClient http = HttpClient.newHttpClient();

    ReplayFigure(Path jar, Path data, Path log, double rate, Duration duration, int rounds, int eventsPerBatch,
                 List<String> jvmArgs) {
        this.jar = jar;
        this.data = data;
        this.log = log;
        this.rate = rate;
        this.duration = duration;
        this.rounds = rounds;
        this.eventsPerBatch = eventsPerBatch;
        this.jvmArgs = List.copyOf(jvmArgs);
    }

    /** The unchanged-rules figure, then the changed-rules one, both against the one ingest rate. */
    List<Comparison> run() throws Exception {
        Path sources = data.resolveSibling(data.getFileName() + "-sources");
        Files.createDirectories(sources);
        ClickEvents.Definitions definitions = ClickEvents.Definitions.load();
        String shipped = definitions.shipped();
        String changed = definitions.changed();
        Path file = sources.resolve(ClickEvents.SOURCE + ".yml");
        Files.writeString(file, shipped);
        List<Double> ingest = new ArrayList<>();
        List<Double> same = new ArrayList<>();
        List<Double> rewritten = new ArrayList<>();
        Cpu cpu = new Cpu();
        EndToEnd.Pipeline pipeline = start(sources);
        try {
            // Event times from the start of a minute: a replay's database work grows with the rows it rebuilds, and
            // with the wall clock's, 30 s of load fell into one minute bucket or two (twice the distinct values for
            // the same records) depending on the second it started; aligned, the same load always makes the same rows.
            Instant now = Instant.now();
            Clock minuteAligned = Clock.offset(Clock.systemUTC(),
                    Duration.between(now, now.truncatedTo(ChronoUnit.MINUTES)));
            SteadyLoad load = new SteadyLoad(pipeline.jvm().url("/ingest/" + ClickEvents.SOURCE), pipeline.ingestKey(),
                    eventsPerBatch, 16, 11, minuteAligned);
            long begin = System.nanoTime();
            PostgresWork before = PostgresWork.of(pipeline);
            CpuShare.Mark mark = CpuShare.mark(pipeline);
            SteadyLoad.Counts posted = load.run(rate, duration);
            awaitLedger(pipeline, posted.accepted() * (long) eventsPerBatch);
            double seconds = (System.nanoTime() - begin) / 1e9;
            cpu.ingest.add(CpuPerRecords.of(mark, posted.accepted() * (long) eventsPerBatch));
            ingest.add(posted.accepted() * (double) eventsPerBatch / seconds);
            System.out.printf("bench: replay figure: ingested %,d posts of %,d events in %.1f s; PostgreSQL "
                    + "meanwhile: %s%n", posted.accepted(), eventsPerBatch, seconds,
                    PostgresWork.of(pipeline).minus(before));
            for (int r = 0; r < rounds; r++) {
                same.add(replayOnce(pipeline, cpu.same));
                pipeline.close();
                Files.writeString(file, r % 2 == 0 ? changed : shipped);
                pipeline = start(sources);
                rewritten.add(replayOnce(pipeline, cpu.rewritten));
                System.out.printf("bench: replay figure: round %d: %,.0f records/s rules unchanged, %,.0f after a "
                        + "change; CPU ms per 1,000 records (pipeline JVM + PostgreSQL): ingest %s, unchanged %s, "
                        + "after a change %s%n", r + 1, same.get(r), rewritten.get(r), cpu.ingest.get(0),
                        cpu.same.get(r), cpu.rewritten.get(r));
            }
        } finally {
            pipeline.close();
        }
        String setup = String.format("batches of %,d web_clicks events offered at %,.0f events/s for %d s, ingested "
                + "end to end (first post to last ledger row): the baseline; then %d rounds of a replay through POST "
                + "/api/replays (request to report). CPU ms per 1,000 records, pipeline JVM + PostgreSQL (what bounds "
                + "the ratio once the cores are busy): ingest %s (the load generator's own CPU not counted)",
                eventsPerBatch, rate, duration.toSeconds(), rounds, cpu.ingest.get(0));
        return List.of(
                new Comparison("Replay of a source, rules unchanged (nothing rewritten)", "records/s", same, ingest, 5.0,
                        setup + ", replay " + CpuPerRecords.median(cpu.same) + " under the rules the data was ingested "
                                + "with"),
                new Comparison("Replay of a source after a rule change (every object rewritten)", "records/s",
                        rewritten, ingest, 5.0, setup + ", replay " + CpuPerRecords.median(cpu.rewritten)
                                + " after a restart with session ids upper-cased (and back)"));
    }

    private EndToEnd.Pipeline start(Path sources) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(jvmArgs);
        args.add("-Dtributary.sources.include-samples=false");
        args.add("-Dtributary.sources.directory=" + sources);
        return EndToEnd.Pipeline.start(jar, data, log, args);
    }

    /** Records per second from the replay request to its report, timed here; its CPU per record into {@code cpu}. */
    private double replayOnce(EndToEnd.Pipeline pipeline, List<CpuPerRecords> cpu) throws IOException,
            InterruptedException {
        String operator = BenchKeys.operatorKey(pipeline.data());
        PostgresWork before = PostgresWork.of(pipeline);
        CpuShare.Mark mark = CpuShare.mark(pipeline);
        long start = System.nanoTime();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(pipeline.jvm().url("/api/replays"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"" + ClickEvents.SOURCE + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("replay refused: " + started.statusCode() + " " + started.body());
        }
        String follow = started.headers().firstValue("Location").orElseThrow();
        while (true) {
            JsonNode state = JSON.readTree(http.send(HttpRequest.newBuilder(pipeline.jvm().url(follow))
                    .header("Authorization", "Bearer " + operator).build(), HttpResponse.BodyHandlers.ofString())
                    .body());
            switch (state.path("phase").asText()) {
                case "done" -> {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long records = state.path("report").path("records").asLong();
                    cpu.add(CpuPerRecords.of(mark, records));
                    System.out.printf("bench: replay figure: %,d records in %.1f s; PostgreSQL meanwhile: %s%n",
                            records, seconds, PostgresWork.of(pipeline).minus(before));
                    return records / seconds;
                }
                case "failed" -> throw new IllegalStateException("replay failed: " + state.path("error").asText());
                default -> Thread.sleep(100);
            }
        }
    }

    /**
     * Until the ledger holds {@code records} records as received: small posts are grouped into fewer batches than
     * were posted, so batches are no count to wait for.
     */
    private static void awaitLedger(EndToEnd.Pipeline pipeline, long records) throws SQLException,
            InterruptedException {
        try (Connection c = pipeline.database();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT coalesce(sum(raw_records), 0) FROM tributary.applied_batches")) {
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= records) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * What PostgreSQL did over a phase, from its cumulative statistics (flushed by each backend within a second or
     * so): WAL written and its full-page images (the first change of a page after a checkpoint), checkpoints, blocks
     * read from outside its buffers against those found in them, rows inserted and returned. Printed per phase, to
     * tell why a phase's database CPU differs between runs.
     */
    record PostgresWork(long walBytes, long fullPageImages, long checkpoints, long blocksRead, long blocksHit,
                        long rowsInserted, long rowsReturned) {
        static PostgresWork of(EndToEnd.Pipeline pipeline) {
            try (Connection c = pipeline.database();
                 PreparedStatement ps = c.prepareStatement("SELECT w.wal_bytes::bigint, w.wal_fpi, "
                         + "k.num_timed + k.num_requested, d.blks_read, d.blks_hit, d.tup_inserted, d.tup_returned "
                         + "FROM pg_stat_wal w, pg_stat_checkpointer k, pg_stat_database d "
                         + "WHERE d.datname = current_database()");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new PostgresWork(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read PostgreSQL's statistics", e);
            }
        }

        PostgresWork minus(PostgresWork before) {
            return new PostgresWork(walBytes - before.walBytes, fullPageImages - before.fullPageImages,
                    checkpoints - before.checkpoints, blocksRead - before.blocksRead, blocksHit - before.blocksHit,
                    rowsInserted - before.rowsInserted, rowsReturned - before.rowsReturned);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "WAL %,d MB (%,d full-page images), %d checkpoints, "
                    + "blocks %,d read / %,d in buffers, rows %,d inserted / %,d returned", walBytes >> 20,
                    fullPageImages, checkpoints, blocksRead, blocksHit, rowsInserted, rowsReturned);
        }
    }

    /** The CPU of each phase: the ingest, and each round's two replays. */
    private static final class Cpu {
        final List<CpuPerRecords> ingest = new ArrayList<>();
        final List<CpuPerRecords> same = new ArrayList<>();
        final List<CpuPerRecords> rewritten = new ArrayList<>();
    }

    /** CPU milliseconds per 1,000 records of the pipeline JVM and its PostgreSQL over one phase. */
    record CpuPerRecords(double pipelineMs, double postgresMs) {
        static CpuPerRecords of(CpuShare.Mark since, long records) {
            double seconds = (System.nanoTime() - since.nanos()) / 1e9;
            CpuShare share = since.since();
            double perThousand = 1e6 / Math.max(1, records);
            return new CpuPerRecords(share.pipelineCores() * seconds * perThousand,
                    share.postgresCores() * seconds * perThousand);
        }

        /** The phase with the median total. */
        static CpuPerRecords median(List<CpuPerRecords> phases) {
            List<CpuPerRecords> sorted = phases.stream()
                    .sorted(java.util.Comparator.comparingDouble(c -> c.pipelineMs + c.postgresMs)).toList();
            return sorted.get((sorted.size() - 1) / 2);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%.1f + %.1f ms", pipelineMs, postgresMs);
        }
    }
}
