package dev.tributary.deploy;

import dev.tributary.domain.lake.Zone;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three Lambda functions, one code asset (the shaded jar) and one entry class each (README "On AWS"), each on its
 * queue ({@link Queues}): the raw writer on the ingest queue (at most {@code max_concurrency} at once: the rate limit
 * at the queue), transformation on the raw-notice queue and staging on the transformed-notice queue (the buckets'
 * ObjectCreated notifications). Partial batch failures: a message that fails by itself is delivered again and then
 * dead-lettered; one that meets an outage is given back delayed, so outages dead-letter nothing. SnapStart snapshots each published version after the Micronaut context started, so
 * a cold start restores instead of initialising; everything invokes the alias {@code live}, never {@code $LATEST},
 * which SnapStart does not cover. None is in the VPC: none opens the database, and S3 and SQS are public endpoints.
 */
final class Functions extends Construct {
    static final String ENTRY = "dev.tributary.bootstrap.lambda.";
    static final String HANDLER_METHOD = "::handleRequest";   // MicronautRequestHandler is a RequestHandler<I, O>
    /** Extra source YAML arrives as a layer, which Lambda unpacks under /opt. */
    static final String LAYER_SOURCES_DIR = "/opt/sources";

    final Alias writeRaw;
    final Alias transform;
    final Alias stage;
    final Role writeRawRole;
    final Role transformRole;
    final Role stageRole;

    Functions(Construct scope, String id, StackInputs inputs, Lake lake, Queues queues) {
        super(scope, id);
        Sizing sizing = inputs.sizing();
        Code code = Code.fromAsset(inputs.jar().toString());
        Map<String, String> env = new HashMap<>(Map.of(
                "TRIBUTARY_RAW_BUCKET", lake.raw.getBucketName(),
                "TRIBUTARY_TRANSFORMED_BUCKET", lake.transformed.getBucketName(),
                "TRIBUTARY_STAGED_BUCKET", lake.staged.getBucketName()));
        Optional<LayerVersion> sources = inputs.extraSources().map(dir -> LayerVersion.Builder.create(this, "Sources")
                .code(Code.fromAsset(inputs.sourcesLayer().toString()))
                .description("extra source YAML, read through TRIBUTARY_SOURCES_DIR=" + LAYER_SOURCES_DIR)
                .build());
        sources.ifPresent(layer -> env.put("TRIBUTARY_SOURCES_DIR", LAYER_SOURCES_DIR));

        Sizing.Functions sizes = sizing.functions();
        int retention = sizing.logs().retentionDays();
        writeRawRole = role("WriteRawRole");
        writeRaw = onQueue(function("WriteRaw", "WriteRawBatchFunction", writeRawRole, code, sources, env,
                sizes.writeRaw(), retention), queues.ingest, sizes.writeRaw());
        Access.writeObjects(writeRawRole, lake.raw, Lake.prefix(Zone.RAW));
        Access.readObjects(writeRawRole, lake.raw, Lake.SPOOL_PREFIX);

        transformRole = role("TransformRole");
        transform = onQueue(function("Transform", "TransformRawObjectFunction", transformRole, code, sources, env,
                sizes.transform(), retention), queues.rawNotices, sizes.transform());
        Access.readObjects(transformRole, lake.raw, Lake.prefix(Zone.RAW));
        Access.writeObjects(transformRole, lake.transformed, Lake.prefix(Zone.TRANSFORMED),
                Lake.prefix(Zone.QUARANTINE));

        stageRole = role("StageRole");
        stage = onQueue(function("Stage", "StageTransformedObjectFunction", stageRole, code, sources, env,
                sizes.stage(), retention), queues.transformedNotices, sizes.stage());
        Access.readObjects(stageRole, lake.transformed, Lake.prefix(Zone.TRANSFORMED));
        Access.writeObjects(stageRole, lake.staged, Lake.prefix(Zone.STAGED));
        // the newest staged object says which schema version the lake was last written with, and its types
        Access.readObjects(stageRole, lake.staged, Lake.prefix(Zone.STAGED));
    }

    private Role role(String id) {
        return Role.Builder.create(this, id).assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
    }

    private Function function(String id, String entryClass, Role role, Code code, Optional<LayerVersion> sources,
                              Map<String, String> env, Sizing.QueueFunction size, int retentionDays) {
        // an explicit log group, written by the function's own role: no AWSLambdaBasicExecutionRole (logs:* on *)
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs").retention(Network.Retention.days(retentionDays))
                .build();
        logs.grantWrite(role);
        Function.Builder fn = Function.Builder.create(this, id)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.X86_64)
                .handler(ENTRY + entryClass + HANDLER_METHOD)
                .code(code)
                .role(role)
                .memorySize(size.memoryMib())
                .timeout(Duration.seconds(size.timeoutSeconds()))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(env)
                .logGroup(logs)
                .layers(sources.map(List::of).orElse(List.of()));
        Function built = fn.build();
        // the alias below publishes currentVersion: SnapStart's "publish a version" warning is answered
        Annotations.of(built).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every trigger invokes the alias live on the published currentVersion");
        return built;
    }

    /**
     * The alias {@code live} on the current version, invoked by an event source mapping on {@code queue}: partial
     * batch failures, at most {@code max_concurrency} instances. The function may send to its queue, to give a message
     * back during an outage (a delayed copy; adapters-aws SqsRequeue looks the URL up from the event's ARN).
     */
    private static Alias onQueue(Function fn, Queue queue, Sizing.QueueFunction size) {
        Alias alias = Alias.Builder.create(fn, "Live").aliasName("live").version(fn.getCurrentVersion()).build();
        alias.addEventSource(SqsEventSource.Builder.create(queue)
                .batchSize(size.batchSize())
                .maxBatchingWindow(Duration.seconds(size.batchingWindowSeconds()))
                .reportBatchItemFailures(true)
                .maxConcurrency(size.maxConcurrency())
                .build());
        queue.grantSendMessages(fn.getRole());
        return alias;
    }
}
