package dev.tributary.bootstrap.security;

import dev.tributary.bootstrap.http.Roles;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.management.endpoint.EndpointSensitivityProcessor;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.security.rules.SensitiveEndpointRule;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Management endpoints marked sensitive ({@code /prometheus}: source names and counts) need a read or operator key;
 * {@code /health} is not sensitive, so load balancers and ECS check it without one.
 */
@Singleton
@Replaces(SensitiveEndpointRule.class)
final class MetricsAccessRule extends SensitiveEndpointRule {

    MetricsAccessRule(EndpointSensitivityProcessor sensitivity) {
        super(sensitivity);
    }

    @Override
    protected Publisher<SecurityRuleResult> checkSensitiveAuthenticated(HttpRequest<?> request,
                                                                        Authentication caller,
                                                                        ExecutableMethod<?, ?> method) {
        return Mono.just(caller.getRoles().contains(Roles.READ) ? SecurityRuleResult.ALLOWED
                : SecurityRuleResult.REJECTED);
    }
}
