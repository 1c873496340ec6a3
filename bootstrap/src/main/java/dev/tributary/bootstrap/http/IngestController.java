package dev.tributary.bootstrap.http;

import dev.tributary.application.port.in.IngestBatch;
import dev.tributary.application.port.in.IngestBatch.IngestBatchCommand;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.domain.source.SourceName;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /ingest/{source}}: 202 with the batch id once the batch is durable on the ingest queue. The post is
 * checked on a blocking thread, which is then free again while the post waits for its group to be published.
 */
@Secured(SecurityRule.IS_AUTHENTICATED)   // which source a key reaches: IngestSourceRule, before this
@Controller("/ingest")
class IngestController {
    private static final Logger LOG = LoggerFactory.getLogger(IngestController.class);
    private final IngestBatch ingestBatch;

    IngestController(IngestBatch ingestBatch) {
        this.ingestBatch = ingestBatch;
    }

    @Post("/{source}")
    @Consumes(MediaType.ALL)
    @ExecuteOn(TaskExecutors.BLOCKING)
    CompletableFuture<HttpResponse<Accepted>> ingest(String source, @Nullable @Header(HttpHeaders.CONTENT_TYPE) String contentType,
                                  @Nullable @Header("Idempotency-Key") String idempotencyKey,
                                  @Nullable @Body byte[] body) {
        if (!SourceName.isValid(source)) {
            throw new UnknownSourceException(source);
        }
        return ingestBatch.submit(new IngestBatchCommand(new SourceName(source), contentType,
                body == null ? new byte[0] : body, idempotencyKey)).thenApply(receipt -> {
                    LOG.atDebug().addKeyValue("source", source).addKeyValue("batchId", receipt.batchId())
                            .addKeyValue("records", receipt.records()).log("batch accepted");
                    return HttpResponse.accepted().body(new Accepted(receipt.batchId().toString(), source,
                            receipt.records()));
                });
    }

    /**
     * The 202 body: the batch id is the producer's handle for lineage and support; {@code records} counts this post's
     * records (a batch may hold several small posts).
     */
    @Serdeable
    record Accepted(String batchId, String source, int records) {}
}
