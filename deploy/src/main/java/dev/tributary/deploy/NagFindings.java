package dev.tributary.deploy;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.TaskDefinition;
import software.constructs.IConstruct;

import java.util.ArrayList;
import java.util.List;

/**
 * The cdk-nag AwsSolutions findings this stack accepts, each scoped to the resource it concerns (and, for IAM5, to
 * the exact wildcard) with the reason it is acceptable here. Anything not listed fails {@code TributaryStackTest}.
 */
final class NagFindings {
    /** Object ARNs under one of the lake's zone or spool prefixes: the key wildcard is the point of a prefix grant. */
    private static final RegexAppliesTo LAKE_PREFIX_OBJECTS = RegexAppliesTo.builder()
            .regex("/^Resource::<Lake(Raw|Transformed|Staged)[0-9A-F]{8}\\.Arn>\\/(raw|spool|transformed|quarantine"
                    + "|staged)\\/\\*$/g")
            .build();

    private NagFindings() {
    }

    static void suppress(TributaryStack stack, Sizing sizing) {
        String prefixes = "Object wildcards under the role's own zone prefixes only (e.g. raw/* in the raw "
                + "bucket): lake keys are <zone>/source=<name>/dt=…/hour=…/<batchId>.<ext>, one per batch, so no "
                + "narrower ARN exists.";
        for (IConstruct role : List.of(stack.functions.writeRawRole, stack.functions.transformRole,
                stack.functions.stageRole)) {
            suppress(role, "AwsSolutions-IAM5", prefixes, LAKE_PREFIX_OBJECTS);
        }
        List<TaskDefinition> tasks = new ArrayList<>();
        for (FargateService service : List.of(stack.services.ingest, stack.services.aggregator,
                stack.services.client)) {
            tasks.add(service.getTaskDefinition());
        }
        tasks.add(stack.services.replay);
        for (TaskDefinition task : tasks) {
            suppress(task.getTaskRole(), "AwsSolutions-IAM5", prefixes, LAKE_PREFIX_OBJECTS);
            suppress(task.getExecutionRole(), "AwsSolutions-IAM5",
                    "ecr:GetAuthorizationToken has no resource-level permissions: AWS requires Resource *. The image "
                            + "pull and log statements CDK adds next to it are scoped to the repository and log group.",
                    "Resource::*");
            suppress(task, "AwsSolutions-ECS2",
                    "The plain variables are resource names and URLs (queue URLs, bucket names, the JDBC URL without "
                            + "credentials, the access-keys secret's ARN), never secrets; the database credentials "
                            + "are ECS secrets from Secrets Manager, and the HTTP roles read the access keys' "
                            + "digests from their secret themselves.");
        }
        suppress(stack.services.client.getTaskDefinition().getTaskRole(), "AwsSolutions-IAM5",
                "cloudwatch:GetMetricStatistics has no resource-level permissions: AWS requires Resource *. The "
                        + "status page reads the queues' ApproximateAgeOfOldestMessage with it.", "Resource::*");

        for (IConstruct fn : List.of(stack.functions.writeRaw.getVersion().getLambda(),
                stack.functions.transform.getVersion().getLambda(), stack.functions.stage.getVersion().getLambda())) {
            suppress(fn, "AwsSolutions-L1", "Java 21 (LTS, SnapStart) matches the image's JRE; Java 25 is not "
                    + "chosen until the jar is tested on it: it bundles Hadoop (via parquet-hadoop), whose "
                    + "UserGroupInformation uses Subject.getSubject, which throws on Java 23+ (HADOOP-19212).");
        }
        stack.getNode().getChildren().stream()
                .filter(c -> c.getNode().getId().startsWith("BucketNotificationsHandler"))
                .forEach(handler -> suppress(handler, "AwsSolutions-IAM4",
                        "CDK's own BucketNotificationsHandler (it writes the buckets' notification configuration at "
                                + "deploy time) uses AWSLambdaBasicExecutionRole; CDK does not let its role be "
                                + "replaced."));

        suppress(stack.gateway.api, "AwsSolutions-APIG4",
                "Authorization happens in the services behind the routes, not at the gateway (DESIGN invariant 9): "
                        + "POST /ingest/<source> needs that source's ingest key and the client API a read key, both "
                        + "checked against the digests in the access-keys secret (TRIBUTARY_ACCESS_KEYS_SECRET), which "
                        + "the services re-read every 30 s; only the dashboard's static files and /health are public. "
                        + "A gateway authorizer would duplicate the key list in a second place to keep in step.");

        suppress(stack.database.instance, "AwsSolutions-RDS11",
                "The security group admits 5432 from the three service security groups only; another port would "
                        + "add no protection and one more value to keep in step.");
        if (!sizing.database().multiAz()) {
            suppress(stack.database.instance, "AwsSolutions-RDS3",
                    "sizing.yml database.multi_az is false: a single-AZ instance for evaluation and small "
                            + "deployments; set it true for production.");
        }
        suppress(stack.database.instance, "AwsSolutions-SMG4", "ECS reads the secret when a task starts: a rotation "
                + "under running tasks would break their connection pools until they are replaced. Rotate by updating "
                + "the secret and forcing a new deployment of the services.");   // its generated secret is a child
        suppress(stack.services.accessKeys, "AwsSolutions-SMG4", "The secret holds SHA-256 digests of keys held by "
                + "their clients, not a credential Secrets Manager could regenerate: a key is rotated by adding the "
                + "new key's line with put-secret-value, moving the client over, then removing the old line (the "
                + "services re-read the secret every 30 s, no deployment). Its first value stands in the template on "
                + "purpose: digests only, never a key.");
    }

    private static void suppress(IConstruct scope, String rule, String reason, Object... appliesTo) {
        NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            suppression.appliesTo(List.of(appliesTo));
        }
        NagSuppressions.addResourceSuppressions(scope, List.of(suppression.build()), true);
    }
}
