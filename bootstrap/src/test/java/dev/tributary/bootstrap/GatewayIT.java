package dev.tributary.bootstrap;

import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.adapters.local.db.EmbeddedDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two client instances behind nginx: the whole pipeline (instance A) and a second client-only context (instance B)
 * reading the same PostgreSQL. REST and Server-Sent Events pass the gateway, and the dashboard stays live when B stops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayIT {
    private static final String ORDERS = """
            [{"order_id":"ORD-000001","shipping":{"country":"DE"},"amount_cents":1250,"customer":"c1","ordered_at":"2026-11-24T10:05:00Z"},
             {"order_id":"ORD-000002","shipping":{"country":"FR"},"amount_cents":750,"customer":"c2","ordered_at":"2026-11-24T10:20:00Z"}]""";
    @TempDir
    static Path temp;
    TestPipeline a;
    ApplicationContext b;
    Nginx gateway;
    ChromeDriver browser;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        a = TestPipeline.start(temp.resolve("a"), Map.of());
        EmbeddedDatabase db = a.context.getBean(EmbeddedDatabase.class);
        b = ApplicationContext.run(Map.of("micronaut.server.port", -1,
                "tributary.storage.data-directory", temp.resolve("b").toString(),
                "tributary.database.url", db.jdbcUrl(), "tributary.database.user", db.user(),
                "tributary.sources.include-samples", false,
                "tributary.sources.directory", TestPipeline.E2E_SOURCES.toString(),
                // both instances check the same key list, as two client tasks read the same secret on AWS
                "tributary.security.access-keys-file", a.context.getBean(LocalKeyFiles.class).accessKeys().toString()),
                Environment.TEST);
        EmbeddedServer serverB = b.getBean(EmbeddedServer.class).start();
        gateway = Nginx.start(temp.resolve("nginx"), List.of(a.url(), serverB.getURI()));
        assertThat(a.post("shop_orders", "application/json", ORDERS).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.appliedBatches() == 1);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (b != null && b.isRunning()) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void restAndLiveUpdatesPassTheGatewayAndSurviveAnInstanceStopping() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {           // round robin: both instances answer, from the same PostgreSQL
            HttpResponse<String> r = get("/api/aggregates/shop_orders/shop_orders_per_hour_by_country");
            assertThat(r.statusCode()).isEqualTo(200);
            bodies.add(r.body());
        }
        assertThat(bodies).containsOnly(bodies.get(0)).first().asString().contains("\"DE\"");
        assertThat(statusEventsThroughGateway(2)).isEqualTo(2);

        browser = Chromium.start();
        browser.get(gateway.url() + "/#key=" + a.keyFor("/api"));
        await().atMost(Duration.ofSeconds(15)).until(() -> live().startsWith("Live"));
        b.close();
        String afterStop = live();

        await().atMost(Duration.ofSeconds(20)).until(() -> live().startsWith("Live") && !live().equals(afterStop));
        for (int i = 0; i < 4; i++) {
            assertThat(get("/api/sources").statusCode()).isEqualTo(200);
        }
        assertThat(statusEventsThroughGateway(1)).isEqualTo(1);
        Chromium.screenshot(browser, "dashboard-through-gateway");
    }

    private String live() {
        return browser.findElement(By.id("live")).getText();
    }

    private long statusEventsThroughGateway(int events) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gateway.url().resolve("/api/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + a.keyFor("/api")).build();
        HttpResponse<Stream<String>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        try (Stream<String> lines = response.body()) {
            return lines.filter(l -> l.equals("event: status")).limit(events).count();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(gateway.url().resolve(path))
                        .header("Authorization", "Bearer " + a.keyFor(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
