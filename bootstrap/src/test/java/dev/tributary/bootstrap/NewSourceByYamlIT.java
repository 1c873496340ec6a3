package dev.tributary.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Invariant 5: a 13th source is a YAML file next to the 12 shipped ones — no code — and is aggregated like them. */
class NewSourceByYamlIT {
    @TempDir
    Path data;
    @TempDir
    Path extraSources;

    @Test
    void aThirteenthSourceDeclaredInYamlAloneIsAggregated() throws IOException {
        Files.writeString(extraSources.resolve("parking_sensors.yml"), """
                name: parking_sensors
                title: Parking bay sensors
                description: A bay reports when a car arrives or leaves.
                format: csv
                event_time: seen_at
                fields:
                  - {name: garage, input: Garage, type: string, required: true, rules: [trim, lowercase]}
                  - {name: occupied, input: Occupied, type: boolean, required: true}
                  - {name: seen_at, input: Seen, type: timestamp, required: true, format: epoch_seconds}
                aggregations:
                  - table: parking_events_per_hour_by_garage
                    title: Parking events per hour by garage
                    bucket: hour
                    dimensions: [garage, occupied]
                    measures:
                      - {column: events, function: count, description: Arrivals or departures}
                """);

        try (TestPipeline tributary = TestPipeline.start(data, Map.of(
                "tributary.sources.include-samples", true,
                "tributary.sources.directory", extraSources.toString()))) {
            assertThat(tributary.get("/api/sources").body()).contains("\"orders\"", "\"parking_sensors\"");
            assertThat(tributary.post("parking_sensors", "text/csv",
                    "Garage,Occupied,Seen\nNorth ,true,1795514410\nnorth,true,1795514420\nSouth,false,1795514430\n")
                    .statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> tributary.appliedBatches() == 1);

            assertThat(tributary.rows("parking_sensors", "parking_events_per_hour_by_garage")).containsExactlyInAnyOrder(
                    Map.of("hour", "2026-11-24T10:00:00Z", "garage", "north", "occupied", "true", "events", "2"),
                    Map.of("hour", "2026-11-24T10:00:00Z", "garage", "south", "occupied", "false", "events", "1"));
        }
    }
}
