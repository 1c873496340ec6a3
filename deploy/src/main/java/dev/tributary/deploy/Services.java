package dev.tributary.deploy;

import dev.tributary.domain.lake.Zone;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ECS cluster (Fargate, Container Insights: the aggregators scale on its running-task count) and the three
 * services, all from one image built from the shaded jar: {@code serve --role ingest|aggregator|client}. Each task
 * gets exactly the variables its role reads (README "On AWS", application-aws.yml) and the database credentials as
 * ECS secrets from Secrets Manager; each task role reaches only its own queues, buckets and prefixes. The two HTTP
 * services read the access keys' digests themselves from one secret ({@code TRIBUTARY_ACCESS_KEYS_SECRET}, again every
 * 30 s, so a key is added or revoked without a deployment). No public IPs: the HTTP services are reached through the
 * internal load balancer ({@link Gateway}).
 */
final class Services extends Construct {
    static final int HTTP_PORT = 8080;
    /** The variable naming the access-keys secret (bootstrap's {@code tributary.security.access-keys-secret}). */
    static final String ACCESS_KEYS_SECRET = "TRIBUTARY_ACCESS_KEYS_SECRET";
    private static final List<String> HTTP_HEALTH = List.of("CMD-SHELL",
            "curl -fsS -o /dev/null http://127.0.0.1:" + HTTP_PORT + "/health || exit 1");
    // the aggregator serves no HTTP: its check is that the JVM (PID 1, the image's entry point) is alive
    private static final List<String> PROCESS_HEALTH = List.of("CMD-SHELL", "kill -0 1 || exit 1");

    final Cluster cluster;
    final FargateService ingest;
    final FargateService aggregator;
    final FargateService client;
    /** Run with {@code aws ecs run-task}: a replay reads raw and writes the lake in bulk, never inside a Lambda. */
    final FargateTaskDefinition replay;
    final SecurityGroup replayGroup;
    final software.amazon.awscdk.services.secretsmanager.Secret accessKeys;
    private final ContainerImage image;
    private final Sizing sizing;
    private final Database database;

    Services(Construct scope, String id, StackInputs inputs, Network network, Queues queues, Lake lake,
             Database database, Path dockerfile) {
        super(scope, id);
        this.sizing = inputs.sizing();
        this.database = database;
        cluster = Cluster.Builder.create(this, "Cluster").vpc(network.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED).build();
        image = ContainerImage.fromDockerImageAsset(DockerImageAsset.Builder.create(this, "Image")
                .directory(inputs.imageContext(dockerfile).toString()).platform(Platform.LINUX_AMD64).build());
        // invariant 9, closed by default: ingest needs the source's key, the client API a read key. The value is the
        // digests' text (AccessKeyList), never a key: it may stand in the template, which is why plain text is fine
        accessKeys = software.amazon.awscdk.services.secretsmanager.Secret.Builder.create(this, "AccessKeys")
                .description("Tributary access keys: one line per key, its SHA-256, right, source and label "
                        + "(tributary keys create --for-secret); the services re-read it every 30 s")
                .secretStringValue(SecretValue.unsafePlainText(inputs.accessKeys()))
                .build();
        String region = Stack.of(this).getRegion();
        Map<String, String> lakeEnv = Map.of(
                "TRIBUTARY_RAW_BUCKET", lake.raw.getBucketName(),
                "TRIBUTARY_TRANSFORMED_BUCKET", lake.transformed.getBucketName(),
                "TRIBUTARY_STAGED_BUCKET", lake.staged.getBucketName());
        boolean extraSources = inputs.extraSources().isPresent();

        Map<String, String> ingestEnv = env(region, extraSources, Map.of(
                "TRIBUTARY_INGEST_QUEUE_URL", queues.ingest.getQueueUrl(),
                "TRIBUTARY_INGEST_QUEUE_MAX_MESSAGE_BYTES", Integer.toString(sizing.queues().maxMessageBytes()),
                "TRIBUTARY_RAW_BUCKET", lake.raw.getBucketName()));
        ingestEnv.put(ACCESS_KEYS_SECRET, accessKeys.getSecretArn());
        ingest = service(Roles.INGEST, network, ingestEnv, true);
        readAccessKeys(ingest.getTaskDefinition().getTaskRole());
        queues.ingest.grantSendMessages(ingest.getTaskDefinition().getTaskRole());
        Access.writeObjects(ingest.getTaskDefinition().getTaskRole(), lake.raw, Lake.SPOOL_PREFIX);

        Map<String, String> aggregatorEnv = env(region, extraSources, lakeEnv);
        aggregatorEnv.put("TRIBUTARY_STAGED_NOTICE_QUEUE_URL", queues.stagedNotices.getQueueUrl());
        aggregator = service(Roles.AGGREGATOR, network, aggregatorEnv, false);
        queues.stagedNotices.grantConsumeMessages(aggregator.getTaskDefinition().getTaskRole());
        deadLetterStats(aggregator, queues.stagedNoticeDeadLetters);
        Access.readObjects(aggregator.getTaskDefinition().getTaskRole(), lake.staged, Lake.prefix(Zone.STAGED));

        Map<String, String> clientEnv = env(region, extraSources, lakeEnv);
        clientEnv.putAll(Map.of(
                "TRIBUTARY_INGEST_QUEUE_URL", queues.ingest.getQueueUrl(),
                "TRIBUTARY_INGEST_QUEUE_MAX_MESSAGE_BYTES", Integer.toString(sizing.queues().maxMessageBytes()),
                "TRIBUTARY_RAW_NOTICE_QUEUE_URL", queues.rawNotices.getQueueUrl(),
                "TRIBUTARY_TRANSFORMED_NOTICE_QUEUE_URL", queues.transformedNotices.getQueueUrl(),
                "TRIBUTARY_STAGED_NOTICE_QUEUE_URL", queues.stagedNotices.getQueueUrl(),
                "TRIBUTARY_ECS_CLUSTER", cluster.getClusterName(),
                "TRIBUTARY_AGGREGATOR_SERVICE", aggregator.getServiceName()));
        clientEnv.put(ACCESS_KEYS_SECRET, accessKeys.getSecretArn());
        client = service(Roles.CLIENT, network, clientEnv, true);
        readAccessKeys(client.getTaskDefinition().getTaskRole());
        grantClient(queues, lake);

        Sizing.Task replaySize = sizing.tasks().replay();
        Map<String, String> replayEnv = new HashMap<>(lakeEnv);
        replayEnv.put("TRIBUTARY_REPLAY_BATCHES_IN_FLIGHT", Integer.toString(replaySize.batchesInFlight()));
        replay = task("Replay", Roles.REPLAY, replaySize.cpu(), replaySize.memoryMib(),
                env(region, extraSources, replayEnv), List.of("replay", "--in-process"), PROCESS_HEALTH);
        replayGroup = SecurityGroup.Builder.create(this, "ReplaySecurityGroup").vpc(network.vpc())
                .description("Tributary replay tasks").allowAllOutbound(true).build();
        database.allowFrom(replayGroup, Roles.REPLAY);
        var replayRole = replay.getTaskRole();
        Access.readObjects(replayRole, lake.raw, Lake.prefix(Zone.RAW));
        Access.readObjects(replayRole, lake.transformed, Lake.prefix(Zone.TRANSFORMED));
        Access.writeObjects(replayRole, lake.transformed, Lake.prefix(Zone.TRANSFORMED), Lake.prefix(Zone.QUARANTINE));
        // a batch the new rules reject nothing of loses its old quarantine entry, which would count twice if sent again
        Access.deleteObjects(replayRole, lake.transformed, Lake.prefix(Zone.QUARANTINE));
        Access.readObjects(replayRole, lake.staged, Lake.prefix(Zone.STAGED));
        Access.writeObjects(replayRole, lake.staged, Lake.prefix(Zone.STAGED));
    }

    /**
     * The task role (not the execution role: ECS does not inject this secret) reads the key list at runtime, with
     * {@code GetSecretValue} on this one secret only; CDK's {@code grantRead} would add {@code DescribeSecret}, which
     * nothing calls.
     */
    private void readAccessKeys(IRole taskRole) {
        taskRole.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("secretsmanager:GetSecretValue")).resources(List.of(accessKeys.getSecretArn()))
                .build());
    }

    /**
     * The client reads every queue's backlog and dead letters, redrives dead letters (takes them from the dead-letter
     * queue, sends them to the queue again) and quarantined batches (to the ingest queue, spooled when large), browses
     * quarantine, and traces rows to batches.
     */
    private void grantClient(Queues queues, Lake lake) {
        var role = client.getTaskDefinition().getTaskRole();
        for (Queues.Hop hop : queues.hops()) {
            hop.queue().grantSendMessages(role);             // includes GetQueueAttributes: the backlog
            hop.deadLetters().grantConsumeMessages(role);
        }
        Access.writeObjects(role, lake.raw, Lake.SPOOL_PREFIX);
        Access.readObjects(role, lake.transformed, Lake.prefix(Zone.QUARANTINE));
        Access.readObjects(role, lake.staged, Lake.prefix(Zone.STAGED));
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("ecs:DescribeServices")).resources(List.of(aggregator.getServiceArn())).build());
        // GetMetricStatistics has no resource-level permissions: AWS requires "*" (the queues' oldest-message age)
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("cloudwatch:GetMetricStatistics")).resources(List.of("*")).build());
    }

    /** The status reads a queue's dead letters through its redrive policy: the DLQ's URL and counts. */
    private static void deadLetterStats(FargateService service, software.amazon.awscdk.services.sqs.Queue dlq) {
        dlq.grant(service.getTaskDefinition().getTaskRole(), "sqs:GetQueueAttributes", "sqs:GetQueueUrl");
    }

    private Map<String, String> env(String region, boolean extraSources, Map<String, String> role) {
        Map<String, String> env = new HashMap<>(role);
        env.put("AWS_REGION", region);
        env.put("MICRONAUT_ENVIRONMENTS", "aws");
        env.put("TRIBUTARY_JDBC_URL", database.jdbcUrl());
        if (extraSources) {
            env.put("TRIBUTARY_SOURCES_DIR", "/app/sources");   // the Dockerfile copies them there
        }
        return env;
    }

    private FargateService service(String role, Network network, Map<String, String> env, boolean http) {
        Sizing.Service size = sizing.service(role);
        String id = Character.toUpperCase(role.charAt(0)) + role.substring(1);
        FargateTaskDefinition task = task(id, role, size.cpu(), size.memoryMib(), env, List.of("serve", "--role", role),
                http ? HTTP_HEALTH : PROCESS_HEALTH);
        if (http) {
            task.getDefaultContainer().addPortMappings(PortMapping.builder().containerPort(HTTP_PORT).build());
        }
        SecurityGroup group = SecurityGroup.Builder.create(this, id + "SecurityGroup").vpc(network.vpc())
                .description("Tributary " + role + " tasks").allowAllOutbound(true).build();
        database.allowFrom(group, role);
        FargateService.Builder service = FargateService.Builder.create(this, id)
                .cluster(cluster).taskDefinition(task)
                .desiredCount(size.min())
                .assignPublicIp(false).vpcSubnets(network.privateSubnets()).securityGroups(List.of(group))
                .minHealthyPercent(100).maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build());
        if (http) {
            service.healthCheckGracePeriod(Duration.seconds(90));
        }
        return service.build();
    }

    /** A task definition of the one image: its logs, the database secret, the command and its health check. */
    private FargateTaskDefinition task(String id, String role, int cpu, int memoryMib, Map<String, String> env,
                                       List<String> command, List<String> health) {
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, id + "Task")
                .cpu(cpu).memoryLimitMiB(memoryMib)
                .runtimePlatform(RuntimePlatform.builder().cpuArchitecture(CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                .build();
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
                .retention(Network.Retention.days(sizing.logs().retentionDays())).build();
        Map<String, Secret> secrets = Map.of(
                "TRIBUTARY_JDBC_USER", Secret.fromSecretsManager(database.secret(), "username"),
                "TRIBUTARY_JDBC_PASSWORD", Secret.fromSecretsManager(database.secret(), "password"));
        task.addContainer(role, ContainerDefinitionOptions.builder()
                .image(image)
                .command(command)
                .environment(env)
                .secrets(secrets)
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix(role).build()))
                .healthCheck(HealthCheck.builder().command(health)
                        .interval(Duration.seconds(15)).timeout(Duration.seconds(5)).retries(3)
                        .startPeriod(Duration.seconds(60)).build())
                .stopTimeout(Duration.seconds(30))
                .build());
        return task;
    }

    /** Lets a load balancer reach a service's HTTP port. */
    static void allowHttp(FargateService service, SecurityGroup from) {
        service.getConnections().allowFrom(from, Port.tcp(HTTP_PORT), "HTTP from the internal load balancer");
    }
}
