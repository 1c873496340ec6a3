package dev.tributary.deploy;

import dev.tributary.domain.scaling.ScalingPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sizing file alone (no CDK, so no jsii start): what it yields and what it refuses. */
class SizingTest {
    private static final Path SIZING = Path.of("sizing.yml");

    @TempDir
    Path dir;

    @Test
    void shippedFileGivesEachServiceTheDomainScalingPolicy() {
        Sizing sizing = Sizing.load(SIZING);

        assertThat(sizing.service(Roles.AGGREGATOR).policy()).isEqualTo(new ScalingPolicy(1, 4, 20, 10));
        assertThat(sizing.service(Roles.AGGREGATOR).scaleInCooldownSeconds()).isEqualTo(600);
        assertThat(sizing.service(Roles.INGEST).scaleOn()).isEqualTo(Sizing.ScaleOn.REQUESTS);
        assertThat(sizing.service(Roles.CLIENT).scaleOn()).isEqualTo(Sizing.ScaleOn.CPU);
        assertThat(sizing.routes().of("orders")).isEqualTo(new Sizing.Throttle(200, 400));
        assertThat(sizing.routes().of("web_clicks")).isEqualTo(new Sizing.Throttle(50, 100));
    }

    @Test
    void refusesAnUnknownKeyNamingWhere() throws IOException {
        Path file = edited("    scale_in_after: 10\n", "    scale_in_after: 10\n    scale_in_cooldown: 300\n");

        assertThatThrownBy(() -> Sizing.load(file)).hasMessageContaining("scale_in_cooldown")
                .hasMessageContaining("aggregator");
    }

    @Test
    void refusesAMinimumAboveTheMaximumAsTheDomainPolicyDoes() throws IOException {
        Path file = edited("    min: 1\n    max: 4 ", "    min: 9\n    max: 4 ");

        assertThatThrownBy(() -> Sizing.load(file)).hasStackTraceContaining("need 1 <= min <= max, got min 9, max 4");
    }

    @Test
    void refusesARawWriterConcurrencyOutsideWhatSqsAllows() throws IOException {
        Path file = edited("    max_concurrency: 10 ", "    max_concurrency: 1 ");

        assertThatThrownBy(() -> Sizing.load(file)).hasStackTraceContaining("max_concurrency must be 2..1000");
    }

    @Test
    void refusesAReplayWithMoreBatchesInFlightThanAGroupHolds() throws IOException {
        Path file = edited("    batches_in_flight: 32\n", "    batches_in_flight: 65\n");

        assertThatThrownBy(() -> Sizing.load(file)).hasStackTraceContaining("batches_in_flight is 1 to 64, got 65");
    }

    private Path edited(String from, String to) throws IOException {
        String text = Files.readString(SIZING);
        assertThat(text).contains(from);
        Path file = dir.resolve("sizing.yml");
        Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from), to));
        return file;
    }
}
