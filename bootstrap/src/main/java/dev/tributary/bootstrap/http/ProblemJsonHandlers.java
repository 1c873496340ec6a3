package dev.tributary.bootstrap.http;

import dev.tributary.application.port.in.BatchTooLargeException;
import dev.tributary.application.port.in.InvalidIdempotencyKeyException;
import dev.tributary.application.port.in.MalformedBatchException;
import dev.tributary.application.port.in.NothingToRedriveException;
import dev.tributary.application.port.in.QuarantineObjectNotFoundException;
import dev.tributary.application.port.in.UnknownDimensionException;
import dev.tributary.application.port.in.UnknownAggregationException;
import dev.tributary.application.port.in.UnknownSourceException;
import dev.tributary.application.port.in.UnsupportedContentTypeException;
import dev.tributary.application.port.out.PortUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place application exceptions become RFC 9457 problem+json responses. */
final class ProblemJsonHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemJsonHandlers.class);

    private ProblemJsonHandlers() {
    }

    @Produces
    @Singleton
    static final class UnknownSource implements ExceptionHandler<UnknownSourceException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, UnknownSourceException e) {
            return Problem.response(HttpStatus.NOT_FOUND, "unknown-source", "Unknown source",
                    "There is no source named '" + e.source() + "'. GET /api/sources lists the sources.");
        }
    }

    @Produces
    @Singleton
    static final class UnknownAggregation implements ExceptionHandler<UnknownAggregationException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, UnknownAggregationException e) {
            return Problem.response(HttpStatus.NOT_FOUND, "unknown-aggregation", "Unknown aggregation", e.getMessage());
        }
    }

    @Produces
    @Singleton
    static final class UnsupportedContentType
            implements ExceptionHandler<UnsupportedContentTypeException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, UnsupportedContentTypeException e) {
            return Problem.response(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-content-type",
                    "Unsupported content type", e.getMessage());
        }
    }

    @Produces
    @Singleton
    static final class TooLarge implements ExceptionHandler<BatchTooLargeException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, BatchTooLargeException e) {
            return Problem.response(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "batch-too-large", "Batch too large",
                    e.getMessage());
        }
    }

    @Produces
    @Singleton
    static final class BodyTooLarge implements ExceptionHandler<ContentLengthExceededException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, ContentLengthExceededException e) {
            return Problem.response(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "batch-too-large", "Batch too large",
                    e.getMessage());
        }
    }

    @Produces
    @Singleton
    static final class Malformed implements ExceptionHandler<MalformedBatchException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, MalformedBatchException e) {
            return Problem.response(HttpStatus.BAD_REQUEST, "malformed-batch", "Malformed batch", e.getMessage());
        }
    }

    @Produces
    @Singleton
    static final class InvalidKey implements ExceptionHandler<InvalidIdempotencyKeyException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, InvalidIdempotencyKeyException e) {
            return Problem.response(HttpStatus.BAD_REQUEST, "invalid-idempotency-key", "Invalid Idempotency-Key",
                    e.getMessage());
        }
    }

    @Produces
    @Singleton
    static final class Unavailable implements ExceptionHandler<PortUnavailableException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, PortUnavailableException e) {
            LOG.atError().addKeyValue("port", e.port()).setCause(e).log("request failed: infrastructure unavailable");
            return Problem.response(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Temporarily unavailable",
                    "The " + e.port() + " is unavailable; nothing was accepted. Retry in a few seconds.");
        }
    }

    @Produces
    @Singleton
    static final class UnknownDimension implements ExceptionHandler<UnknownDimensionException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, UnknownDimensionException e) {
            return Problem.response(HttpStatus.BAD_REQUEST, "unknown-dimension", "Unknown dimension", e.getMessage());
        }
    }

    @Produces
    @Singleton
    static final class QuarantineNotFound
            implements ExceptionHandler<QuarantineObjectNotFoundException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, QuarantineObjectNotFoundException e) {
            return Problem.response(HttpStatus.NOT_FOUND, "quarantine-not-found", "Quarantine object not found",
                    e.getMessage() + ". GET /api/quarantine lists what is in quarantine.");
        }
    }

    @Produces
    @Singleton
    static final class NothingToRedrive implements ExceptionHandler<NothingToRedriveException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, NothingToRedriveException e) {
            return Problem.response(HttpStatus.CONFLICT, "nothing-to-redrive", "Nothing to redrive", e.getMessage());
        }
    }
}
