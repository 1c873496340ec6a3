package dev.tributary.adapters.aws.status;

import dev.tributary.domain.scaling.QueueStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Supplier;

/**
 * The age of a queue's oldest message, which SQS publishes only as the CloudWatch metric
 * {@code AWS/SQS ApproximateAgeOfOldestMessage} (one value a minute): the latest Maximum of the last five minutes,
 * asked at most once a minute (GetMetricStatistics is billed per request). Joined to the queue's own counts by
 * {@link #withAge}. When CloudWatch cannot be read (no permission, throttled) the age is the last one known, zero at
 * first, and the failure is logged once per minute.
 */
public final class CloudWatchQueueAge {
    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchQueueAge.class);
    private static final Duration REFRESH = Duration.ofMinutes(1);

    private final CloudWatchClient cloudWatch;
    private final String queueName;
    private final Clock clock;
    private Instant askedAt = Instant.MIN;
    private Duration age = Duration.ZERO;

    public CloudWatchQueueAge(CloudWatchClient cloudWatch, URI queueUrl, Clock clock) {
        this.cloudWatch = cloudWatch;
        String path = queueUrl.getPath();
        this.queueName = path.substring(path.lastIndexOf('/') + 1);
        this.clock = clock;
    }

    /** The queue's stats with the oldest age from CloudWatch. */
    public Supplier<QueueStats> withAge(Supplier<QueueStats> stats) {
        return () -> {
            QueueStats s = stats.get();
            return new QueueStats(s.waiting(), s.inFlight(), oldest(), s.deadLetters());
        };
    }

    public synchronized Duration oldest() {
        Instant now = clock.instant();
        if (Duration.between(askedAt, now).compareTo(REFRESH) < 0) {
            return age;
        }
        askedAt = now;
        try {
            age = cloudWatch.getMetricStatistics(b -> b.namespace("AWS/SQS").metricName("ApproximateAgeOfOldestMessage")
                            .dimensions(d -> d.name("QueueName").value(queueName))
                            .startTime(now.minus(Duration.ofMinutes(5))).endTime(now).period(60)
                            .statistics(Statistic.MAXIMUM))
                    .datapoints().stream().max(Comparator.comparing(Datapoint::timestamp))
                    .map(p -> Duration.ofMillis(Math.round(p.maximum() * 1000))).orElse(Duration.ZERO);
        } catch (SdkException e) {
            LOG.atWarn().addKeyValue("queue", queueName).addKeyValue("error", e.toString())
                    .log("oldest message age not read from CloudWatch, showing the last one known");
        }
        return age;
    }
}
