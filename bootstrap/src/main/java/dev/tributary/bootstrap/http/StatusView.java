package dev.tributary.bootstrap.http;

import dev.tributary.application.port.in.ReadPipelineStatus.Part;
import dev.tributary.application.port.in.ReadPipelineStatus.PipelineStatus;
import dev.tributary.domain.lake.Activity;
import dev.tributary.domain.scaling.Outage;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The pipeline status as the dashboard reads it: plain numbers, durations in seconds, times as ISO-8601 text. During
 * an outage {@code outages} says in words which dependency is down and since when, and the fields that could not be
 * read are null (or empty) and named in {@code unknown}.
 */
@Serdeable
record StatusView(String at, List<Backlog> backlog, @Nullable Minute lastMinute, List<Minute> perMinute,
                  @Nullable Long batchesApplied, Instances aggregators, List<OutageView> outages,
                  List<String> unknown) {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    @Serdeable
    record Backlog(String stage, long waiting, long inFlight, double oldestWaitingSeconds, long deadLetters) {}

    @Serdeable
    record Minute(String from, long batches, long records, long rejected, double freshnessP50Seconds,
                  double freshnessP99Seconds) {}

    @Serdeable
    record Instances(int now, int min, int max) {}

    /** E.g. "PostgreSQL unavailable since 21:04:12 UTC (2 min)". */
    @Serdeable
    record OutageView(String dependency, String since, long downSeconds, String summary) {}

    static StatusView of(PipelineStatus s) {
        return new StatusView(s.at().toString(),
                s.backlog().stream().map(b -> new Backlog(b.stage().name().toLowerCase(Locale.ROOT),
                        b.queue().waiting(), b.queue().inFlight(), seconds(b.queue().oldestAge()),
                        b.queue().deadLetters())).toList(),
                s.lastMinute().map(StatusView::minute).orElse(null),
                s.perMinute().stream().map(StatusView::minute).toList(),
                s.batchesApplied().isPresent() ? s.batchesApplied().getAsLong() : null,
                new Instances(s.aggregators().now(), s.aggregators().min(), s.aggregators().max()),
                s.outages().stream().map(o -> outage(o, s.at())).toList(),
                s.unreadable().stream().flatMap(p -> fields(p).stream()).toList());
    }

    static OutageView outage(Outage o, Instant now) {
        Duration lasted = o.lastedAt(now);
        return new OutageView(o.dependency(), o.since().toString(), lasted.toSeconds(),
                o.dependency() + " unavailable since " + CLOCK.format(o.since()) + " UTC (" + words(lasted) + ")");
    }

    /** "45 s", "2 min", "1 h 5 min". */
    static String words(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    private static List<String> fields(Part part) {
        return part == Part.LEDGER ? List.of("lastMinute", "perMinute", "batchesApplied")
                : List.of("backlog." + part.name().replace("_BACKLOG", "").toLowerCase(Locale.ROOT));
    }

    private static Minute minute(Activity a) {
        return new Minute(a.from().toString(), a.batches(), a.records(), a.rejected(), seconds(a.freshnessP50()),
                seconds(a.freshnessP99()));
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
