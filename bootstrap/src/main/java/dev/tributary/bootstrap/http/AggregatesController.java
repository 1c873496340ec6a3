package dev.tributary.bootstrap.http;

import dev.tributary.application.port.in.QueryAggregates;
import dev.tributary.application.port.in.ListUnknownFields;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.application.refusal.UnsupportedBucketException;
import dev.tributary.domain.aggregation.AggregateQuery;
import dev.tributary.domain.aggregation.AggregateTable;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.source.SourceName;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.HttpStatus;
import dev.tributary.domain.source.DefinitionVersion;
import io.micronaut.security.annotation.Secured;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Read side: the sources with their aggregations described for people, and one aggregation's rows. */
@Secured(Roles.READ)
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class AggregatesController {
    private static final Set<String> PARAMETERS = Set.of("from", "to", "limit", "bucket", "access_token");
    private final SourceCatalog sources;
    private final QueryAggregates queryAggregates;

    private final ListUnknownFields unknownFields;

    AggregatesController(SourceCatalog sources, QueryAggregates queryAggregates, ListUnknownFields unknownFields) {
        this.sources = sources;
        this.unknownFields = unknownFields;
        this.queryAggregates = queryAggregates;
    }

    @Get("/sources")
    @Operation(summary = "Every source with its fields and aggregations, described for people")
    List<SourceView> sources() {
        return sources.all().stream().map(SourceView::of).toList();
    }

    /** Any query parameter besides from, to, limit and bucket filters a dimension column, e.g. {@code ?country=DE}. */
    /** Fields producers send that no source declares: the dashboard says "new fields arriving". */
    @Get("/unknown-fields")
    @Operation(summary = "Input fields producers send that their source does not declare: records, first and last seen")
    List<UnknownFieldView> unknownFields(@Nullable @QueryValue String source) {
        if (source != null && !SourceName.isValid(source)) {
            throw new UnknownSourceException(source);
        }
        return unknownFields.list(Optional.ofNullable(source).map(SourceName::new)).stream()
                .map(u -> new UnknownFieldView(u.source().value(), u.field(), u.records(), u.firstSeen(),
                        u.lastSeen())).toList();
    }

    @Serdeable
    record UnknownFieldView(String source, String field, long records, Instant firstSeen, Instant lastSeen) {}

    /** The definition the pipeline runs, as {@code tributary sources validate} compares a changed file with it. */
    @Get("/sources/{source}/definition")
    @Operation(summary = "The definition of a source this pipeline runs: its version and canonical content")
    DefinitionView definition(@PathVariable String source) {
        if (!SourceName.isValid(source)) {
            throw new UnknownSourceException(source);
        }
        SourceName name = new SourceName(source);
        sources.require(name);
        DefinitionVersion version = sources.version(name).orElseThrow(() -> new HttpStatusException(
                HttpStatus.NOT_FOUND, "this pipeline's catalog does not version source " + source));
        return new DefinitionView(source, version.id(), version.canonical());
    }

    @Serdeable
    record DefinitionView(String source, String version, String definition) {}

    @Get("/aggregates/{source}/{aggregation}")
    @Operation(summary = "Rows of one aggregation, newest bucket first: buckets in [from, to), dimension filters as parameters, optionally rolled up to a coarser bucket")
    TableView aggregate(HttpRequest<?> request, String source, String aggregation, @Nullable @QueryValue Instant from,
                        @Nullable @QueryValue Instant to, @Nullable @QueryValue Integer limit,
                        @Parameter(description = "Roll the rows up to this bucket: the aggregation's own (GET "
                                + "/api/sources names it) or a coarser one, e.g. hour to day. Counts and sums add, "
                                + "min and max keep extremes, averages are weighted by their values, distinct counts "
                                + "count each value once per bucket. The time column is named after the bucket. A "
                                + "finer bucket is a 400 problem naming the buckets allowed.",
                                schema = @Schema(allowableValues = {"minute", "hour", "day"}))
                        @Nullable @QueryValue String bucket) {
        if (!SourceName.isValid(source)) {
            throw new UnknownSourceException(source);
        }
        Map<String, String> dimensions = new LinkedHashMap<>();
        request.getParameters().forEach((name, values) -> {
            if (!PARAMETERS.contains(name) && !values.isEmpty()) {
                dimensions.put(name, values.get(0));
            }
        });
        Optional<Bucket> per = bucket == null ? Optional.empty()
                : Optional.of(Bucket.fromName(bucket).orElseThrow(UnsupportedBucketException::unknown));
        AggregateQuery query = new AggregateQuery(from == null ? Instant.EPOCH : from,
                to == null ? Instant.parse("9999-12-31T00:00:00Z") : to, dimensions,
                limit == null ? 500 : Math.min(Math.max(limit, 1), 10_000), per);
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

    @io.micronaut.serde.annotation.Serdeable
    record TableView(List<String> columns, List<List<Object>> rows) {}
}
