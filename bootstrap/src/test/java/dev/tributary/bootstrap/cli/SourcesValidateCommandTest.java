package dev.tributary.bootstrap.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.adapters.formats.catalog.SourceFileValidator;
import dev.tributary.adapters.formats.catalog.SourceText;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tributary sources validate} compares a changed file with what a running pipeline runs (a stand-in API). */
class SourcesValidateCommandTest {
    private static final String RUNNING = """
            name: greenhouse
            title: Greenhouse
            format: ndjson
            event_time: read_at
            fields:
              - {name: room, type: string, required: true}
              - {name: temperature_c, input: temp, type: decimal, required: true, rules: [{range: {min: -20, max: 40}}]}
              - {name: read_at, type: timestamp, required: true, format: epoch_millis}
            aggregations:
              - table: climate_per_hour_by_room
                title: Climate per hour by room
                bucket: hour
                dimensions: [room]
                measures:
                  - {column: readings, function: count, description: Readings}
            """;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private HttpServer api;

    @TempDir
    Path data;

    @BeforeEach
    void capture() throws IOException {
        savedOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setProperty("tributary.storage.data-directory", data.toString());
        api = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        DefinitionVersion running = new SourceFileValidator().check(List.of(new SourceText("running", RUNNING)))
                .versions().get(new SourceName("greenhouse"));
        byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("source", "greenhouse", "version", running.id(),
                "definition", running.canonical()));
        api.createContext("/api/sources/greenhouse/definition", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.clearProperty("tributary.storage.data-directory");
        api.stop(0);
    }

    private String validate(String yaml) throws IOException {
        Path file = data.resolve("greenhouse.yml");
        Files.writeString(file, yaml);
        int exit = TributaryCommand.execute(new String[]{"sources", "validate", "--key", "read-key", "--url",
                "http://localhost:" + api.getAddress().getPort(), file.toString()});
        assertThat(exit).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFixedRuleIsNamedAndTheReplayThatCleansEveryBatchAgainIsSuggested() throws IOException {
        String printed = validate(RUNNING.replace("[{range: {min: -20, max: 40}}]",
                "[{convert: {from: fahrenheit, to: celsius}}, {range: {min: -40, max: 60}}]"));

        assertThat(printed).contains("greenhouse.yml: ok", "differs from the running definition",
                "field temperature_c, rules:", "'./tributary replay --source greenhouse' cleans every batch again "
                        + "and rebuilds climate_per_hour_by_room");
    }

    @Test
    void aNewAggregationOnlyNeedsItsOwnTableFilled() throws IOException {
        String printed = validate(RUNNING + """
                  - table: climate_per_day
                    title: Climate per day
                    bucket: day
                    measures:
                      - {column: readings, function: count, description: Readings}
                """);

        assertThat(printed).contains("aggregation climate_per_day added",
                "--aggregation T' for each of climate_per_day fills their history");
    }

    @Test
    void theSameDefinitionIsSaidToRunAlready() throws IOException {
        assertThat(validate("# a comment changes no version\n" + RUNNING))
                .contains("the running pipeline runs this definition");
    }
}
