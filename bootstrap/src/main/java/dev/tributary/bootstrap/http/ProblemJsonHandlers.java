package dev.tributary.bootstrap.http;

import dev.tributary.application.port.out.PortUnavailableException;
import java.util.Optional;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.HttpHeaders;
import dev.tributary.application.refusal.RateLimitedException;
import dev.tributary.application.refusal.BatchTooLargeException;
import dev.tributary.application.refusal.InvalidCursorException;
import dev.tributary.application.refusal.InvalidIdempotencyKeyException;
import dev.tributary.application.refusal.InvalidReplayWindowException;
import dev.tributary.application.refusal.MalformedBatchException;
import dev.tributary.application.refusal.NothingToRedriveException;
import dev.tributary.application.refusal.QuarantineObjectNotFoundException;
import dev.tributary.application.refusal.UnknownAggregationException;
import dev.tributary.application.refusal.UnknownDimensionException;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.application.refusal.UnknownStepException;
import dev.tributary.application.refusal.UnsupportedBucketException;
import dev.tributary.application.refusal.UnsupportedContentTypeException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place exceptions become RFC 9457 problem+json responses: one small handler per exception, each naming its
 * status, problem type and title; the detail is the exception's message, which says what was wrong and never echoes
 * the payload or a key.
 */
final class ProblemJsonHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemJsonHandlers.class);

    private ProblemJsonHandlers() {
    }

    /** Maps one exception type to a problem. */
    abstract static class Mapped<E extends Exception> implements ExceptionHandler<E, HttpResponse<Problem>> {
        private final HttpStatus status;
        private final String type;
        private final String title;

        Mapped(HttpStatus status, String type, String title) {
            this.status = status;
            this.type = type;
            this.title = title;
        }

        String detail(E e) {
            return e.getMessage();
        }

        /** Seconds for a {@code Retry-After} header, when the refusal has one. */
        Optional<Long> retryAfter(E e) {
            return Optional.empty();
        }

        @Override
        public HttpResponse<Problem> handle(HttpRequest request, E e) {
            MutableHttpResponse<Problem> response = Problem.response(status, type, title, detail(e));
            retryAfter(e).ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
            return response;
        }
    }

    @Produces
    @Singleton
    static final class RateLimited extends Mapped<RateLimitedException> {
        RateLimited() {
            super(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many posts");
        }

        @Override
        Optional<Long> retryAfter(RateLimitedException e) {
            return Optional.of(e.retryAfter().toSeconds());
        }
    }

    @Produces
    @Singleton
    static final class UnknownSource extends Mapped<UnknownSourceException> {
        UnknownSource() {
            super(HttpStatus.NOT_FOUND, "unknown-source", "Unknown source");
        }

        @Override
        String detail(UnknownSourceException e) {
            return "There is no source named '" + e.source() + "'. GET /api/sources lists the sources.";
        }
    }

    @Produces
    @Singleton
    static final class UnknownAggregation extends Mapped<UnknownAggregationException> {
        UnknownAggregation() {
            super(HttpStatus.NOT_FOUND, "unknown-aggregation", "Unknown aggregation");
        }
    }

    @Produces
    @Singleton
    static final class UnknownDimension extends Mapped<UnknownDimensionException> {
        UnknownDimension() {
            super(HttpStatus.BAD_REQUEST, "unknown-dimension", "Unknown dimension");
        }
    }

    @Produces
    @Singleton
    static final class UnknownStep extends Mapped<UnknownStepException> {
        UnknownStep() {
            super(HttpStatus.BAD_REQUEST, "unknown-stage", "Unknown stage");
        }
    }

    @Produces
    @Singleton
    static final class UnsupportedBucket extends Mapped<UnsupportedBucketException> {
        UnsupportedBucket() {
            super(HttpStatus.BAD_REQUEST, "unsupported-bucket", "Unsupported bucket");
        }
    }

    @Produces
    @Singleton
    static final class UnsupportedContentType extends Mapped<UnsupportedContentTypeException> {
        UnsupportedContentType() {
            super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-content-type", "Unsupported content type");
        }
    }

    @Produces
    @Singleton
    static final class TooLarge extends Mapped<BatchTooLargeException> {
        TooLarge() {
            super(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "batch-too-large", "Batch too large");
        }
    }

    @Produces
    @Singleton
    static final class BodyTooLarge extends Mapped<ContentLengthExceededException> {
        BodyTooLarge() {
            super(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "batch-too-large", "Batch too large");
        }
    }

    @Produces
    @Singleton
    static final class Malformed extends Mapped<MalformedBatchException> {
        Malformed() {
            super(HttpStatus.BAD_REQUEST, "malformed-batch", "Malformed batch");
        }
    }

    @Produces
    @Singleton
    static final class InvalidKey extends Mapped<InvalidIdempotencyKeyException> {
        InvalidKey() {
            super(HttpStatus.BAD_REQUEST, "invalid-idempotency-key", "Invalid Idempotency-Key");
        }
    }

    @Produces
    @Singleton
    static final class InvalidCursor extends Mapped<InvalidCursorException> {
        InvalidCursor() {
            super(HttpStatus.BAD_REQUEST, "invalid-cursor", "Invalid cursor");
        }
    }

    @Produces
    @Singleton
    static final class InvalidReplayWindow extends Mapped<InvalidReplayWindowException> {
        InvalidReplayWindow() {
            super(HttpStatus.BAD_REQUEST, "invalid-replay-window", "Invalid replay window");
        }
    }

    @Produces
    @Singleton
    static final class QuarantineNotFound extends Mapped<QuarantineObjectNotFoundException> {
        QuarantineNotFound() {
            super(HttpStatus.NOT_FOUND, "quarantine-not-found", "Quarantine object not found");
        }

        @Override
        String detail(QuarantineObjectNotFoundException e) {
            return e.getMessage() + ". GET /api/quarantine lists what is in quarantine.";
        }
    }

    @Produces
    @Singleton
    static final class NothingToRedrive extends Mapped<NothingToRedriveException> {
        NothingToRedrive() {
            super(HttpStatus.CONFLICT, "nothing-to-redrive", "Nothing to redrive");
        }
    }

    @Produces
    @Singleton
    static final class Unavailable extends Mapped<PortUnavailableException> {
        Unavailable() {
            super(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Temporarily unavailable");
        }

        @Override
        String detail(PortUnavailableException e) {
            LOG.atError().addKeyValue("port", e.port()).addKeyValue("dependency", e.dependency()).setCause(e)
                    .log("request failed: infrastructure unavailable");
            String what = e.dependency().equals(e.port()) ? e.port() : e.port() + " (" + e.dependency() + ")";
            return "The " + what + " is unavailable; nothing was accepted. Retry in a few seconds.";
        }

        /** Invariant 1: never a false 202; the producer is told to come back rather than to give up. */
        @Override
        Optional<Long> retryAfter(PortUnavailableException e) {
            return Optional.of(5L);
        }
    }
}
