package dev.tributary.adapters.formats.catalog;

import dev.tributary.adapters.formats.codec.JacksonRecordCodec;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.rules.Cleaner;
import dev.tributary.domain.rules.CleaningOutcome;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The 12 sources shipped in bootstrap's {@code sources/} folder, read from there. */
class ShippedSourcesTest {
    private static final Path SHIPPED = Path.of("../bootstrap/src/main/resources/sources");

    private final SourceFileValidator validator = new SourceFileValidator();
    private final YamlSourceCatalog catalog = YamlSourceCatalog.fromDirectory(SHIPPED);

    @Test
    void allTwelveLoadWithoutProblems() {
        assertThat(validator.validateAll(SourceText.readDirectory(SHIPPED))).isEmpty();
        assertThat(catalog.all()).hasSize(12);
    }

    @Test
    void coverEveryInputFormatAtLeastThreeTimes() {
        Map<InputFormat, Long> perFormat = catalog.all().stream()
                .collect(Collectors.groupingBy(SourceDefinition::format, Collectors.counting()));

        assertThat(perFormat).containsOnlyKeys(InputFormat.JSON, InputFormat.NDJSON, InputFormat.CSV);
        assertThat(perFormat.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(3));
    }

    @Test
    void everySourceHasAMinuteAggregationSoADemoShowsGrowthWithinSeconds() {
        assertThat(catalog.all()).allSatisfy(s -> assertThat(s.aggregations())
                .extracting(AggregationSpec::bucket).contains(Bucket.MINUTE));
    }

    @Test
    void indexListsExactlyTheShippedFiles() throws IOException {
        List<String> index = Files.readAllLines(SHIPPED.resolve(SourceText.INDEX)).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).sorted().toList();
        try (Stream<Path> files = Files.list(SHIPPED)) {
            assertThat(index).containsExactlyElementsOf(files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yml")).sorted().toList());
        }
    }

    @Test
    void samplesCleanIntoTheExpectedUnitsAndTimes() {
        CleanRecord shipment = cleanOne("shipments", """
                tracking_number,carrier,dest_country,parcels,weight_lb,shipped_at
                1z999, UPS ,de,,10,2026-03-01T09:30:00
                """);
        CleanRecord reading = cleanOne("iot_sensor_readings", """
                {"device":{"id":"s-0042","site":"Hamburg"},"temperature_f":104,"humidity":40.5,"timestamp":1772357400000}
                """);
        CleanRecord ticket = cleanOne("support_tickets", """
                Ticket ID,Status,Priority,Group,First Response (min),Updated
                tck-17,Open,,Billing,12,2026-03-01 10:30:00
                """);
        CleanRecord meter = cleanOne("energy_meter", "meter_id,region,kwh,volts,epoch\nMTR00000001,North,0.250,229.5,1772357400\n");
        CleanRecord trip = cleanOne("ride_trips", """
                [{"trip_id":"t1","pickup":{"city":"Chicago"},"distance_miles":10,"fare":{"total":23.40},
                  "ended_at":"2026-03-01T10:00:00-06:00"}]
                """);

        assertThat(shipment.values()).containsEntry("carrier", "ups").containsEntry("destination_country", "DE")
                .containsEntry("parcels", 1L).containsEntry("weight_kg", new BigDecimal("4.536"));
        assertThat(shipment.eventTime()).isEqualTo(Instant.parse("2026-03-01T09:30:00Z"));
        assertThat(reading.values()).containsEntry("sensor_id", "S-0042").containsEntry("temperature_c",
                new BigDecimal("40.00")).containsEntry("battery_low", false);
        assertThat(ticket.values()).containsEntry("ticket_id", "TCK-17").containsEntry("priority", "normal");
        assertThat(ticket.eventTime()).isEqualTo(Instant.parse("2026-03-01T09:30:00Z"));
        assertThat(meter.eventTime()).isEqualTo(Instant.ofEpochSecond(1772357400L));
        assertThat(trip.values()).containsEntry("distance_km", new BigDecimal("16.093"))
                .containsEntry("vehicle_class", "standard");
        assertThat(trip.eventTime()).isEqualTo(Instant.parse("2026-03-01T16:00:00Z"));
    }

    private CleanRecord cleanOne(String sourceName, String body) {
        SourceDefinition source = catalog.require(new SourceName(sourceName));
        var raw = new JacksonRecordCodec().decode(source.format(), body.getBytes(StandardCharsets.UTF_8));
        List<CleaningOutcome> outcomes = new Cleaner(source).cleanAll(raw);
        assertThat(outcomes).singleElement().isInstanceOf(CleaningOutcome.Clean.class);
        return ((CleaningOutcome.Clean) outcomes.get(0)).record();
    }

}
