package dev.tributary.bootstrap.security;

import dev.tributary.bootstrap.http.Problem;
import dev.tributary.domain.source.SourceName;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Refusals by Micronaut Security as RFC 9457 problems: 401 when no valid key came (with {@code WWW-Authenticate}),
 * 403 when the key is valid but does not reach this route. The detail says which key is needed, never echoes one.
 */
@Singleton
@Produces
@Replaces(DefaultAuthorizationExceptionHandler.class)
final class AccessProblems implements ExceptionHandler<AuthorizationException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, AuthorizationException e) {
        String needed = needed(request.getPath());
        if (e.isForbidden()) {
            return Problem.response(HttpStatus.FORBIDDEN, "forbidden", "Key not allowed here",
                    "The key is valid but does not grant this: " + needed + "." + whose(e, request.getPath()));
        }
        return Problem.response(HttpStatus.UNAUTHORIZED, "unauthorized", "Key required",
                "Send 'Authorization: Bearer <key>' with " + needed + ".")
                .header("WWW-Authenticate", "Bearer");
    }

    /**
     * An ingest key posted to another source: say which source the key is for, the likely typo. Whether the source
     * posted to exists is not said; a name that is not a source name is not repeated.
     */
    private static String whose(AuthorizationException e, String path) {
        Object own = e.getAuthentication() == null ? null
                : e.getAuthentication().getAttributes().get(AccessKeyValidator.SOURCE);
        String target = path.startsWith("/ingest/") ? path.substring("/ingest/".length()) : "";
        if (own == null || !SourceName.isValid(target)) {
            return "";
        }
        return " This key is for source '" + own + "', not '" + target + "'.";
    }

    private static String needed(String path) {
        if (path.startsWith("/ingest/")) {
            return "an ingest key of this source";
        }
        if (path.startsWith("/api/quarantine/redrive") || path.startsWith("/api/replay")
                || path.startsWith("/api/redrive") || path.startsWith("/api/dead-letters/redrive")) {
            return "an operator key";
        }
        return "a read or operator key";
    }
}
