package dev.tributary.bootstrap.http;

import dev.tributary.application.port.in.TraceAggregateRow;
import dev.tributary.application.port.in.TraceAggregateRow.RowLineage;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.domain.lake.Lineage;
import dev.tributary.domain.source.SourceName;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.security.annotation.Secured;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lineage of one aggregate row: which batches, raw and staged objects made it. */
@Secured(Roles.READ)
@Controller("/api/lineage")
@ExecuteOn(TaskExecutors.BLOCKING)
class LineageController {
    private final TraceAggregateRow traceAggregateRow;

    LineageController(TraceAggregateRow traceAggregateRow) {
        this.traceAggregateRow = traceAggregateRow;
    }

    /** {@code bucket} is the row's time column; any other parameter is a dimension value, e.g. {@code ?country=DE}. */
    @Get("/{source}/{aggregation}")
    @Operation(summary = "Batches (with raw and staged objects) that contributed to one aggregate row")
    LineageView trace(HttpRequest<?> request, String source, String aggregation, @QueryValue Instant bucket) {
        if (!SourceName.isValid(source)) {
            throw new UnknownSourceException(source);
        }
        Map<String, String> dimensions = new LinkedHashMap<>();
        request.getParameters().forEach((name, values) -> {
            if (!name.equals("bucket") && !name.equals("access_token") && !values.isEmpty()) {
                dimensions.put(name, values.get(0));
            }
        });
        RowLineage lineage = traceAggregateRow.trace(new SourceName(source), aggregation, bucket, dimensions);
        return new LineageView(lineage.examined(), lineage.complete(), lineage.contributions().stream().map(c -> {
            Lineage l = c.batch().lineage();
            return new BatchView(l.batch().toString(), c.records(), l.receivedAt().toString(),
                    c.batch().aggregatedAt().toString(), c.batch().rawObject(), c.batch().stagedObject(),
                    l.rawRecords(), l.rejectedRecords(), c.batch().definitionVersion());
        }).toList());
    }

    @Serdeable
    record LineageView(int examined, boolean complete, List<BatchView> batches) {}

    @Serdeable
    record BatchView(String batchId, long records, String receivedAt, String aggregatedAt, String rawObject,
                     String stagedObject, int rawRecords, int rejectedRecords,
                     @io.micronaut.core.annotation.Nullable String definitionVersion) {}
}
