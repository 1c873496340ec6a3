package dev.tributary.bootstrap.security;

import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.SourceName;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@code POST /ingest/{source}} needs an ingest key of that very source: none is 401, another source's key (or a
 * read or operator key) is 403. A name that is not a source name is left to the controller's 404.
 */
@Singleton
final class IngestSourceRule implements SecurityRule<HttpRequest<?>> {
    private static final String PREFIX = "/ingest/";

    @Override
    public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request, @Nullable Authentication caller) {
        if (request == null || !request.getPath().startsWith(PREFIX)) {
            return Mono.just(SecurityRuleResult.UNKNOWN);
        }
        String source = request.getPath().substring(PREFIX.length());
        if (!SourceName.isValid(source) || caller == null) {
            return Mono.just(SecurityRuleResult.REJECTED);
        }
        Object granted = caller.getAttributes().get(AccessKeyValidator.SOURCE);
        boolean allowed = caller.getRoles().contains(Right.INGEST.label()) && source.equals(granted);
        return Mono.just(allowed ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
    }

    /** Before the annotation and URL-map rules: ingest has one rule, this one. */
    @Override
    public int getOrder() {
        return -1000;
    }
}
