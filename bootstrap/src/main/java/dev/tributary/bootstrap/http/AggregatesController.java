package dev.tributary.bootstrap.http;

import dev.tributary.application.port.in.QueryAggregates;
import dev.tributary.application.port.in.UnknownSourceException;
import dev.tributary.application.port.out.AggregateStore.AggregateQuery;
import dev.tributary.application.port.out.AggregateStore.AggregateTable;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.domain.source.SourceName;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Read side: the sources with their aggregations, and one aggregation's rows. */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class AggregatesController {
    private final SourceCatalog sources;
    private final QueryAggregates queryAggregates;

    AggregatesController(SourceCatalog sources, QueryAggregates queryAggregates) {
        this.sources = sources;
        this.queryAggregates = queryAggregates;
    }

    @Get("/sources")
    List<SourceView> sources() {
        return sources.all().stream().map(s -> new SourceView(s.name().value(), s.title(), s.description(),
                s.format().extension(), s.aggregations().stream()
                        .map(a -> new AggregationView(a.table(), a.title(), a.bucket().column())).toList()))
                .toList();
    }

    @Get("/aggregates/{source}/{aggregation}")
    TableView aggregate(String source, String aggregation, @Nullable @QueryValue Instant from,
                        @Nullable @QueryValue Instant to, @Nullable @QueryValue Integer limit) {
        if (!SourceName.isValid(source)) {
            throw new UnknownSourceException(source);
        }
        AggregateQuery query = new AggregateQuery(from == null ? Instant.EPOCH : from,
                to == null ? Instant.parse("9999-12-31T00:00:00Z") : to, Map.of(),
                limit == null ? 500 : Math.min(Math.max(limit, 1), 10_000));
        AggregateTable table = queryAggregates.query(new SourceName(source), aggregation, query);
        return new TableView(table.columns(), table.rows().stream()
                .map(r -> r.stream().map(AggregatesController::json).toList()).toList());
    }

    /** Instants as ISO-8601 text, decimals as exact plain text (no binary floating point on the way out). */
    private static Object json(Object value) {
        if (value instanceof java.math.BigDecimal d) {
            return d.toPlainString();
        }
        return value instanceof Instant i ? i.toString() : value;
    }

    @Serdeable
    record SourceView(String name, String title, String description, String format, List<AggregationView> aggregations) {}

    @Serdeable
    record AggregationView(String table, String title, String bucket) {}

    @Serdeable
    record TableView(List<String> columns, List<List<Object>> rows) {}
}
