package dev.tributary.bootstrap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.application.port.in.ReplaySource;
import dev.tributary.application.port.in.ReplaySource.ReplayReport;
import dev.tributary.application.port.in.ReplaySource.ReplayRequest;
import dev.tributary.bootstrap.cli.RedriveQuarantineCommand.Answer;
import dev.tributary.bootstrap.runtime.AggregateTables;
import dev.tributary.domain.source.SourceName;
import io.micronaut.context.ApplicationContext;
import dev.tributary.domain.access.Right;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code tributary replay --source NAME [--from --to] [--aggregation TABLE] [--dry-run]}: asks the running pipeline to
 * recompute a source's history with the definition it runs, follows it with a progress bar (batches, records, ETA)
 * and prints the report: per table the rows changed, added and removed and each measure's whole-table figure before
 * and after. Stopping this command does not stop the replay; running it again with the same options resumes one
 * that was cut off.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Recompute a source's transformed and staged zones and its aggregate tables from raw, with its "
                + "current definition; live traffic keeps flowing.")
class ReplayCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--source", required = true, description = "The source to replay.")
    String source;

    /** Only batches received in the window are transformed and staged again; the tables are rebuilt whole. */
    @Mixin
    WindowOptions window;

    @Option(names = "--aggregation", description = "Rebuild only this aggregate table (default: all of the source's).")
    String aggregation;

    @Option(names = "--dry-run", description = "Report what would change, keep the tables as they are.")
    boolean dryRun;

    @Option(names = "--in-process", description = "Run the replay in this process against the configured database "
            + "and lake instead of asking a running pipeline: the AWS replay task does; locally, with the pipeline "
            + "stopped.")
    boolean inProcess;

    @Mixin
    ApiOptions api;

    @Inject
    LocalKeyFiles keys;

    @Inject
    ApplicationContext context;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (inProcess) {
            return replayHere();
        }
        ObjectNode body = JSON.createObjectNode().put("source", source).put("dryRun", dryRun);
        window.from().ifPresent(f -> body.put("from", f.toString()));
        window.to().ifPresent(t -> body.put("to", t.toString()));
        if (aggregation != null) {
            body.put("aggregation", aggregation);
        }
        Answer started = send(api.request("/api/replays", Right.OPERATOR, keys)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        if (started.status() != 202) {
            return RedriveQuarantineCommand.refused(started);
        }
        String id = started.body().get("id").asText();
        long began = System.nanoTime();
        JsonNode state = started.body();
        while (!state.path("phase").asText().equals("done") && !state.path("phase").asText().equals("failed")) {
            Thread.sleep(500);
            Answer polled = send(api.request("/api/replays/" + id, Right.OPERATOR, keys).GET());
            if (polled.status() != 200) {
                return RedriveQuarantineCommand.refused(polled);
            }
            state = polled.body();
            System.err.print("\r" + bar(state.path("batchesDone").asLong(), state.path("batchesKnown").asLong(),
                    state.path("records").asLong(), Duration.ofNanos(System.nanoTime() - began)));
        }
        System.err.println();
        if (state.path("phase").asText().equals("failed")) {
            System.err.println("Replay of " + source + " failed: " + state.path("error").asText()
                    + ". Run the same command again to resume it.");
            return CliErrors.FAILED;
        }
        print(state.get("report"), System.out);
        return 0;
    }

    /** The use case in this process, with the same progress bar and report. */
    private int replayHere() {
        context.getBean(AggregateTables.class).prepare();
        ReplayRequest request = new ReplayRequest(new SourceName(source), window.from(), window.to(),
                Optional.ofNullable(aggregation), dryRun);
        long began = System.nanoTime();
        ReplayReport report = context.getBean(ReplaySource.class).replay(request, (done, known, records) ->
                System.err.print("\r" + bar(done, known, records, Duration.ofNanos(System.nanoTime() - began))));
        System.err.println();
        print(JSON.valueToTree(Map.of("switched", report.switched(), "batches", report.batches(),
                "transformed", report.transformed(), "caughtUp", report.caughtUp(), "records", report.records(),
                "millis", report.took().toMillis(), "recordsPerSecond", Math.round(report.recordsPerSecond()),
                "version", report.version(), "tables", report.tables())), System.out);
        return 0;
    }

    /** {@code [#########.....] 120/300 batches, 36,000 records, ETA 12 s} */
    static String bar(long done, long knownSoFar, long records, Duration elapsed) {
        long known = Math.max(done, knownSoFar);
        String eta = done == 0 || known == 0 ? "ETA unknown"
                : "ETA " + Math.max(0, elapsed.toSeconds() * (known - done) / done) + " s";
        return ProgressBar.of(done, known) + " batches, " + String.format("%,d", records) + " records, " + eta + "   ";
    }

    static void print(JsonNode report, PrintStream out) {
        out.printf("%s %d batches (%d transformed and staged again, %d caught up at the switch), %,d records in %.1f s "
                        + "(%,d records/s) with definition version %s%n",
                report.path("switched").asBoolean() ? "Replayed" : "Dry run, nothing switched:",
                report.path("batches").asLong(), report.path("transformed").asLong(), report.path("caughtUp").asInt(),
                report.path("records").asLong(), report.path("millis").asLong() / 1000.0,
                report.path("recordsPerSecond").asLong(), report.path("version").asText());
        for (JsonNode t : report.path("tables")) {
            out.printf("%n%s: %d rows before, %d after; %d changed, %d added, %d removed%n", t.path("table").asText(),
                    t.path("rowsBefore").asLong(), t.path("rowsAfter").asLong(), t.path("changed").asLong(),
                    t.path("added").asLong(), t.path("removed").asLong());
            for (Iterator<Map.Entry<String, JsonNode>> it = t.path("totalsAfter").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> total = it.next();
                out.printf("  %s, %s: %s -> %s%n", total.getKey(),
                        combined(t.path("functions").path(total.getKey()).asText()),
                        t.path("totalsBefore").path(total.getKey()).asText("(none)"), total.getValue().asText());
            }
            for (JsonNode example : t.path("examples")) {
                out.println("  " + example.asText());
            }
        }
    }

    /**
     * How the whole table's figure of a measure with this function was taken from its rows; the API names functions
     * as the YAML does ({@code avg}), a report of this process as the enum ({@code AVG}).
     */
    static String combined(String function) {
        return switch (function.toLowerCase(Locale.ROOT)) {
            case "min" -> "lowest";
            case "max" -> "highest";
            case "avg" -> "average of all values";
            case "distinct_count" -> "summed over rows";
            default -> "total";
        };
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }
}
