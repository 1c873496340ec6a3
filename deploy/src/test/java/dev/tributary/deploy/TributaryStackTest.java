package dev.tributary.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.adapters.formats.codec.ParquetStagedCodec;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.IRole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The synthesized stack, offline: every resource and property issue 12 asks for, and cdk-nag's AwsSolutions pack
 * with no unsuppressed finding. One class on purpose: the first CDK call of a JVM starts jsii's Node process
 * (8–17 s), so the stack is synthesized once for all tests (plus once more with a 13th source).
 */
class TributaryStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SIZING = TestStacks.SIZING;
    private static final Path ACCESS_KEYS = TestStacks.ACCESS_KEYS;

    @TempDir
    static Path extraSources;

    private static Sizing sizing;
    private static StackInputs inputs;
    private static TributaryStack stack;
    private static Template template;

    @BeforeAll
    static void synthesize() throws IOException {
        sizing = Sizing.load(SIZING);
        inputs = TestStacks.inputs(jar());
        stack = TestStacks.stack("cdk.out-test", inputs);
        Aspects.of(stack.getNode().getScope()).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        template = Template.fromStack(stack);
    }

    // --- counts -------------------------------------------------------------------------------------------------

    @Test
    void synthesizesEveryPartOfThePipelineOnce() {
        template.resourceCountIs("AWS::EC2::VPC", 1);
        template.resourceCountIs("AWS::SQS::Queue", 8);      // four queues, each with its dead-letter queue
        template.resourceCountIs("AWS::S3::Bucket", 5);
        template.resourceCountIs("AWS::Lambda::Alias", 3);
        template.resourceCountIs("AWS::ECS::Cluster", 1);
        template.resourceCountIs("AWS::ECS::Service", 3);
        template.resourceCountIs("AWS::ECS::TaskDefinition", 4);     // the three services and the replay task
        template.resourceCountIs("AWS::RDS::DBInstance", 1);
        template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        template.resourceCountIs("AWS::ApiGatewayV2::VpcLink", 1);
        template.resourceCountIs("AWS::Glue::Database", 1);
        template.resourceCountIs("AWS::Glue::Table", 12);
        template.resourceCountIs("AWS::Athena::WorkGroup", 1);
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        assertThat(pipelineFunctions()).hasSize(3);
    }

    @Test
    void reachesS3AndSqsThroughEndpointsWithoutNat() {
        template.resourceCountIs("AWS::EC2::NatGateway", 0);
        Map<String, Set<String>> endpoints = new LinkedHashMap<>();
        template.findResources("AWS::EC2::VPCEndpoint").values().forEach(r -> {
            Map<String, Object> p = properties(r);
            endpoints.computeIfAbsent((String) p.get("VpcEndpointType"), t -> new TreeSet<>())
                    .add(json(p.get("ServiceName")).replace("{\"Ref\":\"AWS::Region\"}", "REGION")
                            .replaceAll("Fn::Join|[\\[\\]{}\",:]", "")
                            .replaceAll("^com\\.amazonaws\\.[A-Za-z0-9-]+\\.", ""));
        });
        assertThat(endpoints.get("Gateway")).containsExactly("s3");
        assertThat(endpoints.get("Interface")).containsExactlyInAnyOrder("sqs", "ecr.api", "ecr.dkr", "logs",
                "secretsmanager", "monitoring", "ecs");
        template.resourceCountIs("AWS::EC2::FlowLog", 1);
    }

    // --- buckets ------------------------------------------------------------------------------------------------

    @Test
    void everyBucketIsEncryptedPrivateAndTlsOnly() {
        Map<String, Map<String, Object>> buckets = template.findResources("AWS::S3::Bucket");
        for (Map<String, Object> bucket : buckets.values()) {
            Map<String, Object> p = properties(bucket);
            assertThat(json(p.get("BucketEncryption"))).contains("\"SSEAlgorithm\":\"AES256\"");
            assertThat(p.get("PublicAccessBlockConfiguration")).isEqualTo(Map.of("BlockPublicAcls", true,
                    "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
        }
        Map<String, Map<String, Object>> policies = template.findResources("AWS::S3::BucketPolicy");
        Set<String> tlsOnly = policies.values().stream()
                .filter(p -> json(properties(p).get("PolicyDocument")).contains(
                        "{\"Action\":\"s3:*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}},"
                                + "\"Effect\":\"Deny\""))
                .map(p -> json(properties(p).get("Bucket")))
                .collect(Collectors.toSet());
        Set<String> all = buckets.keySet().stream().map(id -> json(Map.of("Ref", id))).collect(Collectors.toSet());
        assertThat(tlsOnly).isEqualTo(all);
    }

    @Test
    void rawIsVersionedGoesToInfrequentAccessAndSpoolExpires() {
        Map<String, Object> raw = properties(resource(stack.lake.raw.getNode().getDefaultChild()));

        assertThat(raw.get("VersioningConfiguration")).isEqualTo(Map.of("Status", "Enabled"));
        String rules = json(raw.get("LifecycleConfiguration"));
        assertThat(rules).contains("\"Prefix\":\"raw/\"").contains("\"StorageClass\":\"STANDARD_IA\"")
                .contains("\"TransitionInDays\":30");
        assertThat(rules).contains("\"ExpirationInDays\":14").contains("\"Prefix\":\"spool/\"");
        for (Object other : List.of(stack.lake.transformed, stack.lake.staged)) {
            assertThat(properties(resource(((software.amazon.awscdk.services.s3.Bucket) other).getNode()
                    .getDefaultChild()))).doesNotContainKey("VersioningConfiguration");
        }
    }

    @Test
    void notificationsFilterOnTheZonePrefixesOfRealLakeKeys() {
        Map<String, String> prefixByBucket = new LinkedHashMap<>();
        template.findResources("Custom::S3BucketNotifications").values().forEach(r -> {
            Map<String, Object> p = properties(r);
            prefixByBucket.put(json(p.get("BucketName")), json(p.get("NotificationConfiguration")));
        });

        String raw = prefixByBucket.get(json(ref(stack.lake.raw.getNode().getDefaultChild())));
        String transformed = prefixByBucket.get(json(ref(stack.lake.transformed.getNode().getDefaultChild())));
        String staged = prefixByBucket.get(json(ref(stack.lake.staged.getNode().getDefaultChild())));
        assertThat(raw).contains("QueueConfigurations").contains("{\"Name\":\"prefix\",\"Value\":\"raw/\"}")
                .contains(logicalId(stack.queues.rawNotices.getNode().getDefaultChild()))
                .doesNotContain("LambdaFunctionConfigurations");
        assertThat(transformed).contains("{\"Name\":\"prefix\",\"Value\":\"transformed/\"}")
                .contains(logicalId(stack.queues.transformedNotices.getNode().getDefaultChild()))
                .doesNotContain("LambdaFunctionConfigurations");
        assertThat(staged).contains("QueueConfigurations").contains("{\"Name\":\"prefix\",\"Value\":\"staged/\"}")
                .contains(logicalId(stack.queues.stagedNotices.getNode().getDefaultChild()));
        assertThat(prefixByBucket).hasSize(3);

        // the filters are the keys the code writes: ObjectKey.path() starts with them; spool and quarantine do not
        BatchId batch = BatchId.parse("0190f5a2-7c3e-7a11-8b2c-0123456789ab");
        ObjectKey key = ObjectKey.raw(new SourceName("orders"), batch, InputFormat.JSON);
        assertThat(key.path()).startsWith("raw/");
        assertThat(key.in(Zone.TRANSFORMED).path()).startsWith("transformed/");
        assertThat(key.in(Zone.STAGED).path()).startsWith("staged/");
        assertThat(key.in(Zone.QUARANTINE).path()).doesNotStartWith("transformed/");
        assertThat(Lake.SPOOL_PREFIX).doesNotStartWith("raw/");
    }

    // --- queues and functions -----------------------------------------------------------------------------------

    @Test
    void queuesRedriveAfterMaxReceivesAndOutwaitTheirConsumers() {
        Map<Object, Integer> consumerTimeouts = Map.of(
                stack.queues.ingest, sizing.functions().writeRaw().timeoutSeconds(),
                stack.queues.rawNotices, sizing.functions().transform().timeoutSeconds(),
                stack.queues.transformedNotices, sizing.functions().stage().timeoutSeconds(),
                stack.queues.stagedNotices, sizing.service(Roles.AGGREGATOR).processingTimeoutSeconds());
        for (var hop : List.of(
                List.of(stack.queues.ingest, stack.queues.ingestDeadLetters),
                List.of(stack.queues.rawNotices, stack.queues.rawNoticeDeadLetters),
                List.of(stack.queues.transformedNotices, stack.queues.transformedNoticeDeadLetters),
                List.of(stack.queues.stagedNotices, stack.queues.stagedNoticeDeadLetters))) {
            Map<String, Object> queue = properties(resource(hop.get(0).getNode().getDefaultChild()));
            assertThat(json(queue.get("RedrivePolicy")))
                    .contains("\"maxReceiveCount\":" + sizing.queues().maxReceiveCount())
                    .contains(logicalId(hop.get(1).getNode().getDefaultChild()));
            assertThat((Integer) queue.get("VisibilityTimeout")).as(hop.get(0).getNode().getPath())
                    .isGreaterThanOrEqualTo(6 * consumerTimeouts.get(hop.get(0)));
        }
        for (Map<String, Object> queue : template.findResources("AWS::SQS::Queue").values()) {
            assertThat(properties(queue)).containsEntry("SqsManagedSseEnabled", true);
        }
    }

    @Test
    void eachFunctionReadsItsQueueReportingBatchItemFailuresWithAMaximumConcurrency() {
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 3);
        template.resourceCountIs("AWS::Lambda::EventInvokeConfig", 0);   // nothing is invoked asynchronously
        for (var consumer : List.of(
                Map.entry(stack.queues.ingest, sizing.functions().writeRaw()),
                Map.entry(stack.queues.rawNotices, sizing.functions().transform()),
                Map.entry(stack.queues.transformedNotices, sizing.functions().stage()))) {
            template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                    "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                    "ScalingConfig", Map.of("MaximumConcurrency", consumer.getValue().maxConcurrency()),
                    "BatchSize", consumer.getValue().batchSize(),
                    "EventSourceArn", Map.of("Fn::GetAtt", List.of(logicalId(consumer.getKey().getNode()
                            .getDefaultChild()), "Arn"))));
        }
        Map<String, String> targets = new LinkedHashMap<>();
        template.findResources("AWS::Lambda::EventSourceMapping").values().forEach(m -> targets.put(
                json(properties(m).get("EventSourceArn")), json(properties(m).get("FunctionName"))));
        assertThat(targets.get(json(Map.of("Fn::GetAtt", List.of(logicalId(stack.queues.ingest.getNode()
                .getDefaultChild()), "Arn"))))).contains(logicalId(stack.functions.writeRaw.getNode().getDefaultChild()))
                .contains(":live");
        assertThat(targets.get(json(Map.of("Fn::GetAtt", List.of(logicalId(stack.queues.rawNotices.getNode()
                .getDefaultChild()), "Arn"))))).contains(logicalId(stack.functions.transform.getNode()
                .getDefaultChild()));
        assertThat(targets.get(json(Map.of("Fn::GetAtt", List.of(logicalId(stack.queues.transformedNotices.getNode()
                .getDefaultChild()), "Arn"))))).contains(logicalId(stack.functions.stage.getNode().getDefaultChild()));
    }

    @Test
    void functionsRunTheJarWithSnapStartBehindTheLiveAlias() {
        Map<String, String> handlers = new LinkedHashMap<>();
        pipelineFunctions().forEach(p -> handlers.put((String) p.get("Handler"), json(p.get("SnapStart"))));

        assertThat(handlers).containsOnlyKeys(
                "dev.tributary.bootstrap.lambda.WriteRawBatchFunction::handleRequest",
                "dev.tributary.bootstrap.lambda.TransformRawObjectFunction::handleRequest",
                "dev.tributary.bootstrap.lambda.StageTransformedObjectFunction::handleRequest");
        assertThat(handlers.values()).allMatch(s -> s.equals("{\"ApplyOn\":\"PublishedVersions\"}"));
        pipelineFunctions().forEach(p -> assertThat(p.get("Runtime")).isEqualTo("java21"));
        pipelineFunctions().forEach(p -> assertThat(envNames(p)).containsExactlyInAnyOrder(
                "TRIBUTARY_RAW_BUCKET", "TRIBUTARY_TRANSFORMED_BUCKET", "TRIBUTARY_STAGED_BUCKET"));
        template.allResourcesProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
    }

    // --- services -----------------------------------------------------------------------------------------------

    @Test
    void servicesRunOneImageEachWithItsRoleVariablesAndInjectedSecrets() {
        Map<String, Map<String, Object>> containers = new LinkedHashMap<>();
        template.findResources("AWS::ECS::TaskDefinition").values().forEach(t -> {
            Map<String, Object> c = (Map<String, Object>) ((List<?>) properties(t).get("ContainerDefinitions")).get(0);
            containers.put((String) c.get("Name"), c);
        });

        Map<String, Object> replay = containers.remove("replay");
        assertThat(containers).containsOnlyKeys("ingest", "aggregator", "client");
        assertThat(replay.get("Command")).isEqualTo(List.of("replay", "--in-process"));
        assertThat(json(replay.get("Image"))).isEqualTo(json(containers.get("client").get("Image")));
        assertThat(secretNames(replay)).containsExactlyInAnyOrder("TRIBUTARY_JDBC_USER", "TRIBUTARY_JDBC_PASSWORD");
        assertThat(envValue(replay, "TRIBUTARY_REPLAY_BATCHES_IN_FLIGHT")).isEqualTo("32");   // sizing.yml's
        assertThat(containers.values().stream().map(c -> json(c.get("Image"))).distinct()).hasSize(1);
        Set<String> common = Set.of("AWS_REGION", "MICRONAUT_ENVIRONMENTS", "TRIBUTARY_JDBC_URL");
        assertThat(envNames(containers.get("ingest"))).containsExactlyInAnyOrderElementsOf(union(common,
                "TRIBUTARY_INGEST_QUEUE_URL", "TRIBUTARY_INGEST_QUEUE_MAX_MESSAGE_BYTES", "TRIBUTARY_RAW_BUCKET",
                "TRIBUTARY_ACCESS_KEYS_SECRET"));
        assertThat(envNames(containers.get("aggregator"))).containsExactlyInAnyOrderElementsOf(union(common,
                "TRIBUTARY_STAGED_NOTICE_QUEUE_URL", "TRIBUTARY_RAW_BUCKET", "TRIBUTARY_TRANSFORMED_BUCKET",
                "TRIBUTARY_STAGED_BUCKET"));
        assertThat(envNames(containers.get("client"))).containsExactlyInAnyOrderElementsOf(union(common,
                "TRIBUTARY_INGEST_QUEUE_URL", "TRIBUTARY_INGEST_QUEUE_MAX_MESSAGE_BYTES",
                "TRIBUTARY_RAW_NOTICE_QUEUE_URL", "TRIBUTARY_TRANSFORMED_NOTICE_QUEUE_URL",
                "TRIBUTARY_STAGED_NOTICE_QUEUE_URL", "TRIBUTARY_RAW_BUCKET", "TRIBUTARY_TRANSFORMED_BUCKET",
                "TRIBUTARY_STAGED_BUCKET", "TRIBUTARY_ECS_CLUSTER", "TRIBUTARY_AGGREGATOR_SERVICE",
                "TRIBUTARY_ACCESS_KEYS_SECRET"));
        containers.forEach((role, c) -> {
            assertThat(c.get("Command")).isEqualTo(List.of("serve", "--role", role));
            assertThat(secretNames(c)).containsExactlyInAnyOrder("TRIBUTARY_JDBC_USER", "TRIBUTARY_JDBC_PASSWORD");
            assertThat(json(c.get("HealthCheck"))).contains("CMD-SHELL");
            assertThat(json(c.get("LogConfiguration"))).contains("awslogs");
        });
        for (String role : List.of("ingest", "client")) {
            assertThat(envValue(containers.get(role), "TRIBUTARY_ACCESS_KEYS_SECRET"))
                    .isEqualTo(ref(stack.services.accessKeys.getNode().getDefaultChild()));
        }
        assertThat(json(containers.get("ingest").get("HealthCheck"))).contains("/health");
        template.allResourcesProperties("AWS::ECS::Service", Match.objectLike(Map.of("NetworkConfiguration",
                Map.of("AwsvpcConfiguration", Match.objectLike(Map.of("AssignPublicIp", "DISABLED"))))));
    }

    /** Issue 14: a replay runs as an ECS task of the same image, started with the command the stack prints. */
    @Test
    void theReplayTaskIsStartedWithTheRunTaskCommandTheStackPrints() {
        Map<String, Map<String, Object>> outputs = template.findOutputs("ReplayRunTask");

        assertThat(outputs).hasSize(1);
        String command = json(outputs.values().iterator().next().get("Value"));
        assertThat(command).contains("aws ecs run-task --launch-type FARGATE", "assignPublicIp=DISABLED",
                logicalId(stack.services.replay.getNode().getDefaultChild()),
                logicalId(stack.services.replayGroup.getNode().getDefaultChild()), "--in-process", "--source");
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.objectLike(Map.of(
                "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(
                        logicalId(stack.services.replayGroup.getNode().getDefaultChild()), "GroupId")))));
    }

    @Test
    void accessKeysSecretHoldsTheGivenDigestsAndOnlyTheHttpTaskRolesReadIt() throws IOException {
        Map<String, Object> secret = properties(resource(stack.services.accessKeys.getNode().getDefaultChild()));
        String secretRef = json(ref(stack.services.accessKeys.getNode().getDefaultChild()));

        assertThat(secret.get("SecretString")).isEqualTo(Files.readString(ACCESS_KEYS));
        assertThat(grants(stack.services.ingest.getTaskDefinition().getTaskRole()).get("secretsmanager:GetSecretValue"))
                .containsExactly(secretRef);
        assertThat(grants(stack.services.client.getTaskDefinition().getTaskRole()).get("secretsmanager:GetSecretValue"))
                .containsExactly(secretRef);
        // no other statement anywhere reaches the secret: not the aggregator, the functions or an execution role
        List<String> reachingIt = new ArrayList<>();
        template.findResources("AWS::IAM::Policy").forEach((id, policy) -> statements(policy).stream()
                .filter(s -> json(s.get("Resource")).contains(secretRef.substring(1, secretRef.length() - 1)))
                .forEach(s -> reachingIt.add(json(properties(policy).get("Roles")) + " " + actions(s))));
        assertThat(reachingIt).containsExactlyInAnyOrder(
                json(List.of(ref(taskRole(stack.services.ingest)))) + " [secretsmanager:GetSecretValue]",
                json(List.of(ref(taskRole(stack.services.client)))) + " [secretsmanager:GetSecretValue]");
    }

    @Test
    void aStackWithoutAnIngestOrAReadKeyIsRefused() throws IOException {
        Path onlyRead = workDir("keys").resolve("only-read.txt");
        Files.writeString(onlyRead, Files.readAllLines(ACCESS_KEYS).stream().filter(l -> !l.contains(" ingest "))
                .collect(Collectors.joining("\n")));
        Path aKeyItself = workDir("keys").resolve("a-key.txt");
        Files.writeString(aKeyItself, "trb_twin-read-test-only  read  -  oops\n");

        assertThatThrownBy(() -> StackInputs.read(SIZING, StackInputs.SHIPPED_SOURCES, Optional.empty(), jar(),
                onlyRead, workDir("keys"))).hasMessageContaining("no ingest key");
        assertThatThrownBy(() -> StackInputs.read(SIZING, StackInputs.SHIPPED_SOURCES, Optional.empty(), jar(),
                aKeyItself, workDir("keys"))).hasMessageContaining("not the key itself");
        assertThatThrownBy(() -> StackInputs.read(SIZING, StackInputs.SHIPPED_SOURCES, Optional.empty(), jar(),
                workDir("keys").resolve("missing.txt"), workDir("keys"))).hasMessageContaining("no access keys file");
    }

    @Test
    void databaseIsEncryptedPrivatePostgres17LikeTheEmbeddedOne() {
        template.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of("Engine", "postgres",
                "EngineVersion", "17", "StorageEncrypted", true, "PubliclyAccessible", false,
                "DBName", "tributary")));
    }

    // --- gateway ------------------------------------------------------------------------------------------------

    @Test
    void gatewayHasOneThrottledRoutePerSourceYaml() {
        List<String> sources = inputs.sources().stream().map(s -> s.name().value()).toList();

        assertThat(routeKeys(template)).containsExactlyInAnyOrderElementsOf(union(Set.of("$default"),
                sources.stream().map(Gateway::routeKey).toArray(String[]::new)));
        assertThat(sources).hasSize(12);
        Map<String, Object> stage = properties(template.findResources("AWS::ApiGatewayV2::Stage").values().iterator()
                .next());
        Map<String, Map<String, Object>> settings = (Map<String, Map<String, Object>>) stage.get("RouteSettings");
        assertThat(settings).hasSize(12);
        assertThat(settings.get("POST /ingest/orders")).isEqualTo(Map.of("ThrottlingRateLimit", 200,
                "ThrottlingBurstLimit", 400));
        assertThat(settings.get("POST /ingest/web_clicks")).isEqualTo(Map.of("ThrottlingRateLimit", 50,
                "ThrottlingBurstLimit", 100));
        assertThat(json(stage.get("AccessLogSettings"))).contains("DestinationArn");
    }

    @Test
    void aThirteenthSourceYamlAddsARouteAndATable() throws IOException {
        Files.copy(Path.of("src/test/resources/thirteenth_source.yml"), extraSources.resolve("parcel_scans.yml"));
        StackInputs thirteen = StackInputs.read(SIZING, StackInputs.SHIPPED_SOURCES, Optional.of(extraSources), jar(),
                ACCESS_KEYS, workDir("synth-13"));

        App app = app("cdk.out-test-13");
        app.getNode().setContext("aws:cdk:disable-asset-staging", true);   // the same jar again: no second copy
        Template more = Template.fromStack(new TributaryStack(app, "Tributary13", props(), thirteen,
                Path.of("Dockerfile")));

        assertThat(routeKeys(more)).hasSize(14).contains("POST /ingest/parcel_scans");
        more.resourceCountIs("AWS::Glue::Table", 13);
        more.hasResourceProperties("AWS::Lambda::LayerVersion", Match.anyValue());
        assertThat(json(more.toJSON())).contains("\"TRIBUTARY_SOURCES_DIR\":\"/opt/sources\"")
                .contains("\"TRIBUTARY_SOURCES_DIR\",\"Value\":\"/app/sources\"");
        assertThat(Files.exists(Path.of("target/synth-13/image/sources/parcel_scans.yml"))).isTrue();
        // it keeps its undeclared fields: its table has the staged Parquet's _unknown_fields column too
        SourceDefinition parcels = thirteen.sources().stream().filter(d -> d.name().value().equals("parcel_scans"))
                .findFirst().orElseThrow();
        Map<String, Object> table = more.findResources("AWS::Glue::Table").values().stream()
                .map(t -> (Map<String, Object>) properties(t).get("TableInput"))
                .filter(input -> "parcel_scans".equals(input.get("Name"))).findFirst().orElseThrow();
        assertThat(((Map<String, Object>) table.get("StorageDescriptor")).get("Columns"))
                .isEqualTo(parquetColumns(parcels))
                .asString().contains("_unknown_fields");
    }

    // --- catalog ------------------------------------------------------------------------------------------------

    @Test
    void glueTablesHaveTheColumnsOfTheStagedParquetAndProjectDtAndHour() throws IOException {
        Map<String, Map<String, Object>> tables = new LinkedHashMap<>();
        template.findResources("AWS::Glue::Table").values().forEach(t -> {
            Map<String, Object> input = (Map<String, Object>) properties(t).get("TableInput");
            tables.put((String) input.get("Name"), input);
        });

        for (SourceDefinition source : inputs.sources()) {
            Map<String, Object> table = tables.get(source.name().value());
            Map<String, Object> storage = (Map<String, Object>) table.get("StorageDescriptor");
            assertThat(storage.get("Columns")).as(source.name().value()).isEqualTo(parquetColumns(source));
            assertThat(json(storage.get("Location"))).contains("/staged/source=" + source.name().value() + "/");
            assertThat(table.get("PartitionKeys")).isEqualTo(List.of(Map.of("Name", "dt", "Type", "string"),
                    Map.of("Name", "hour", "Type", "string")));
            Map<String, Object> parameters = (Map<String, Object>) table.get("Parameters");
            assertThat(parameters).containsEntry("projection.enabled", "true")
                    .containsEntry("projection.dt.format", "yyyy-MM-dd").containsEntry("projection.hour.digits", "2");
            assertThat(json(parameters.get("storage.location.template")))
                    .contains("/staged/source=" + source.name().value() + "/dt=${dt}/hour=${hour}/");
        }
        template.hasResourceProperties("AWS::Athena::WorkGroup", Match.objectLike(Map.of("WorkGroupConfiguration",
                Match.objectLike(Map.of("EnforceWorkGroupConfiguration", true)))));
    }

    // --- scaling ------------------------------------------------------------------------------------------------

    @Test
    void eachServiceScalesBetweenItsSizingMinAndMax() {
        Map<String, Object> targets = new LinkedHashMap<>();
        template.findResources("AWS::ApplicationAutoScaling::ScalableTarget").values().forEach(t -> {
            Map<String, Object> p = properties(t);
            targets.put(json(p.get("ResourceId")), List.of(p.get("MinCapacity"), p.get("MaxCapacity")));
        });

        assertThat(targets).hasSize(3);
        for (var service : List.of(stack.services.ingest, stack.services.aggregator, stack.services.client)) {
            String role = ((Map<?, ?>) ((List<?>) properties(resource(service.getTaskDefinition().getNode()
                    .getDefaultChild())).get("ContainerDefinitions")).get(0)).get("Name").toString();
            String id = logicalId(service.getNode().getDefaultChild());
            Sizing.Service size = sizing.service(role);
            assertThat(targets.entrySet().stream().filter(e -> e.getKey().contains(id)).map(Map.Entry::getValue))
                    .as(role).containsExactly(List.of(size.min(), size.max()));
        }
    }

    @Test
    void aggregatorsTrackBacklogPerTaskWithMetricMath() {
        Sizing.Service aggregator = sizing.service(Roles.AGGREGATOR);

        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Match.objectLike(Map.of(
                "PolicyType", "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
                        "TargetValue", aggregator.target(),
                        "ScaleInCooldown", aggregator.scaleInAfter() * 60,
                        "CustomizedMetricSpecification", Map.of("Metrics", List.of(
                                Match.objectLike(Map.of("Id", "visible", "ReturnData", false, "MetricStat",
                                        Match.objectLike(Map.of("Metric", Match.objectLike(Map.of(
                                                "Namespace", "AWS/SQS",
                                                "MetricName", "ApproximateNumberOfMessagesVisible")))))),
                                Match.objectLike(Map.of("Id", "running", "MetricStat", Match.objectLike(Map.of(
                                        "Metric", Match.objectLike(Map.of("Namespace", "ECS/ContainerInsights",
                                                "MetricName", "RunningTaskCount")))))),
                                Match.objectLike(Map.of("Id", "backlogPerTask", "Expression", "visible / running",
                                        "ReturnData", true)))))))));
    }

    @Test
    void ingestScalesOnRequestsPerTaskAndClientOnCpu() {
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Match.objectLike(Map.of(
                "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
                        "TargetValue", sizing.service(Roles.INGEST).target(),
                        "PredefinedMetricSpecification", Match.objectLike(Map.of(
                                "PredefinedMetricType", "ALBRequestCountPerTarget")))))));
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Match.objectLike(Map.of(
                "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
                        "TargetValue", sizing.service(Roles.CLIENT).target(),
                        "PredefinedMetricSpecification", Map.of(
                                "PredefinedMetricType", "ECSServiceAverageCPUUtilization"))))));
    }

    // --- IAM ----------------------------------------------------------------------------------------------------

    @Test
    void noPolicyGrantsAWildcardAction() {
        for (Map<String, Object> policy : template.findResources("AWS::IAM::Policy").values()) {
            for (Map<String, Object> statement : statements(policy)) {
                assertThat(actions(statement)).as(json(statement)).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
            }
        }
    }

    @Test
    void eachPipelineRoleReachesOnlyItsOwnPrefixes() {
        Map<String, Set<String>> writeRaw = grants(stack.functions.writeRawRole);
        Map<String, Set<String>> transform = grants(stack.functions.transformRole);
        Map<String, Set<String>> stage = grants(stack.functions.stageRole);
        Map<String, Set<String>> ingest = grants(stack.services.ingest.getTaskDefinition().getTaskRole());
        Map<String, Set<String>> aggregator = grants(stack.services.aggregator.getTaskDefinition().getTaskRole());

        assertThat(writeRaw.get("s3:PutObject")).containsExactly(objects(stack.lake.raw, "raw/*"));
        assertThat(writeRaw.get("s3:GetObject")).containsExactly(objects(stack.lake.raw, "spool/*"));
        assertThat(writeRaw.get("sqs:DeleteMessage")).containsExactly(arn(stack.queues.ingest));
        assertThat(transform.get("sqs:DeleteMessage")).containsExactly(arn(stack.queues.rawNotices));
        assertThat(stage.get("sqs:DeleteMessage")).containsExactly(arn(stack.queues.transformedNotices));
        // a function gives a message back to its own queue during an outage, and sends to no other
        assertThat(writeRaw.get("sqs:SendMessage")).containsExactly(arn(stack.queues.ingest));
        assertThat(transform.get("sqs:SendMessage")).containsExactly(arn(stack.queues.rawNotices));
        assertThat(stage.get("sqs:SendMessage")).containsExactly(arn(stack.queues.transformedNotices));
        assertThat(transform.get("s3:GetObject")).containsExactly(objects(stack.lake.raw, "raw/*"));
        assertThat(transform.get("s3:PutObject")).containsExactlyInAnyOrder(
                objects(stack.lake.transformed, "transformed/*"), objects(stack.lake.transformed, "quarantine/*"));
        assertThat(stage.get("s3:GetObject")).containsExactlyInAnyOrder(
                objects(stack.lake.transformed, "transformed/*"), objects(stack.lake.staged, "staged/*"));
        assertThat(stage.get("s3:PutObject")).containsExactly(objects(stack.lake.staged, "staged/*"));
        assertThat(ingest.get("s3:PutObject")).containsExactly(objects(stack.lake.raw, "spool/*"));
        assertThat(ingest.get("sqs:SendMessage")).containsExactly(arn(stack.queues.ingest));
        assertThat(ingest).doesNotContainKeys("s3:GetObject", "sqs:ReceiveMessage");
        assertThat(aggregator.get("sqs:ReceiveMessage")).containsExactly(arn(stack.queues.stagedNotices));
        assertThat(aggregator.get("s3:GetObject")).containsExactly(objects(stack.lake.staged, "staged/*"));
        assertThat(aggregator).doesNotContainKeys("s3:PutObject", "sqs:SendMessage");
        Map<String, Set<String>> replay = grants(stack.services.replay.getTaskRole());
        assertThat(replay.get("s3:GetObject")).containsExactlyInAnyOrder(objects(stack.lake.raw, "raw/*"),
                objects(stack.lake.transformed, "transformed/*"), objects(stack.lake.staged, "staged/*"));
        assertThat(replay.get("s3:PutObject")).containsExactlyInAnyOrder(
                objects(stack.lake.transformed, "transformed/*"), objects(stack.lake.transformed, "quarantine/*"),
                objects(stack.lake.staged, "staged/*"));
        assertThat(replay.get("s3:DeleteObject")).containsExactly(objects(stack.lake.transformed, "quarantine/*"));
        assertThat(replay).doesNotContainKeys("sqs:SendMessage", "sqs:ReceiveMessage");
        for (var role : List.of(writeRaw, transform, stage, ingest, aggregator)) {
            assertThat(role).doesNotContainKey("s3:DeleteObject");
        }
        for (var role : List.of(writeRaw, transform, stage, ingest, aggregator, replay)) {
            assertThat(role.values().stream().flatMap(Set::stream)).doesNotContain("\"*\"");
        }
    }

    /** Redrive from the client API (operator key): dead letters of every step go back to their queue. */
    @Test
    void theClientRedrivesEachDeadLetterQueueIntoItsOwnQueueOnly() {
        Map<String, Set<String>> client = grants(stack.services.client.getTaskDefinition().getTaskRole());

        assertThat(client.get("sqs:ReceiveMessage")).containsExactlyInAnyOrder(arn(stack.queues.ingestDeadLetters),
                arn(stack.queues.rawNoticeDeadLetters), arn(stack.queues.transformedNoticeDeadLetters),
                arn(stack.queues.stagedNoticeDeadLetters));
        assertThat(client.get("sqs:DeleteMessage")).isEqualTo(client.get("sqs:ReceiveMessage"));
        assertThat(client.get("sqs:SendMessage")).containsExactlyInAnyOrder(arn(stack.queues.ingest),
                arn(stack.queues.rawNotices), arn(stack.queues.transformedNotices), arn(stack.queues.stagedNotices));
        assertThat(client.get("s3:PutObject")).containsExactly(objects(stack.lake.raw, "spool/*"));
        assertThat(client).doesNotContainKey("s3:DeleteObject");
    }

    // --- alarms and cdk-nag -------------------------------------------------------------------------------------

    @Test
    void alarmsWatchDeadLettersQueueAgesAndFreshness() {
        Set<String> alarms = template.findResources("AWS::CloudWatch::Alarm").keySet();

        assertThat(alarms).anyMatch(id -> id.contains("IngestDeadLetters"))
                .anyMatch(id -> id.contains("StagedNoticeDeadLetters"))
                .anyMatch(id -> id.contains("RawNoticeDeadLetters"))
                .anyMatch(id -> id.contains("TransformedNoticeDeadLetters"))
                .anyMatch(id -> id.contains("IngestQueueAge")).anyMatch(id -> id.contains("RawNoticeQueueAge"))
                .anyMatch(id -> id.contains("TransformedNoticeQueueAge")).anyMatch(id -> id.contains("StagedNoticeQueueAge"))
                .anyMatch(id -> id.contains("Freshness"));
        template.allResourcesProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("AlarmActions",
                Match.anyValue())));
    }

    @Test
    void cdkNagAwsSolutionsFindsNothingUnsuppressed() {
        var errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        var warnings = Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(errors.stream().map(m -> m.getId() + " " + m.getEntry().getData()).toList()).isEmpty();
        assertThat(warnings.stream().map(m -> m.getId() + " " + m.getEntry().getData()).toList()).isEmpty();
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static Path jar() throws IOException {
        return TestStacks.jarOrPlaceholder();
    }

    private static App app(String outdir) throws IOException {
        return TestStacks.app(outdir);
    }

    private static Path workDir(String name) throws IOException {
        return TestStacks.workDir(name);
    }

    private static StackProps props() {
        return TestStacks.props();
    }

    private static List<Map<String, Object>> pipelineFunctions() {
        return template.findResources("AWS::Lambda::Function").values().stream().map(TributaryStackTest::properties)
                .filter(p -> String.valueOf(p.get("Handler")).startsWith(Functions.ENTRY)).toList();
    }

    /** Glue column types read off the footer of a Parquet file the staged codec really writes. */
    private static List<Map<String, String>> parquetColumns(SourceDefinition source) throws IOException {
        BatchId batch = BatchId.parse("0190f5a2-7c3e-7a11-8b2c-0123456789ab");
        Path file = workDir("parquet").resolve(source.name().value() + ".parquet");
        Files.write(file, new ParquetStagedCodec().write(source, batch, List.of(), Map.of()));
        List<Map<String, String>> columns = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            for (Type field : reader.getFooter().getFileMetaData().getSchema().getFields()) {
                columns.add(Map.of("Name", field.getName(), "Type", athenaType(field.asPrimitiveType())));
            }
        }
        return columns;
    }

    private static String athenaType(PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
            return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
        }
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
            return "timestamp";
        }
        return switch (type.getPrimitiveTypeName()) {
            case BINARY -> "string";
            case INT32 -> "int";
            case INT64 -> "bigint";
            case BOOLEAN -> "boolean";
            default -> throw new AssertionError("unexpected staged column type " + type);
        };
    }

    private static Set<String> routeKeys(Template t) {
        return t.findResources("AWS::ApiGatewayV2::Route").values().stream()
                .map(r -> (String) properties(r).get("RouteKey")).collect(Collectors.toSet());
    }

    /** Action → resources (as JSON) over every policy attached to the role. */
    private static Map<String, Set<String>> grants(IRole role) {
        String ref = json(Map.of("Ref", logicalId(((Role) role).getNode().getDefaultChild())));
        Map<String, Set<String>> grants = new LinkedHashMap<>();
        template.findResources("AWS::IAM::Policy").values().stream()
                .filter(p -> ((List<?>) properties(p).get("Roles")).stream().map(TributaryStackTest::json)
                        .anyMatch(ref::equals))
                .flatMap(p -> statements(p).stream())
                .forEach(s -> {
                    Object resources = s.get("Resource");
                    List<?> list = resources instanceof List<?> l ? l : List.of(resources);
                    for (String action : actions(s)) {
                        list.forEach(r -> grants.computeIfAbsent(action, a -> new TreeSet<>()).add(json(r)));
                    }
                });
        return grants;
    }

    private static String objects(software.amazon.awscdk.services.s3.Bucket bucket, String pattern) {
        return json(Map.of("Fn::Join", List.of("", List.of(Map.of("Fn::GetAtt", List.of(
                logicalId(bucket.getNode().getDefaultChild()), "Arn")), "/" + pattern))));
    }

    private static String arn(software.amazon.awscdk.services.sqs.Queue queue) {
        return json(Map.of("Fn::GetAtt", List.of(logicalId(queue.getNode().getDefaultChild()), "Arn")));
    }

    private static List<Map<String, Object>> statements(Map<String, Object> policy) {
        return (List<Map<String, Object>>) ((Map<String, Object>) properties(policy).get("PolicyDocument"))
                .get("Statement");
    }

    private static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(action));
    }

    private static Set<String> envNames(Map<String, Object> holder) {
        Object env = holder.get("Environment");
        if (env instanceof Map<?, ?> lambda) {
            return ((Map<String, Object>) lambda.get("Variables")).keySet();
        }
        return ((List<Map<String, Object>>) env).stream().map(e -> (String) e.get("Name")).collect(Collectors.toSet());
    }

    private static Object envValue(Map<String, Object> container, String name) {
        return ((List<Map<String, Object>>) container.get("Environment")).stream()
                .filter(e -> name.equals(e.get("Name"))).map(e -> e.get("Value")).findFirst().orElse(null);
    }

    private static Object taskRole(software.amazon.awscdk.services.ecs.FargateService service) {
        return ((Role) service.getTaskDefinition().getTaskRole()).getNode().getDefaultChild();
    }

    private static Set<String> secretNames(Map<String, Object> container) {
        return ((List<Map<String, Object>>) container.get("Secrets")).stream().map(e -> (String) e.get("Name"))
                .collect(Collectors.toSet());
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> all = new TreeSet<>(base);
        all.addAll(List.of(more));
        return all;
    }

    private static Map<String, Object> resource(Object cfnElement) {
        Map<String, Object> resources = (Map<String, Object>) template.toJSON().get("Resources");
        return (Map<String, Object>) resources.get(logicalId(cfnElement));
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    private static String logicalId(Object cfnElement) {
        return stack.getLogicalId((CfnElement) cfnElement);
    }

    private static Map<String, Object> ref(Object cfnElement) {
        return Map.of("Ref", logicalId(cfnElement));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
