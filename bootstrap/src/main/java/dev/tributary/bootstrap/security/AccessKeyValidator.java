package dev.tributary.bootstrap.security;

import dev.tributary.application.port.out.AccessKeys;
import dev.tributary.application.port.out.KeyDigest;
import dev.tributary.domain.access.AccessGrant;
import dev.tributary.domain.access.Right;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/**
 * Turns a presented key into who is calling: its SHA-256 is looked up in the key list, and the grant becomes the
 * request's roles ({@code ingest}; {@code read}; {@code operator} and {@code read}) and, for ingest, its source.
 * The key itself goes no further than this method: not into the authentication, not into a log line.
 */
@Singleton
final class AccessKeyValidator implements TokenValidator<HttpRequest<?>> {
    /** The authentication attribute naming the one source an ingest key may post to. */
    static final String SOURCE = "source";

    private final AccessKeys keys;

    AccessKeyValidator(AccessKeys keys) {
        this.keys = keys;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        return Mono.justOrEmpty(keys.current().find(KeyDigest.of(token).hex())).map(AccessKeyValidator::authentication);
    }

    static Authentication authentication(AccessGrant grant) {
        List<String> roles = grant.right() == Right.OPERATOR
                ? List.of(Right.OPERATOR.label(), Right.READ.label()) : List.of(grant.right().label());
        Map<String, Object> attributes = grant.source().<Map<String, Object>>map(s -> Map.of(SOURCE, s.value()))
                .orElse(Map.of());
        return Authentication.build(grant.label(), roles, attributes);
    }
}
