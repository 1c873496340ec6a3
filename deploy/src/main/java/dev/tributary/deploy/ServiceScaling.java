package dev.tributary.deploy;

import dev.tributary.domain.scaling.ScalingPolicy;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy.CustomizedMetricSpecificationProperty;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy.TargetTrackingMetricDataQueryProperty;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy.TargetTrackingMetricDimensionProperty;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy.TargetTrackingMetricProperty;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy.TargetTrackingMetricStatProperty;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.applicationautoscaling.ServiceNamespace;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.RequestCountScalingProps;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.List;

/**
 * Each service's task count between its {@link ScalingPolicy}'s min and max, on one target tracking policy:
 * <ul>
 *   <li>aggregators on backlog per task, AWS's documented metric math for scaling on an SQS queue
 *       (ApproximateNumberOfMessagesVisible ÷ ECS/ContainerInsights RunningTaskCount), the same quantity the local
 *       pool compares with {@code backlogPerWorker};</li>
 *   <li>ingest and client on ALB requests per target or on average CPU.</li>
 * </ul>
 * Scale-out is quick (its cooldown); scale-in waits {@code scale_in_after} minutes, as the policy waits that many
 * checks.
 */
final class ServiceScaling extends Construct {

    ServiceScaling(Construct scope, String id, Sizing sizing, Services services, Gateway gateway, Queues queues) {
        super(scope, id);
        onBacklog(services, sizing.service(Roles.AGGREGATOR), queues.stagedNotices);
        onLoad(services.ingest, sizing.service(Roles.INGEST), gateway.ingestTargets);
        onLoad(services.client, sizing.service(Roles.CLIENT), gateway.clientTargets);
    }

    private void onLoad(FargateService service, Sizing.Service size, ApplicationTargetGroup targets) {
        ScalingPolicy policy = size.policy();
        ScalableTaskCount count = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(policy.min()).maxCapacity(policy.max()).build());
        Duration in = Duration.seconds(size.scaleInCooldownSeconds());
        Duration out = Duration.seconds(size.scaleOutCooldownSeconds());
        switch (size.scaleOn()) {
            case REQUESTS -> count.scaleOnRequestCount("RequestsPerTask", RequestCountScalingProps.builder()
                    .targetGroup(targets).requestsPerTarget(policy.backlogPerWorker())
                    .scaleInCooldown(in).scaleOutCooldown(out).build());
            case CPU -> count.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder()
                    .targetUtilizationPercent(policy.backlogPerWorker())
                    .scaleInCooldown(in).scaleOutCooldown(out).build());
            case BACKLOG -> throw new IllegalArgumentException("sizing: only the aggregator scales on backlog");
        }
    }

    private void onBacklog(Services services, Sizing.Service size, IQueue notices) {
        if (size.scaleOn() != Sizing.ScaleOn.BACKLOG) {
            throw new IllegalArgumentException("sizing: the aggregator scales on backlog, not " + size.scaleOn());
        }
        ScalingPolicy policy = size.policy();
        FargateService service = services.aggregator;
        ScalableTarget target = ScalableTarget.Builder.create(this, "AggregatorTarget")
                .serviceNamespace(ServiceNamespace.ECS).scalableDimension("ecs:service:DesiredCount")
                .resourceId("service/" + services.cluster.getClusterName() + "/" + service.getServiceName())
                .minCapacity(policy.min()).maxCapacity(policy.max()).build();
        CfnScalingPolicy.Builder.create(this, "BacklogPerTask")
                .policyName("tributary-aggregator-backlog-per-task")
                .policyType("TargetTrackingScaling")
                .scalingTargetId(target.getScalableTargetId())
                .targetTrackingScalingPolicyConfiguration(TargetTrackingScalingPolicyConfigurationProperty.builder()
                        .targetValue((double) policy.backlogPerWorker())
                        .scaleInCooldown(size.scaleInCooldownSeconds())
                        .scaleOutCooldown(size.scaleOutCooldownSeconds())
                        .customizedMetricSpecification(CustomizedMetricSpecificationProperty.builder()
                                .metrics(List.of(
                                        metric("visible", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Sum",
                                                dimension("QueueName", notices.getQueueName())),
                                        metric("running", "ECS/ContainerInsights", "RunningTaskCount", "Average",
                                                dimension("ClusterName", services.cluster.getClusterName()),
                                                dimension("ServiceName", service.getServiceName())),
                                        TargetTrackingMetricDataQueryProperty.builder().id("backlogPerTask")
                                                .expression("visible / running")
                                                .label("Staged notices waiting per running aggregator task")
                                                .returnData(true).build()))
                                .build())
                        .build())
                .build();
    }

    private static TargetTrackingMetricDataQueryProperty metric(String id, String namespace, String name, String stat,
                                                                TargetTrackingMetricDimensionProperty... dimensions) {
        return TargetTrackingMetricDataQueryProperty.builder().id(id).returnData(false)
                .metricStat(TargetTrackingMetricStatProperty.builder().stat(stat)
                        .metric(TargetTrackingMetricProperty.builder().namespace(namespace).metricName(name)
                                .dimensions(List.of(dimensions)).build())
                        .build())
                .build();
    }

    private static TargetTrackingMetricDimensionProperty dimension(String name, String value) {
        return TargetTrackingMetricDimensionProperty.builder().name(name).value(value).build();
    }
}
