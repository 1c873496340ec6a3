package dev.tributary.bootstrap;

import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.adapters.postgres.JdbcSchema;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.SourceName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.bootstrap.runtime.StageLoops;
import dev.tributary.application.port.out.AppliedBatchLedger;
import dev.tributary.bootstrap.runtime.LocalPipeline;
import dev.tributary.domain.batch.BatchId;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The whole local pipeline in the test JVM, on a temporary data directory, with the end-to-end test sources. */
final class TestPipeline implements AutoCloseable {
    static final Path E2E_SOURCES = Path.of("src/test/resources/e2e-sources").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    final ApplicationContext context;
    final LocalPipeline pipeline;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestPipeline(ApplicationContext context) {
        this.context = context;
        this.pipeline = LocalPipeline.start(context);
    }

    static TestPipeline start(Path dataDirectory, Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port", -1,
                "tributary.storage.data-directory", dataDirectory.toString(),
                "tributary.database.embedded-port", 0,
                "tributary.sources.include-samples", false,
                "tributary.sources.directory", E2E_SOURCES.toString(),
                "tributary.queue.visibility-timeout", "3s"));
        properties.putAll(overrides);
        return new TestPipeline(ApplicationContext.run(properties, Environment.TEST));
    }

    URI url() {
        return pipeline.url();
    }

    StageLoops triggers() {
        return pipeline.triggers();
    }

    /** The raw record count the ledger row of {@code batch} holds, read from PostgreSQL; empty until it is applied. */
    Optional<Integer> appliedRawRecords(BatchId batch) {
        DataSource database = DelegatingDataSource.unwrapDataSource(      // the pool, not Micronaut Data's proxy of it
                context.getBean(DataSource.class, Qualifiers.byName(JdbcSchema.DATA_SOURCE)));
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT raw_records FROM tributary.applied_batches WHERE batch_id = ?")) {
            s.setObject(1, batch.value());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long appliedBatches() {
        return context.getBean(AppliedBatchLedger.class).count(Optional.empty());
    }

    HttpResponse<String> post(String source, String contentType, String body) {
        return send(HttpRequest.newBuilder(url().resolve("/ingest/" + source))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(url().resolve(path)).GET().build());
    }

    /** An aggregation's rows as column → text maps, newest bucket first. */
    List<Map<String, String>> rows(String source, String aggregation) {
        return rows(source, aggregation, "");
    }

    /** The rows with query parameters, e.g. {@code "?bucket=day"}. */
    List<Map<String, String>> rows(String source, String aggregation, String query) {
        HttpResponse<String> response = get("/api/aggregates/" + source + "/" + aggregation + query);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("aggregates answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode body = json(response);
        List<String> columns = new ArrayList<>();
        body.get("columns").forEach(c -> columns.add(c.asText()));
        List<Map<String, String>> rows = new ArrayList<>();
        body.get("rows").forEach(r -> {
            Map<String, String> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                row.put(columns.get(i), normalized(r.get(i).asText()));
            }
            rows.add(row);
        });
        return rows;
    }

    /** Numbers compare by value: "20.00" and "20" are the same revenue. */
    private static String normalized(String text) {
        if (!text.matches("-?\\d+(\\.\\d+)?")) {
            return text;
        }
        return new java.math.BigDecimal(text).stripTrailingZeros().toPlainString();
    }

    static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends with the key the caller would hold, from the keys the pipeline created on its first start: the source's
     * ingest key for {@code /ingest/<source>}, the operator key elsewhere; a request that names its own
     * {@code Authorization} keeps it.
     */
    HttpResponse<String> send(HttpRequest request) {
        if (request.headers().firstValue("Authorization").isPresent()) {
            return sendAsIs(request);
        }
        HttpRequest.Builder keyed = HttpRequest.newBuilder(request, (name, value) -> true);
        keyed.header("Authorization", "Bearer " + keyFor(request.uri().getPath()));
        return sendAsIs(keyed.build());
    }

    /** The key a caller of {@code path} would send: the source's ingest key, or the operator key. */
    String keyFor(String path) {
        LocalKeyFiles keys = context.getBean(LocalKeyFiles.class);
        if (path.startsWith("/ingest/")) {
            return keys.keyFor(Right.INGEST, Optional.of(new SourceName(path.substring("/ingest/".length()))))
                    .orElseThrow(() -> new IllegalStateException("no ingest key for " + path));
        }
        return keys.keyFor(Right.OPERATOR, Optional.empty()).orElseThrow();
    }

    /** Sends exactly this request, with no key added. */
    HttpResponse<String> sendAsIs(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pipeline.close();
        context.close();
    }
}
