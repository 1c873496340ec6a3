package dev.tributary.bootstrap.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tributary redrive dead-letters} against a stand-in API: one call and one progress line per step. */
class RedriveCommandTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private PrintStream savedErr;
    private PrintStream savedOut;
    private HttpServer api;

    @TempDir
    Path data;

    @BeforeEach
    void capture() throws IOException {
        savedErr = System.err;
        savedOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setProperty("tributary.storage.data-directory", data.toString());
        api = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    }

    @AfterEach
    void restore() {
        System.setErr(savedErr);
        System.setOut(savedOut);
        System.clearProperty("tributary.storage.data-directory");
        api.stop(0);
    }

    private int redrive(String... options) {
        api.start();
        String[] args = new String[options.length + 6];
        System.arraycopy(new String[]{"redrive", "dead-letters", "--key", "operator-key", "--url",
                "http://localhost:" + api.getAddress().getPort()}, 0, args, 0, 6);
        System.arraycopy(options, 0, args, 6, options.length);
        return TributaryCommand.execute(args);
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private List<String> printed() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void everyStepIsRedrivenInPipelineOrderWithALineAsEachCompletes() {
        api.createContext("/api/dead-letters/redrive", exchange -> {
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getQuery() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            String step = exchange.getRequestURI().getQuery().replaceAll("stage=([a-z_]+).*", "$1");
            if (step.equals("transform")) {
                answer(exchange, 400, "{\"type\":\"https://tributary.dev/problems/unknown-stage\",\"status\":400,"
                        + "\"detail\":\"a step is one of: write_raw, aggregate\"}");
                return;
            }
            long moved = step.equals("aggregate") ? 72 : step.equals("write_raw") ? 1 : 0;
            answer(exchange, 200, "{\"stages\":[{\"stage\":\"" + step + "\",\"moved\":" + moved + "}],\"moved\":" + moved + "}");
        });

        int code = redrive("--source", "orders");

        assertThat(code).isZero();
        assertThat(asked).containsExactly(
                "POST stage=write_raw&source=orders Bearer operator-key",
                "POST stage=transform&source=orders Bearer operator-key",
                "POST stage=stage&source=orders Bearer operator-key",
                "POST stage=aggregate&source=orders Bearer operator-key");
        assertThat(printed()).containsExactly("[#####...............] 1/4 write_raw: 1 dead letter sent again",
                "[##########..........] 2/4 transform: no queue in this deployment",
                "[###############.....] 3/4 stage: 0 dead letters sent again",
                "[####################] 4/4 aggregate: 72 dead letters sent again",
                "73 sent again in all for orders; the ledger counts each batch once however often it is sent.");
    }

    @Test
    void aReadKeysRefusalSaysWhereToGetAnOperatorKeyAndExits2() {
        api.createContext("/", exchange -> answer(exchange, 403, "{\"status\":403,\"detail\":\"This route needs an operator key.\"}"));

        int code = redrive("--stage", "aggregate");

        assertThat(code).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith("This route needs an operator key.")
                .contains("keys show --right operator").doesNotContain("Exception");
    }

    @Test
    void anUnknownStageNamedIsTheApisOwnWordsAndExits1() {
        api.createContext("/", exchange -> answer(exchange, 400, "{\"type\":\"https://tributary.dev/problems/unknown-stage\","
                + "\"status\":400,\"detail\":\"a step is one of: write_raw, transform, stage, aggregate\"}"));

        int code = redrive("--stage", "ingest");

        assertThat(code).isEqualTo(CliErrors.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("a step is one of: write_raw, transform, stage, aggregate");
        assertThat(printed()).isEmpty();
    }

    @Test
    void quarantineOfASourceIsSentAgainBatchByBatchWithinTheWindowPageByPage() {
        List<String> redriven = new CopyOnWriteArrayList<>();
        api.createContext("/api/quarantine", exchange -> {
            String query = String.valueOf(exchange.getRequestURI().getQuery());
            if (exchange.getRequestMethod().equals("POST")) {
                String object = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                        .replaceAll(".*\"object\":\"([^\"]+)\".*", "$1");
                redriven.add(object);
                if (object.endsWith("dup.ndjson")) {
                    answer(exchange, 409, "{\"status\":409,\"detail\":\"every record was a duplicate\"}");
                } else {
                    answer(exchange, 200, "{\"batchId\":\"b-" + redriven.size() + "\",\"source\":\"orders\","
                            + "\"records\":2,\"skippedDuplicates\":0}");
                }
            } else if (!query.contains("after=")) {
                answer(exchange, 200, "{\"batches\":[" + batch("q/new.ndjson", "2026-12-05T01:00:00Z") + ","
                        + batch("q/a.ndjson", "2026-12-04T12:00:00Z") + "],\"next\":\"cursor-1\"}");
            } else {
                answer(exchange, 200, "{\"batches\":[" + batch("q/dup.ndjson", "2026-12-04T08:00:00Z") + ","
                        + batch("q/old.ndjson", "2026-12-03T23:00:00Z") + "]}");
            }
        });

        int code = redriveQuarantine("--source", "orders", "--from", "2026-12-04", "--to", "2026-12-04");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(redriven).containsExactly("q/a.ndjson", "q/dup.ndjson");
        assertThat(printed()).containsExactly(
                "[##########..........] 1/2 q/a.ndjson: 2 record(s) sent again as batch b-1",
                "[####################] 2/2 q/dup.ndjson: nothing to send (every record was a duplicate)",
                "2 quarantined batch(es) of orders, 2 record(s) sent again; the ledger counts each batch once however"
                        + " often it is sent.");
    }

    @Test
    void aWindowThatIsNoDateSaysWhatItShouldBe() {
        int code = redriveQuarantine("--source", "orders", "--from", "yesterday");

        assertThat(code).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith("'yesterday' is neither a date");
    }

    private int redriveQuarantine(String... options) {
        api.start();
        String[] args = new String[options.length + 6];
        System.arraycopy(new String[]{"redrive", "quarantine", "--key", "operator-key", "--url",
                "http://localhost:" + api.getAddress().getPort()}, 0, args, 0, 6);
        System.arraycopy(options, 0, args, 6, options.length);
        return TributaryCommand.execute(args);
    }

    private static String batch(String object, String receivedAt) {
        return "{\"object\":\"" + object + "\",\"source\":\"orders\",\"batchId\":\"x\",\"receivedAt\":\""
                + receivedAt + "\",\"records\":[]}";
    }
}
