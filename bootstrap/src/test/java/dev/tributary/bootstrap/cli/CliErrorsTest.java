package dev.tributary.bootstrap.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as a person meets it when something is wrong: one plain line on stderr, a non-zero exit code, and a stack
 * trace only with --verbose. Each case runs the real command line in its own application context.
 */
class CliErrorsTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream savedErr;
    private PrintStream savedOut;

    @TempDir
    Path data;

    @BeforeEach
    void capture() {
        savedErr = System.err;
        savedOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setProperty("tributary.storage.data-directory", data.toString());
    }

    @AfterEach
    void restore() {
        System.setErr(savedErr);
        System.setOut(savedOut);
        System.clearProperty("tributary.storage.data-directory");
    }

    private String said() {
        return err.toString(StandardCharsets.UTF_8).strip();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void assertOnePlainLine() {
        assertThat(said().lines()).hasSize(1);
        assertThat(said()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void queryWithNoPipelineRunningSaysSoAndExits3() throws IOException {
        int code = TributaryCommand.execute("query", "orders", "orders_per_minute", "--key", "k",
                "--url", "http://localhost:" + closedPort());

        assertThat(code).isEqualTo(CliErrors.UNREACHABLE);
        assertThat(said()).startsWith("Cannot reach the Tributary API").contains("./tributary run");
        assertOnePlainLine();
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        int code = TributaryCommand.execute("query", "orders", "orders_per_minute", "--key", "k",
                "--url", "http://localhost:" + closedPort(), "--verbose");

        assertThat(code).isEqualTo(CliErrors.UNREACHABLE);
        assertThat(said()).contains("java.net.ConnectException");
    }

    @Test
    void validatingAMissingFileNamesItAndExits2() {
        int code = TributaryCommand.execute("sources", "validate", "missing.yml");

        assertThat(code).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(said()).isEqualTo("No such file: missing.yml. Check the path.");
    }

    @Test
    void aBadOptionPointsAtHelpInsteadOfPrintingIt() {
        int code = TributaryCommand.execute("query", "orders", "orders_per_minute", "--no-such-option");

        assertThat(code).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(said()).contains("Unknown option: '--no-such-option'")
                .contains("Run 'tributary query --help' for the options.");
        assertOnePlainLine();
    }

    @Test
    void anIngestKeyWithoutItsSourceSaysWhatIsMissing() {
        int code = TributaryCommand.execute("keys", "create", "--right", "ingest");

        assertThat(code).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(said()).isEqualTo("An ingest key belongs to one source: add --source NAME.");
    }

    @Test
    void anUnknownRightIsNamed() {
        int code = TributaryCommand.execute("keys", "show", "--right", "admin");

        assertThat(code).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(said()).startsWith("Unknown right 'admin'");
        assertOnePlainLine();
    }

    /** A stand-in API that answers every request with {@code status} and {@code problem}. */
    private static HttpServer answering(int status, String problem) throws IOException {
        HttpServer api = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        api.createContext("/", exchange -> {
            byte[] body = problem.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        return api;
    }

    @Test
    void anUnknownSourceOrAggregationIsTheApisOwnWordsAndExits1() throws IOException {
        HttpServer api = answering(404, "{\"type\":\"https://tributary.dev/problems/unknown-aggregation\",\"title\":"
                + "\"Unknown aggregation\",\"status\":404,\"detail\":\"Source 'orders' has no aggregation 'nope'.\"}");
        try {
            int code = TributaryCommand.execute("query", "orders", "nope", "--key", "k",
                    "--url", "http://localhost:" + api.getAddress().getPort());

            assertThat(code).isEqualTo(CliErrors.FAILED);
            assertThat(said()).isEqualTo("Source 'orders' has no aggregation 'nope'.");
        } finally {
            api.stop(0);
        }
    }

    @Test
    void aRefusedKeySaysWhereToGetOne() throws IOException {
        HttpServer api = answering(401,
                "{\"status\":401,\"detail\":\"Send 'Authorization: Bearer <key>' with a read or operator key.\"}");
        try {
            int code = TributaryCommand.execute("query", "orders", "orders_per_minute", "--key", "wrong",
                    "--url", "http://localhost:" + api.getAddress().getPort());

            assertThat(code).isEqualTo(CliErrors.BAD_INPUT);
            assertThat(said()).contains("--key or TRIBUTARY_KEY").contains("keys show --right read");
        } finally {
            api.stop(0);
        }
    }
}
