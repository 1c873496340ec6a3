package dev.tributary.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariant 1's other half: a source over its rate gets 429 with Retry-After, and other sources are not slowed. */
class IngestRateLimitIT {
    private static final String READING = "{\"sensor_id\":\"s1\",\"temperature_f\":50,\"read_at\":1795514410000}\n";

    @TempDir
    Path data;

    @Test
    void aSourceOverItsRateIsToldWhenToRetryWhileOtherSourcesPostOn() {
        try (TestPipeline tributary = TestPipeline.start(data, Map.of("tributary.ingest.rate-per-second", 0.5,
                "tributary.ingest.rate-burst", 3))) {
            List<Integer> codes = new ArrayList<>();
            HttpResponse<String> last = null;
            for (int i = 0; i < 4; i++) {
                last = tributary.post("sensor_readings", "application/x-ndjson", READING);
                codes.add(last.statusCode());
            }

            assertThat(codes).containsExactly(202, 202, 202, 429);
            assertThat(last.headers().firstValue("Retry-After")).contains("2");
            assertThat(last.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            JsonNode problem = TestPipeline.json(last);
            assertThat(problem.get("detail").asText()).contains("sensor_readings", "bursts of 3");
            assertThat(tributary.post("shop_orders", "application/json",
                    "{\"order_id\":\"ORD-000001\",\"customer\":{\"id\":\"c\"},\"items\":1,\"amount_cents\":100,"
                            + "\"ordered_at\":\"2026-11-22T08:00:00Z\"}").statusCode()).isEqualTo(202);
        }
    }
}
