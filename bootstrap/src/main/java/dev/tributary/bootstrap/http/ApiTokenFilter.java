package dev.tributary.bootstrap.http;

import dev.tributary.bootstrap.config.ClientProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Read access to {@code /api/**} with bearer tokens from {@code tributary.client.tokens}; no tokens configured means
 * open (the local default). Browsers' EventSource cannot send headers, so {@code ?access_token=} is accepted too.
 */
@ServerFilter("/api/**")
class ApiTokenFilter {
    private final List<byte[]> tokens;

    ApiTokenFilter(ClientProperties client) {
        this.tokens = client.tokens().stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @RequestFilter
    @Nullable
    HttpResponse<Problem> authorize(HttpRequest<?> request) {
        if (tokens.isEmpty()) {
            return null;
        }
        String header = request.getHeaders().getAuthorization().orElse("");
        String presented = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip()
                : request.getParameters().get("access_token");
        if (presented != null && accepted(presented.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return Problem.response(HttpStatus.UNAUTHORIZED, "unauthorized", "Token required",
                "This API needs 'Authorization: Bearer <token>' with a token from tributary.client.tokens.")
                .header("WWW-Authenticate", "Bearer");
    }

    private boolean accepted(byte[] presented) {
        boolean ok = false;
        for (byte[] token : tokens) {
            ok |= MessageDigest.isEqual(token, presented); // constant time per token
        }
        return ok;
    }
}
