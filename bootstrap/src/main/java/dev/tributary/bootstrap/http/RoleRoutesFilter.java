package dev.tributary.bootstrap.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Locale;

/**
 * Keeps each service to its own routes when one role runs alone ({@code serve --role}): the ingest service answers
 * {@code /ingest/**}, the client service everything else (API, dashboard, OpenAPI, metrics); both answer
 * {@code /health}. {@code run} serves everything.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class RoleRoutesFilter {

    /** Which routes this process serves. */
    public enum Served { ALL, INGEST, CLIENT }

    private volatile Served served = Served.ALL;

    public void serveOnly(Served routes) {
        this.served = routes;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> restrict(HttpRequest<?> request) {
        String path = request.getPath();
        if (path.equals("/health") || path.startsWith("/health/")) {
            return null;
        }
        boolean ingest = path.startsWith("/ingest/");
        boolean allowed = switch (served) {
            case ALL -> true;
            case INGEST -> ingest;
            case CLIENT -> !ingest;
        };
        if (allowed) {
            return null;
        }
        String role = served.name().toLowerCase(Locale.ROOT);
        return Problem.response(HttpStatus.NOT_FOUND, "not-served-here", "Not served by this service",
                "This is the " + role + " service; " + (ingest ? "ingest goes to the ingest service"
                        : "the API and dashboard are on the client service") + ".");
    }
}
