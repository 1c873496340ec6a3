package dev.tributary.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The baseline of the ingest figures: the same route shape, parameters, key check, executor and 202 body as the production
 * {@code IngestController}, but the body is read and discarded. What the ingest endpoint does beyond this is the
 * pipeline's own cost. Only in the bench jar, and only when {@code bench.discard.enabled} is set.
 */
@Secured(SecurityRule.IS_AUTHENTICATED)   // the same key check as ingest: what is compared is what follows it
@Controller("/discard")
@Requires(property = "bench.discard.enabled", value = "true")
class DiscardController {

    @Post("/{source}")
    @Consumes(MediaType.ALL)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<Discarded> discard(String source, @Nullable @Header(HttpHeaders.CONTENT_TYPE) String contentType,
                                    @Nullable @Header("Idempotency-Key") String idempotencyKey,
                                    @Nullable @Body byte[] body) {
        return HttpResponse.accepted().body(new Discarded("00000000-0000-7000-8000-000000000000", source,
                body == null ? 0 : 1));
    }

    /** Shaped like the ingest 202 body, so both sides serialize the same amount. */
    @Serdeable
    record Discarded(String batchId, String source, int records) {}
}
