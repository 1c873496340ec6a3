package dev.tributary.deploy.twin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.adapters.local.db.EmbeddedDatabase;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The AWS account the twin plays: ElasticMQ for SQS, S3Proxy for S3 (with S3's event notifications), an embedded
 * PostgreSQL for RDS and a stand-in for Secrets Manager's {@code GetSecretValue}. {@link #build} creates, for every
 * resource of those kinds in the template, its local equivalent with the template's own properties (queue attributes
 * and redrive policies, secret strings or generated secrets, the database's name and master user with the password
 * from its secret), named by logical id, and teaches {@link CloudFormation} what each {@code Ref} and
 * {@code Fn::GetAtt} stands for.
 */
@SuppressWarnings("unchecked")
final class TwinCloud implements AutoCloseable {
    static final String ACCOUNT = "123456789012";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> QUEUE_ATTRIBUTES = Set.of("VisibilityTimeout", "MessageRetentionPeriod",
            "MaximumMessageSize", "DelaySeconds", "ReceiveMessageWaitTimeSeconds");
    /** Queue properties the twin reads but cannot enforce (ElasticMQ does not encrypt): listed, so others fail. */
    private static final Set<String> QUEUE_PROPERTIES_NOT_EMULATED = Set.of("SqsManagedSseEnabled");

    final String region;
    final SQSRestServer sqsServer;
    final URI sqsEndpoint;
    final SqsClient sqs;
    final EmbeddedDatabase database;
    final Map<String, URI> queueUrlsByArn = new LinkedHashMap<>();
    /** Queues with a redrive policy (the pipeline's own), and the others (dead-letter and failure-destination queues). */
    private final List<URI> pipelineQueues = new ArrayList<>();
    private final List<URI> deadLetterQueues = new ArrayList<>();
    private String databaseName;
    private final Path dir;
    private S3Proxy s3Proxy;
    private URI s3Endpoint;
    private S3Client s3;
    private TwinSecrets secrets;
    private ObjectCreatedNotifications notifications;

    /** Starts the servers that need nothing from the template (ElasticMQ, PostgreSQL): they start while CDK synthesizes. */
    TwinCloud(String region, Path dir) {
        this.region = region;
        this.dir = dir;
        int port = freePort();
        sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, "")).start();
        sqsServer.waitUntilStarted();
        sqsEndpoint = URI.create("http://127.0.0.1:" + port);
        sqs = SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.of(region)).credentialsProvider(TWIN)
                .httpClientBuilder(ApacheHttpClient.builder()).build();
        database = EmbeddedDatabase.start(dir.resolve("postgres"), 0, EmbeddedDatabase.Commits.THROWAWAY);
    }

    /** The template's database on the embedded server, for the superuser (local trust), as a test reads it. */
    Connection openDatabase() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + database.port() + "/"
                + (databaseName == null ? EmbeddedDatabase.DATABASE : databaseName), EmbeddedDatabase.USER, "");
    }

    /** Messages waiting or in flight on the pipeline's queues (those with a dead-letter queue). */
    long messagesInPipelineQueues() {
        return pipelineQueues.stream().mapToLong(this::messages).sum();
    }

    /** Messages in the dead-letter queues, by queue name. */
    Map<String, Long> deadLetters() {
        Map<String, Long> found = new LinkedHashMap<>();
        deadLetterQueues.forEach(q -> found.put(q.getPath().substring(q.getPath().lastIndexOf('/') + 1), messages(q)));
        return found;
    }

    /** The bucket whose name (the template's logical id, lower case) contains {@code part}, e.g. "raw". */
    String bucketNamed(String part) {
        return s3.listBuckets().buckets().stream().map(software.amazon.awssdk.services.s3.model.Bucket::name)
                .filter(name -> name.contains(part.toLowerCase(java.util.Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no bucket named like " + part));
    }

    /** The keys under {@code prefix} in {@code bucket}, in S3's order. */
    List<String> keys(String bucket, String prefix) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
    }

    /** The queue whose name (the template's logical id) contains {@code part}, e.g. "RawNoticeDeadLetters". */
    URI queueNamed(String part) {
        return queueUrlsByArn.values().stream().filter(url -> url.getPath().contains(part)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no queue named like " + part));
    }

    private long messages(URI queue) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queue.toString()).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                + Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0"));
    }

    private static final StaticCredentialsProvider TWIN =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("twin", "twin"));

    URI s3Endpoint() {
        return s3Endpoint;
    }

    TwinSecrets secrets() {
        return secrets;
    }

    ObjectCreatedNotifications notifications() {
        return notifications;
    }

    /** Creates every queue, bucket, secret and the database of the template; S3 notifications go to their queues. */
    void build(CloudFormation template) throws IOException {
        definePlainNames(template);
        createQueues(template);
        secrets = new TwinSecrets(template, region, ACCOUNT);
        createDatabases(template);
        startS3(template);
    }

    /** Resources the services only name (ECS, IAM, Lambda): their Refs and ARNs, no server behind them. */
    private void definePlainNames(CloudFormation template) {
        template.resources("AWS::IAM::Role").keySet().forEach(id -> {
            template.defineRef(id, id);
            template.defineAttribute(id, "Arn", "arn:aws:iam::" + ACCOUNT + ":role/" + id);
        });
        template.resources("AWS::Lambda::Function").keySet().forEach(id -> {
            template.defineRef(id, id);
            template.defineAttribute(id, "Arn", functionArn(id));
        });
        template.resources("AWS::Lambda::Alias").forEach((id, p) -> template.defineRef(id,
                functionArn(CloudFormation.target(p.get("FunctionName"))) + ":" + p.get("Name")));
        template.resources("AWS::ECS::Cluster").keySet().forEach(id -> template.defineRef(id, id));
        template.resources("AWS::ECS::Service").keySet().forEach(id -> template.defineAttribute(id, "Name", id));
    }

    private String functionArn(String id) {
        return "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + id;
    }

    /** Dead-letter queues first: a redrive policy names its target's ARN. */
    private void createQueues(CloudFormation template) throws IOException {
        Map<String, Map<String, Object>> queues = template.resources("AWS::SQS::Queue");
        List<String> order = new ArrayList<>(queues.keySet());
        order.sort((a, b) -> Boolean.compare(queues.get(a).containsKey("RedrivePolicy"),
                queues.get(b).containsKey("RedrivePolicy")));
        for (String id : order) {
            Map<QueueAttributeName, String> attributes = new HashMap<>();
            for (var property : queues.get(id).entrySet()) {
                String name = property.getKey();
                if (QUEUE_ATTRIBUTES.contains(name)) {
                    attributes.put(QueueAttributeName.fromValue(name), template.resolve(property.getValue()));
                } else if (name.equals("RedrivePolicy")) {
                    Map<String, Object> redrive = (Map<String, Object>) property.getValue();
                    attributes.put(QueueAttributeName.REDRIVE_POLICY, JSON.writeValueAsString(Map.of(
                            "deadLetterTargetArn", template.resolve(redrive.get("deadLetterTargetArn")),
                            "maxReceiveCount", template.resolve(redrive.get("maxReceiveCount")))));
                } else if (!QUEUE_PROPERTIES_NOT_EMULATED.contains(name)) {
                    throw new IllegalStateException("the twin does not know queue property " + name + " of " + id);
                }
            }
            String url = sqs.createQueue(b -> b.queueName(id).attributes(attributes)).queueUrl();
            String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            template.defineRef(id, url);
            template.defineAttribute(id, "Arn", arn);
            template.defineAttribute(id, "QueueName", id);
            queueUrlsByArn.put(arn, URI.create(url));
            (queues.get(id).containsKey("RedrivePolicy") ? pipelineQueues : deadLetterQueues).add(URI.create(url));
        }
    }

    /**
     * Each {@code AWS::RDS::DBInstance} becomes a database of the embedded server: {@code DBName}, owned by
     * {@code MasterUsername} with the password of {@code MasterUserPassword} (a dynamic reference into its secret).
     * Password authentication is switched on for it, so a wrong user or password in the wiring is refused, as RDS
     * would; the superuser the test reads with keeps its local trust.
     */
    private void createDatabases(CloudFormation template) {
        Map<String, Map<String, Object>> instances = template.resources("AWS::RDS::DBInstance");
        if (instances.size() > 1) {
            throw new IllegalStateException("the twin runs one database, the template has " + instances.keySet());
        }
        instances.forEach((id, p) -> {
            String user = template.resolve(p.get("MasterUsername"));
            String password = secrets.dynamicReference(template.resolve(p.get("MasterUserPassword")));
            String name = template.resolve(p.get("DBName"));
            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
                // RDS's master user is a member of rds_superuser: it may create roles and databases, no more
                s.execute("CREATE ROLE \"" + user + "\" LOGIN CREATEROLE CREATEDB PASSWORD '"
                        + password.replace("'", "''") + "'");
                if (!name.equals(EmbeddedDatabase.DATABASE)) {
                    s.execute("CREATE DATABASE \"" + name + "\"");
                }
                s.execute("ALTER DATABASE \"" + name + "\" OWNER TO \"" + user + "\"");
                Files.writeString(dir.resolve("postgres").resolve("pg_hba.conf"), String.join("\n",
                        "local all all trust", "host all postgres 127.0.0.1/32 trust", "host all postgres ::1/128 trust",
                        "host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 scram-sha-256", ""));
                s.execute("SELECT pg_reload_conf()");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the database " + name + " for " + id, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            databaseName = name;
            template.defineAttribute(id, "Endpoint.Address", "127.0.0.1");
            template.defineAttribute(id, "Endpoint.Port", Integer.toString(database.port()));
        });
    }

    /** S3Proxy on the notifying blob store; one bucket per {@code AWS::S3::Bucket}, named by its logical id. */
    private void startS3(CloudFormation template) {
        template.resources("AWS::S3::Bucket").keySet().forEach(id -> {
            String name = id.toLowerCase(java.util.Locale.ROOT);
            template.defineRef(id, name);
            template.defineAttribute(id, "Arn", "arn:aws:s3:::" + name);
        });
        Map<String, List<ObjectCreatedNotifications.Configuration>> configurations = new HashMap<>();
        template.resources("Custom::S3BucketNotifications").forEach((id, p) -> {
            String bucket = template.resolve(p.get("BucketName"));
            Map<String, Object> config = (Map<String, Object>) p.get("NotificationConfiguration");
            for (String kind : config.keySet()) {
                for (Map<String, Object> c : (List<Map<String, Object>>) config.get(kind)) {
                    configurations.computeIfAbsent(bucket, b -> new ArrayList<>()).add(switch (kind) {
                        case "QueueConfigurations" -> {
                            URI queue = queueUrlsByArn.get(template.resolve(c.get("QueueArn")));
                            sqs.sendMessage(b -> b.queueUrl(queue.toString())
                                    .messageBody(ObjectCreatedNotifications.testEvent(bucket)));
                            yield configuration(c, (b, event) -> sqs.sendMessage(m -> m.queueUrl(queue.toString())
                                    .messageBody(event)), "queue " + queue);
                        }
                        default -> throw new IllegalStateException("the twin does not deliver " + kind);
                    });
                }
            }
        });
        s3Endpoint = URI.create("http://127.0.0.1:" + freePort());
        notifications = new ObjectCreatedNotifications(new TransientNio2BlobStore(), configurations, region);
        s3Proxy = S3Proxy.builder().blobStore(notifications).endpoint(s3Endpoint)
                .awsAuthentication(AuthenticationType.NONE, null, null).build();
        try {
            s3Proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        s3 = S3Client.builder().endpointOverride(s3Endpoint).region(Region.of(region)).forcePathStyle(true)
                .credentialsProvider(TWIN).httpClientBuilder(ApacheHttpClient.builder()).build();
        template.resources("AWS::S3::Bucket").keySet().forEach(id -> s3.createBucket(b -> b.bucket(template.resolve(
                Map.of("Ref", id)))));
    }

    private static ObjectCreatedNotifications.Configuration configuration(
            Map<String, Object> c, java.util.function.BiConsumer<String, String> destination, String describe) {
        String prefix = "";
        String suffix = "";
        Map<String, Object> filter = (Map<String, Object>) ((Map<String, Object>) c.getOrDefault("Filter", Map.of()))
                .getOrDefault("Key", Map.of());
        for (Map<String, Object> rule : (List<Map<String, Object>>) filter.getOrDefault("FilterRules", List.of())) {
            switch (String.valueOf(rule.get("Name")).toLowerCase(java.util.Locale.ROOT)) {
                case "prefix" -> prefix = String.valueOf(rule.get("Value"));
                case "suffix" -> suffix = String.valueOf(rule.get("Value"));
                default -> throw new IllegalStateException("unknown S3 filter rule " + rule);
            }
        }
        return new ObjectCreatedNotifications.Configuration((List<String>) c.get("Events"), prefix, suffix,
                destination, describe + " (prefix '" + prefix + "', suffix '" + suffix + "')");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        if (s3Proxy != null) {
            s3Proxy.stop();
            s3.close();
        }
        if (secrets != null) {
            secrets.close();
        }
        sqs.close();
        sqsServer.stopAndWait();
        database.close();
    }
}
