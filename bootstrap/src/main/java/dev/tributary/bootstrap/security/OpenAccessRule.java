package dev.tributary.bootstrap.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@code tributary.security.open=true} ({@code TRIBUTARY_OPEN=true}): every request is let in without a key. Exists
 * so a pipeline behind its own gate can say so; it is never on unless configured, and start-up says it loudly.
 */
@Singleton
@Requires(property = "tributary.security.open", value = "true")
final class OpenAccessRule implements SecurityRule<HttpRequest<?>> {

    @Override
    public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request, @Nullable Authentication caller) {
        return Mono.just(SecurityRuleResult.ALLOWED);
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
