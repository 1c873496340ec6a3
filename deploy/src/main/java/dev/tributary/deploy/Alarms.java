package dev.tributary.deploy;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What pages someone, on one topic: any dead letter (invariant 4: nothing is dropped silently, so a dead letter needs
 * a person), a queue whose oldest message waits too long (its consumers are behind, or a dependency is down and its
 * messages are given back to wait), and freshness — the four queues' oldest ages added up, the part of "received →
 * aggregated" CloudWatch sees without the services' own metrics. And the pipeline's dashboard.
 */
final class Alarms extends Construct {
    private static final Duration PERIOD = Duration.minutes(1);

    final Topic topic;
    final Dashboard dashboard;

    Alarms(Construct scope, String id, Sizing sizing, Queues queues, Functions functions, Services services,
           Gateway gateway) {
        super(scope, id);
        // CloudWatch can only publish to a topic encrypted with a customer managed key it may use
        Key key = Key.Builder.create(this, "TopicKey").enableKeyRotation(true)
                .description("Tributary alarm topic").build();
        key.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        topic = Topic.Builder.create(this, "Topic").displayName("Tributary alarms").masterKey(key).enforceSsl(true)
                .build();
        if (!sizing.alarms().email().isEmpty()) {
            topic.addSubscription(new EmailSubscription(sizing.alarms().email()));
        }
        Sizing.Alarms limits = sizing.alarms();

        for (Queues.Hop hop : queues.hops()) {
            alarm(hop.name() + "DeadLetters", hop.deadLetters().metricApproximateNumberOfMessagesVisible()
                    .with(MetricOptions.builder().statistic("Maximum").period(PERIOD).build()), 1,
                    "Messages that failed by themselves: look at them and redrive (tributary redrive dead-letters)");
            alarm(hop.name() + "QueueAge", age(hop.queue()), limits.oldestMessageAgeSeconds(),
                    "The " + hop.consumer() + " are not keeping up with their queue (or a dependency is down)");
        }
        Map<String, IMetric> ages = new LinkedHashMap<>();
        queues.hops().forEach(hop -> ages.put(hop.name().toLowerCase(java.util.Locale.ROOT), age(hop.queue())));
        MathExpression freshness = MathExpression.Builder.create()
                .expression(ages.keySet().stream().map(m -> "FILL(" + m + ", 0)")
                        .collect(java.util.stream.Collectors.joining(" + ")))
                .usingMetrics(ages)
                .label("Freshness upper bound (s): waits of all stages").period(PERIOD).build();
        alarm("Freshness", freshness, limits.freshnessSeconds(), "Data takes too long from ingest to aggregation");

        dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName("tributary-pipeline").build();
        dashboard.addWidgets(
                graph("Messages waiting", queues.hops().stream()
                        .map(hop -> (IMetric) hop.queue().metricApproximateNumberOfMessagesVisible())
                        .toArray(IMetric[]::new)),
                graph("Oldest message age (s)", ages.values().toArray(IMetric[]::new)),
                graph("Freshness (s)", freshness));
        dashboard.addWidgets(
                graph("Dead letters", queues.hops().stream()
                        .map(hop -> (IMetric) hop.deadLetters().metricApproximateNumberOfMessagesVisible())
                        .toArray(IMetric[]::new)),
                graph("Functions: errors", functions.writeRaw.metricErrors(), functions.transform.metricErrors(),
                        functions.stage.metricErrors()),
                graph("Functions: duration", functions.writeRaw.metricDuration(), functions.transform.metricDuration(),
                        functions.stage.metricDuration()));
        dashboard.addWidgets(
                graph("Running tasks", running(services, services.ingest.getServiceName()),
                        running(services, services.aggregator.getServiceName()),
                        running(services, services.client.getServiceName())),
                graph("Load balancer requests", gateway.ingestTargets.getMetrics().requestCount(),
                        gateway.clientTargets.getMetrics().requestCount()),
                graph("API 4xx / 5xx", apiMetric(gateway, "4xx"), apiMetric(gateway, "5xx")));
    }

    private void alarm(String id, IMetric metric, int threshold, String description) {
        Alarm alarm = Alarm.Builder.create(this, id).metric(metric).threshold(threshold).evaluationPeriods(5)
                .datapointsToAlarm(3).comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).alarmDescription(description).build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarm.addOkAction(new SnsAction(topic));
    }

    private static Metric age(Queue queue) {
        return queue.metricApproximateAgeOfOldestMessage().with(MetricOptions.builder().statistic("Maximum")
                .period(PERIOD).build());
    }

    private static Metric running(Services services, String serviceName) {
        return Metric.Builder.create().namespace("ECS/ContainerInsights").metricName("RunningTaskCount")
                .dimensionsMap(Map.of("ClusterName", services.cluster.getClusterName(), "ServiceName", serviceName))
                .statistic("Average").period(PERIOD).build();
    }

    private static Metric apiMetric(Gateway gateway, String name) {
        return Metric.Builder.create().namespace("AWS/ApiGateway").metricName(name)
                .dimensionsMap(Map.of("ApiId", gateway.api.getApiId())).statistic("Sum").period(PERIOD).build();
    }

    private static GraphWidget graph(String title, IMetric... metrics) {
        return GraphWidget.Builder.create().title(title).left(List.of(metrics)).width(8).build();
    }
}
