package dev.tributary.adapters.formats;

import dev.tributary.domain.scaling.ScalingPolicy;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScalingPoliciesTest {
    /** The file the stack is synthesized with and the jar carries. */
    private static final Path SHIPPED = Path.of("..", "deploy", "sizing.yml");

    @Test
    void theShippedSizingFileGivesTheAggregatorItsPolicy() throws IOException {
        try (InputStream in = Files.newInputStream(SHIPPED)) {
            assertThat(ScalingPolicies.of(in, SHIPPED.toString(), "aggregator"))
                    .isEqualTo(new ScalingPolicy(1, 4, 20, 10));
        }
    }

    @Test
    void aMissingServiceOrValueIsNamedWithTheFile() {
        assertThatThrownBy(() -> ScalingPolicies.of(yaml("services:\n  ingest: {min: 1}\n"), "s.yml", "aggregator"))
                .hasMessage("sizing file s.yml has no services.aggregator");
        assertThatThrownBy(() -> ScalingPolicies.of(yaml("services:\n  aggregator: {min: 1, max: 2, target: 5}\n"),
                "s.yml", "aggregator")).hasMessage("sizing file s.yml, services.aggregator.scale_in_after must be a "
                + "whole number");
    }

    @Test
    void theDomainsChecksApplyAndSayWhere() {
        assertThatThrownBy(() -> ScalingPolicies.of(yaml("services:\n  aggregator: {min: 3, max: 2, target: 5, "
                + "scale_in_after: 1}\n"), "s.yml", "aggregator"))
                .hasMessage("sizing file s.yml, services.aggregator: need 1 <= min <= max, got min 3, max 2");
    }

    private static InputStream yaml(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
