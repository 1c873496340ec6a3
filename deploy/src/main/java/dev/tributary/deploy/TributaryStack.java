package dev.tributary.deploy;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.s3.notifications.SqsDestination;
import software.constructs.Construct;

import java.nio.file.Path;
import java.util.List;

/**
 * Tributary on AWS, one stack (README "On AWS", DESIGN.md's data flow): source → API Gateway → ingest service → SQS
 * → raw writer → raw bucket → transformation → transformed bucket → staging → staged bucket → staged-notice queue →
 * aggregators → RDS PostgreSQL ← client service ← API Gateway. Sizes come from the sizing file, routes and Glue tables
 * from the source YAML; every cdk-nag finding that remains is suppressed with its reason in {@link NagFindings}.
 */
public final class TributaryStack extends Stack {
    final Network network;
    final Queues queues;
    final Lake lake;
    final Functions functions;
    final Database database;
    final Services services;
    final Gateway gateway;
    final Catalog catalog;
    final Alarms alarms;

    public TributaryStack(Construct scope, String id, StackProps props, StackInputs inputs, Path dockerfile) {
        super(scope, id, props);
        Sizing sizing = inputs.sizing();
        network = new Network(this, "Network", sizing.network(), sizing.logs().retentionDays());
        queues = new Queues(this, "Queues", sizing);
        lake = new Lake(this, "Lake");
        functions = new Functions(this, "Functions", inputs, lake, queues);
        lake.notify(new SqsDestination(queues.rawNotices), new SqsDestination(queues.transformedNotices),
                new SqsDestination(queues.stagedNotices));
        database = new Database(this, "Database", network, sizing.database());
        services = new Services(this, "Services", inputs, network, queues, lake, database, dockerfile);
        gateway = new Gateway(this, "Gateway", inputs, network, services, lake);
        new ServiceScaling(this, "Scaling", sizing, services, gateway, queues);
        catalog = new Catalog(this, "Catalog", inputs.sources(), lake);
        alarms = new Alarms(this, "Alarms", sizing, queues, functions, services, gateway);
        NagFindings.suppress(this, sizing);

        CfnOutput.Builder.create(this, "ApiUrl").description("POST /ingest/<source> here; the dashboard is at /")
                .value(gateway.api.getApiEndpoint()).build();
        CfnOutput.Builder.create(this, "AccessKeysSecret")
                .description("Secrets Manager secret holding the access keys' digests (aws secretsmanager "
                        + "put-secret-value to add or revoke a key)")
                .value(services.accessKeys.getSecretName()).build();
        CfnOutput.Builder.create(this, "StagedBucket").value(lake.staged.getBucketName()).build();
        CfnOutput.Builder.create(this, "AthenaWorkGroup").value(catalog.workGroup.getName()).build();
        // a replay runs as a task of its own (README, "Fix a rule, then replay its history"): the command to start one
        String subnets = Fn.join(",", network.vpc().selectSubnets(network.privateSubnets()).getSubnetIds());
        CfnOutput.Builder.create(this, "ReplayRunTask")
                .description("Start a replay: replace <source> (add --from, --to, --aggregation or --dry-run as needed)")
                .value(Fn.join("", List.of("aws ecs run-task --launch-type FARGATE --cluster ",
                        services.cluster.getClusterName(), " --task-definition ",
                        services.replay.getTaskDefinitionArn(),
                        " --network-configuration 'awsvpcConfiguration={subnets=[", subnets, "],securityGroups=[",
                        services.replayGroup.getSecurityGroupId(), "],assignPublicIp=DISABLED}'",
                        " --overrides '{\"containerOverrides\":[{\"name\":\"replay\",\"command\":",
                        "[\"replay\",\"--in-process\",\"--source\",\"<source>\"]}]}'"))).build();
    }
}
