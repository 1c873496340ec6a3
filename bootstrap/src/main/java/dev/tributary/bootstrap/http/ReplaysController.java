package dev.tributary.bootstrap.http;

import dev.tributary.application.port.in.ReplaySource.ReplayReport;
import dev.tributary.application.port.in.ReplaySource.ReplayRequest;
import dev.tributary.domain.aggregation.TableDiff;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.application.refusal.UnknownAggregationException;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.bootstrap.runtime.Replays;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Replays (invariant 6): recompute a source's history with its current definition. Starting one answers 202 with
 * where to follow it; it runs in the background, one at a time, and says how far it got.
 */
@Secured(Roles.OPERATOR)
@Controller("/api/replays")
class ReplaysController {
    private final Replays replays;
    private final SourceCatalog sources;

    ReplaysController(Replays replays, SourceCatalog sources) {
        this.replays = replays;
        this.sources = sources;
    }

    @Post
    @Operation(summary = "Start a replay of a source (optionally a window of receive times, one aggregation, or a dry "
            + "run that only reports the difference)")
    HttpResponse<ReplayView> start(@Body StartRequest body) {
        if (body.source() == null || !SourceName.isValid(body.source())) {
            throw new UnknownSourceException(String.valueOf(body.source()));
        }
        SourceDefinition source = sources.require(new SourceName(body.source()));
        if (body.aggregation() != null && source.aggregation(body.aggregation()).isEmpty()) {
            throw new UnknownAggregationException(source.name().value(), body.aggregation());
        }
        ReplayRequest request = new ReplayRequest(source.name(), Optional.ofNullable(body.from()),
                Optional.ofNullable(body.to()), Optional.ofNullable(body.aggregation()), Boolean.TRUE.equals(body.dryRun()));
        Replays.State state = replays.start(request);
        return HttpResponse.<ReplayView>status(HttpStatus.ACCEPTED).body(view(state))
                .headers(h -> h.location(URI.create("/api/replays/" + state.id())));
    }

    @Get("/{id}")
    @Operation(summary = "How far a replay got; its report once done")
    ReplayView find(@PathVariable String id) {
        return replays.find(id).map(ReplaysController::view)
                .orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND, "no replay " + id + " in this process"));
    }

    private static ReplayView view(Replays.State s) {
        ReplayReport r = s.report();
        return new ReplayView(s.id(), s.request().source().value(), s.request().dryRun(),
                s.phase().name().toLowerCase(Locale.ROOT), s.startedAt(), s.batchesDone(), s.batchesKnown(),
                s.records(), s.error(), r == null ? null : new ReportView(r.version(), r.batches(), r.records(),
                r.transformed(), r.caughtUp(), r.took().toMillis(), Math.round(r.recordsPerSecond()), r.switched(),
                r.tables().stream().map(ReplaysController::table).toList()));
    }

    private static TableView table(TableDiff d) {
        Map<String, String> functions = new LinkedHashMap<>();
        d.functions().forEach((column, function) -> functions.put(column, function.name().toLowerCase(Locale.ROOT)));
        return new TableView(d.table(), d.rowsBefore(), d.rowsAfter(), d.changed(), d.added(), d.removed(),
                d.examples(), functions, d.totalsBefore(), d.totalsAfter());
    }

    @Serdeable
    record StartRequest(@Nullable String source, @Nullable Instant from, @Nullable Instant to,
                        @Nullable String aggregation, @Nullable Boolean dryRun) {}

    @Serdeable
    record ReplayView(String id, String source, boolean dryRun, String phase, Instant startedAt, long batchesDone,
                      long batchesKnown, long records, @Nullable String error, @Nullable ReportView report) {}

    @Serdeable
    record ReportView(String version, long batches, long records, long transformed, int caughtUp, long millis,
                      long recordsPerSecond, boolean switched, List<TableView> tables) {}

    @Serdeable
    record TableView(String table, long rowsBefore, long rowsAfter, long changed, long added, long removed,
                     List<String> examples, Map<String, String> functions, Map<String, BigDecimal> totalsBefore,
                     Map<String, BigDecimal> totalsAfter) {}
}
