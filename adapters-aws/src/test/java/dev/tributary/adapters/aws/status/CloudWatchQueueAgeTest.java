package dev.tributary.adapters.aws.status;

import dev.tributary.domain.scaling.QueueStats;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class CloudWatchQueueAgeTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final CloudWatchClient cloudWatch = mock(CloudWatchClient.class);
    private final MutableClock clock = new MutableClock(NOW);
    private final CloudWatchQueueAge age = new CloudWatchQueueAge(cloudWatch,
            URI.create("https://sqs.eu-west-1.amazonaws.com/123456789012/tributary-ingest"), clock);

    @SuppressWarnings("unchecked")
    private GetMetricStatisticsRequest lastRequest() {
        ArgumentCaptor<Consumer<GetMetricStatisticsRequest.Builder>> call = ArgumentCaptor.forClass(Consumer.class);
        verify(cloudWatch, org.mockito.Mockito.atLeastOnce()).getMetricStatistics(call.capture());
        GetMetricStatisticsRequest.Builder builder = GetMetricStatisticsRequest.builder();
        call.getValue().accept(builder);
        return builder.build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLatestMaximumOfTheQueuesMetricIsItsOldestAge() {
        when(cloudWatch.getMetricStatistics(any(Consumer.class))).thenReturn(GetMetricStatisticsResponse.builder()
                .datapoints(Datapoint.builder().timestamp(NOW.minusSeconds(120)).maximum(300.0).build(),
                        Datapoint.builder().timestamp(NOW.minusSeconds(60)).maximum(42.5).build()).build());

        QueueStats stats = age.withAge(() -> new QueueStats(7, 2, Duration.ZERO, 1)).get();

        assertThat(stats).isEqualTo(new QueueStats(7, 2, Duration.ofMillis(42_500), 1));
        GetMetricStatisticsRequest request = lastRequest();
        assertThat(request.namespace()).isEqualTo("AWS/SQS");
        assertThat(request.metricName()).isEqualTo("ApproximateAgeOfOldestMessage");
        assertThat(request.dimensions()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("QueueName");
            assertThat(d.value()).isEqualTo("tributary-ingest");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void asksAtMostOnceAMinuteAndKeepsTheLastAgeWhenCloudWatchFails() {
        when(cloudWatch.getMetricStatistics(any(Consumer.class)))
                .thenReturn(GetMetricStatisticsResponse.builder().datapoints(
                        Datapoint.builder().timestamp(NOW).maximum(9.0).build()).build())
                .thenThrow(CloudWatchException.builder().message("denied").build());

        Duration first = age.oldest();
        clock.now = NOW.plusSeconds(30);
        Duration cached = age.oldest();
        clock.now = NOW.plusSeconds(61);
        Duration afterFailure = age.oldest();

        assertThat(first).isEqualTo(cached).isEqualTo(afterFailure).isEqualTo(Duration.ofSeconds(9));
        verify(cloudWatch, times(2)).getMetricStatistics(any(Consumer.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void noDatapointMeansAnEmptyQueue() {
        when(cloudWatch.getMetricStatistics(any(Consumer.class))).thenReturn(GetMetricStatisticsResponse.builder().build());

        assertThat(age.oldest()).isZero();
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
