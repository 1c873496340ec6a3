package dev.tributary.bootstrap.config;

import dev.tributary.adapters.formats.ScalingPolicies;
import dev.tributary.domain.scaling.ScalingPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 12: one scaling policy for the aggregators, configured in the stack's sizing file, run by the local pool. */
class WorkerPropertiesTest {
    private static final Path STACK_SIZING = Path.of("..", "deploy", "sizing.yml");

    @TempDir
    Path dir;

    @Test
    void theLocalPoolRunsThePolicyTheStacksSizingFileGivesTheAggregatorService() throws IOException {
        ScalingPolicy stack;
        try (InputStream in = Files.newInputStream(STACK_SIZING)) {
            stack = ScalingPolicies.of(in, STACK_SIZING.toString(), "aggregator");
        }

        assertThat(workers(null).aggregatorScaling()).isEqualTo(stack);
        assertThat(workers(Path.of("")).aggregatorScaling()).isEqualTo(stack);   // TRIBUTARY_SIZING left empty
    }

    @Test
    void anotherSizingFileReplacesThePolicyAndABadOneIsNamed() throws IOException {
        Path mine = Files.writeString(dir.resolve("mine.yml"),
                "services:\n  aggregator: {min: 2, max: 6, target: 50, scale_in_after: 30}\n");
        Path missing = dir.resolve("missing.yml");

        assertThat(workers(mine).aggregatorScaling()).isEqualTo(new ScalingPolicy(2, 6, 50, 30));
        assertThatThrownBy(() -> workers(missing).aggregatorScaling()).hasMessageContaining(missing.toString());
    }

    private static WorkerProperties workers(Path sizing) {
        return new WorkerProperties(2, 2, 2, sizing, Duration.ofSeconds(1), 1);
    }
}
