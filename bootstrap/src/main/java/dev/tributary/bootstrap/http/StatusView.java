package dev.tributary.bootstrap.http;

import dev.tributary.application.port.in.ReadPipelineStatus.PipelineStatus;
import dev.tributary.domain.lake.Activity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The pipeline status as the dashboard reads it: plain numbers, durations in seconds, times as ISO-8601 text. */
@Serdeable
record StatusView(String at, List<Backlog> backlog, Minute lastMinute, List<Minute> perMinute, long batchesApplied,
                  Instances aggregators) {

    @Serdeable
    record Backlog(String stage, long waiting, long inFlight, double oldestWaitingSeconds, long deadLetters) {}

    @Serdeable
    record Minute(String from, long batches, long records, long rejected, double freshnessP50Seconds,
                  double freshnessP99Seconds) {}

    @Serdeable
    record Instances(int now, int min, int max) {}

    static StatusView of(PipelineStatus s) {
        return new StatusView(s.at().toString(),
                s.backlog().stream().map(b -> new Backlog(b.stage().name().toLowerCase(Locale.ROOT),
                        b.queue().waiting(), b.queue().inFlight(), seconds(b.queue().oldestAge()),
                        b.queue().deadLetters())).toList(),
                minute(s.lastMinute()), s.perMinute().stream().map(StatusView::minute).toList(), s.batchesApplied(),
                new Instances(s.aggregators().now(), s.aggregators().min(), s.aggregators().max()));
    }

    private static Minute minute(Activity a) {
        return new Minute(a.from().toString(), a.batches(), a.records(), a.rejected(), seconds(a.freshnessP50()),
                seconds(a.freshnessP99()));
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
