package dev.tributary.bootstrap.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * A browser's {@code EventSource} cannot send an Authorization header, so the live feed ({@code /api/events}) alone
 * also takes its read key as {@code ?access_token=}. Nowhere else: keys in URLs end up in proxies' logs.
 */
@Singleton
final class EventStreamTokenReader implements TokenReader<HttpRequest<?>> {
    static final String PATH = "/api/events";

    @Override
    public Optional<String> findToken(HttpRequest<?> request) {
        if (!request.getPath().equals(PATH)) {
            return Optional.empty();
        }
        return request.getParameters().getFirst("access_token").filter(t -> !t.isBlank());
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;    // the Authorization header wins when both are sent
    }
}
