package dev.tributary.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.adapters.local.access.LocalKeyFiles.HeldKey;
import dev.tributary.application.port.out.KeyDigest;
import dev.tributary.domain.access.AccessGrant;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closed by default (invariant 9), on the whole local pipeline: the keys its first start created, Micronaut Security
 * checking them on every route, and the key file changed while it runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessIT {
    private static final String READING = "{\"sensor_id\":\"s1\",\"temperature_f\":50,\"read_at\":1795514410000}\n";

    @TempDir
    static Path data;
    TestPipeline tributary;
    LocalKeyFiles keys;
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    void start() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        ((Logger) LoggerFactory.getLogger("dev.tributary")).setLevel(Level.DEBUG);
        ((Logger) LoggerFactory.getLogger("io.micronaut.security")).setLevel(Level.DEBUG);
        tributary = TestPipeline.start(data, Map.of());
        keys = tributary.context.getBean(LocalKeyFiles.class);
    }

    @AfterAll
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        tributary.close();
    }

    private HttpResponse<String> post(String source, Optional<String> key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(tributary.url().resolve("/ingest/" + source))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(READING));
        key.ifPresent(k -> request.header("Authorization", "Bearer " + k));
        return tributary.sendAsIs(request.build());
    }

    private HttpResponse<String> get(String path, Optional<String> key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(tributary.url().resolve(path)).GET();
        key.ifPresent(k -> request.header("Authorization", "Bearer " + k));
        return tributary.sendAsIs(request.build());
    }

    private String key(Right right, String source) {
        return keys.keyFor(right, Optional.ofNullable(source).map(SourceName::new)).orElseThrow();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = TestPipeline.json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).contains(detail);
    }

    @Test
    void ingestWithoutAKeyIsRefusedWith401NamingTheKeyNeeded() {
        HttpResponse<String> response = post("sensor_readings", Optional.empty());

        assertProblem(response, 401, "an ingest key of this source");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void aWrongKeyIsRefusedWith401() {
        assertProblem(post("sensor_readings", Optional.of("trb_not-a-key-anyone-holds")), 401, "Bearer");
    }

    @Test
    void aSourcesKeyIsRefusedWith403OnAnotherSource() {
        String ordersKey = key(Right.INGEST, "shop_orders");

        assertProblem(post("sensor_readings", Optional.of(ordersKey)), 403, "does not grant this");
        assertThat(post("sensor_readings", Optional.of(key(Right.INGEST, "sensor_readings"))).statusCode())
                .isEqualTo(202);
    }

    @Test
    void readAndOperatorKeysCannotIngest() {
        assertProblem(post("sensor_readings", Optional.of(key(Right.READ, null))), 403, "ingest key");
        assertProblem(post("sensor_readings", Optional.of(key(Right.OPERATOR, null))), 403, "ingest key");
    }

    @Test
    void theClientApiNeedsAReadKeyAndAnIngestKeyIsNotOne() {
        assertProblem(get("/api/sources", Optional.empty()), 401, "a read or operator key");
        assertProblem(get("/api/sources", Optional.of(key(Right.INGEST, "shop_orders"))), 403, "read or operator");
        assertThat(get("/api/sources", Optional.of(key(Right.READ, null))).statusCode()).isEqualTo(200);
        assertThat(get("/api/status", Optional.of(key(Right.OPERATOR, null))).statusCode()).isEqualTo(200);
    }

    @Test
    void redriveNeedsTheOperatorRight() {
        HttpRequest.Builder redrive = HttpRequest.newBuilder(tributary.url().resolve("/api/quarantine/redrive"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"object\":\"quarantine/none\"}"));

        assertProblem(tributary.sendAsIs(redrive.copy().header("Authorization", "Bearer " + key(Right.READ, null))
                .build()), 403, "an operator key");
        assertThat(tributary.sendAsIs(redrive.copy().header("Authorization", "Bearer " + key(Right.OPERATOR, null))
                .build()).statusCode()).isNotIn(401, 403);
    }

    @Test
    void deadLetterRedriveNeedsTheOperatorRight() {
        HttpRequest.Builder redrive = HttpRequest.newBuilder(tributary.url().resolve("/api/dead-letters/redrive"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"stage\":\"aggregate\"}"));

        assertProblem(tributary.sendAsIs(redrive.copy().build()), 401, "operator");
        assertProblem(tributary.sendAsIs(redrive.copy().header("Authorization", "Bearer " + key(Right.READ, null))
                .build()), 403, "an operator key");
        assertProblem(tributary.sendAsIs(redrive.copy().header("Authorization", "Bearer "
                + key(Right.INGEST, "shop_orders")).build()), 403, "operator");
        assertThat(tributary.sendAsIs(redrive.copy().header("Authorization", "Bearer " + key(Right.OPERATOR, null))
                .build()).statusCode()).isEqualTo(200);
    }

    @Test
    void healthIsOpenForLoadBalancersAndMetricsNeedAReadKey() {
        assertThat(get("/health", Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(get("/", Optional.empty()).statusCode()).isEqualTo(200);          // the dashboard's page itself
        assertProblem(get("/prometheus", Optional.empty()), 401, "read");
        assertThat(get("/prometheus", Optional.of(key(Right.READ, null))).statusCode()).isEqualTo(200);
    }

    @Test
    void theLiveFeedAloneTakesItsKeyFromTheQuery() throws Exception {
        String read = key(Right.READ, null);
        HttpResponse<Stream<String>> feed = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                        tributary.url().resolve("/api/events?access_token=" + read))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        try (Stream<String> lines = feed.body()) {
            assertThat(feed.statusCode()).isEqualTo(200);
            assertThat(lines.filter(l -> l.equals("event: status")).findFirst()).isPresent();
        }

        assertProblem(get("/api/sources?access_token=" + read, Optional.empty()), 401, "read");
    }

    @Test
    void aKeyAddedWhileRunningWorksAtOnceAndTheOldOneUntilItsLineIsRemoved() throws IOException {
        String old = key(Right.INGEST, "support_tickets");
        HeldKey rotated = keys.create(AccessGrant.ingest(new SourceName("support_tickets"), "rotated"));

        await().atMost(Duration.ofSeconds(10)).until(() -> ticket(rotated.key()).statusCode() == 202);
        assertThat(ticket(old).statusCode()).isEqualTo(202);

        String oldDigest = KeyDigest.of(old).hex();
        List<String> kept = Files.readAllLines(keys.accessKeys()).stream().filter(l -> !l.startsWith(oldDigest))
                .toList();
        Files.write(keys.accessKeys(), kept);

        await().atMost(Duration.ofSeconds(10)).until(() -> ticket(old).statusCode() == 401);
        assertThat(ticket(rotated.key()).statusCode()).isEqualTo(202);
    }

    private HttpResponse<String> ticket(String key) {
        return tributary.sendAsIs(HttpRequest.newBuilder(tributary.url().resolve("/ingest/support_tickets"))
                .header("Content-Type", "text/csv").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("ticket_id,opened_at,priority\nT-1,2026-11-22T08:00:00Z,high\n"))
                .build());
    }

    @Test
    void noKeyEverReachesALogLine() {
        String ingest = key(Right.INGEST, "sensor_readings");
        assertThat(post("sensor_readings", Optional.of(ingest)).statusCode()).isEqualTo(202);
        post("sensor_readings", Optional.of("trb_a-wrong-key-that-must-not-be-logged"));
        get("/api/status", Optional.of(key(Right.READ, null)));

        List<ILoggingEvent> events;
        synchronized (logs) {                // AppenderBase appends under the appender's lock
            events = new java.util.ArrayList<>(logs.list);
        }
        String logged = events.stream().map(AccessIT::everything).collect(Collectors.joining("\n"));
        assertThat(events).isNotEmpty();
        for (HeldKey held : keys.held()) {
            assertThat(logged).doesNotContain(held.key());
        }
        assertThat(logged).doesNotContain("trb_a-wrong-key").doesNotContain("Bearer ");
    }

    private static String everything(ILoggingEvent event) {
        return event.getFormattedMessage() + " " + event.getKeyValuePairs() + " " + event.getMDCPropertyMap()
                + " " + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
    }
}
