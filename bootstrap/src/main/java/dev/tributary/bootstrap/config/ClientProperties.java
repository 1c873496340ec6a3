package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Positive;

import java.util.List;

/**
 * The client role: {@code tokens} that may read {@code /api/**} (empty: open, the local default), how many minutes
 * the status' per-minute series covers, and how many ledger candidates a lineage lookup examines.
 */
@ConfigurationProperties("tributary.client")
public record ClientProperties(@Bindable(defaultValue = "") List<String> tokens,
                               @Bindable(defaultValue = "30") @Positive int statusMinutes,
                               @Bindable(defaultValue = "200") @Positive int lineageCandidates) {
    public ClientProperties {
        tokens = tokens == null ? List.of() : tokens.stream().filter(t -> !t.isBlank()).toList();
    }
}
