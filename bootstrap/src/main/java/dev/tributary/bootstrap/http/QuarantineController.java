package dev.tributary.bootstrap.http;

import dev.tributary.application.port.in.BrowseQuarantine;
import dev.tributary.application.port.in.BrowseQuarantine.QuarantinePage;
import dev.tributary.application.port.in.BrowseQuarantine.QuarantinedBatch;
import dev.tributary.application.port.in.RedriveQuarantinedBatch;
import dev.tributary.application.port.in.RedriveQuarantinedBatch.RedriveReceipt;
import dev.tributary.application.refusal.QuarantineObjectNotFoundException;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.source.SourceName;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.security.annotation.Secured;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/** Quarantined batches with every rejected record and its reason, a page at a time, and the redrive action. */
@Secured(Roles.READ)
@Controller("/api/quarantine")
@ExecuteOn(TaskExecutors.BLOCKING)
class QuarantineController {
    private static final Logger LOG = LoggerFactory.getLogger(QuarantineController.class);
    private final BrowseQuarantine browseQuarantine;
    private final RedriveQuarantinedBatch redrive;

    QuarantineController(BrowseQuarantine browseQuarantine, RedriveQuarantinedBatch redrive) {
        this.browseQuarantine = browseQuarantine;
        this.redrive = redrive;
    }

    @Get
    @Operation(summary = "The newest quarantined batches (of one source, or all), with rejected records and reasons, a page at a time")
    QuarantinePageView browse(@Nullable @QueryValue String source,
                              @Parameter(description = "Batches per page, 1 to 200 (default 20).")
                              @Nullable @QueryValue Integer limit,
                              @Parameter(description = "The 'next' value of the previous page, unchanged: the page "
                                      + "continues with the batches older than that page's last. Leave it out for the "
                                      + "newest.")
                              @Nullable @QueryValue String after) {
        if (source != null && !SourceName.isValid(source)) {
            throw new UnknownSourceException(source);
        }
        QuarantinePage page = browseQuarantine.browse(Optional.ofNullable(source).map(SourceName::new),
                limit == null ? 20 : Math.min(Math.max(limit, 1), 200), Optional.ofNullable(after));
        return new QuarantinePageView(page.batches().stream().map(QuarantineView::of).toList(),
                page.next().orElse(null));
    }

    @Post("/redrive")
    @Secured(Roles.OPERATOR)
    @Operation(summary = "Send a quarantined batch's records through the pipeline again, once per rule version")
    RedriveView redrive(@Body RedriveRequest request) {
        ObjectKey key;
        try {
            key = ObjectKey.parse(request.object());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new QuarantineObjectNotFoundException(String.valueOf(request.object()));
        }
        RedriveReceipt receipt = redrive.redrive(key);
        LOG.atInfo().addKeyValue("source", receipt.source()).addKeyValue("objectKey", key.path())
                .addKeyValue("batchId", receipt.batchId()).addKeyValue("records", receipt.records())
                .log("quarantine redriven");
        return new RedriveView(receipt.batchId().toString(), receipt.source().value(), receipt.records(),
                receipt.skippedDuplicates());
    }

    @Serdeable
    record RedriveRequest(String object) {}

    @Serdeable
    record RedriveView(String batchId, String source, int records, int skippedDuplicates) {}

    /** {@code next}: pass it as {@code after} for the following page; absent on the last page. */
    @Serdeable
    record QuarantinePageView(List<QuarantineView> batches, @Nullable String next) {}

    @Serdeable
    record QuarantineView(String object, String source, String batchId, String receivedAt, List<Entry> records) {
        static QuarantineView of(QuarantinedBatch q) {
            return new QuarantineView(q.object().path(), q.object().source().value(), q.object().batch().toString(),
                    q.lineage().receivedAt().toString(), q.records().stream().map(r -> new Entry(r.at().index() + 1,
                            r.field(), r.reason(), r.record().values())).toList());
        }
    }

    /** {@code record} is 1-based, as people count. */
    @Serdeable
    record Entry(int record, @Nullable String field, String reason, java.util.Map<String, String> raw) {}
}
