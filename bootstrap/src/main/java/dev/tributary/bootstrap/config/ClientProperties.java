package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Positive;


/**
 * The client role: how many minutes the status' per-minute series covers, and how many ledger candidates a lineage
 * lookup examines. Who may read is {@link SecurityProperties}' concern.
 */
@ConfigurationProperties("tributary.client")
public record ClientProperties(@Bindable(defaultValue = "30") @Positive int statusMinutes,
                               @Bindable(defaultValue = "200") @Positive int lineageCandidates) {
}
