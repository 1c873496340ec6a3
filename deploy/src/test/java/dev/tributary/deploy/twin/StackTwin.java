package dev.tributary.deploy.twin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.deploy.StackInputs;
import dev.tributary.deploy.TestStacks;
import dev.tributary.deploy.TributaryStack;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A twin of the stack (issue 12, Build 4(c)): the synthesized template, run on this machine. Each ECS task definition's
 * container becomes {@code java -jar bootstrap/target/tributary.jar <its Command>}, a JVM of its own, with exactly the
 * environment the image and the task definition give it and its ECS secrets; each Lambda function the template wires
 * runs its {@code Handler} in a JVM of its own with its {@code Environment.Variables} ({@link TwinFunctions}); the
 * queues, buckets, secrets and database are local equivalents created from the template's resources ({@link
 * TwinCloud}), and every {@code Ref}, {@code Fn::GetAtt} and {@code Fn::Join} in an environment is resolved to them by
 * logical id ({@link CloudFormation}). S3 notifications follow the template's filters to their queues; each function
 * is fed by its event-source mapping with the mapping's batch size. Nothing in the wiring is restated here: a wrong
 * variable name, filter or queue in the stack fails the twin.
 * <p>
 * The twin's only additions to what the template gives a process are {@link TwinLaunches#SERVICE_ADDITIONS} and
 * {@link TwinLaunches#FUNCTION_ADDITIONS} (endpoints of the local servers, fake credentials, the HTTP port on a shared
 * host, the variables the Lambda service sets), and the image's data directory moved into target/. The access keys are NOT
 * opened: there is no Secrets Manager emulator, so {@link SecretsManagerStandIn} answers {@code GetSecretValue} with
 * the template's own secret string, and only to the roles the template's IAM policies allow.
 * <p>
 * With {@link Options#faultProxies}, the services and functions reach S3 and SQS through a {@link FaultProxy} each, and
 * any process may be killed and started again ({@link #killAndStartAgain}), for the fault suite.
 */
final class StackTwin implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param sizing       the sizing file the stack is synthesized with
     * @param dir          the twin's directory (emptied first): template, logs, data
     * @param faultProxies whether S3 and SQS are reached through a {@link FaultProxy} each
     */
    record Options(Path sizing, Path dir, boolean faultProxies) {}

    private final Options options;
    private final Map<String, String> timeline = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();
    private final Map<String, ChildJvm> services = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> oneOffTasks = new LinkedHashMap<>();
    private TwinLaunches launches;
    private TwinCloud cloud;
    private CloudFormation template;
    private TwinFunctions functions;
    private FaultProxy s3Proxy;
    private FaultProxy sqsProxy;

    private StackTwin(Options options) {
        this.options = options;
    }

    static StackTwin start(Options options) throws Exception {
        StackTwin twin = new StackTwin(options);
        try {
            twin.startAll();
        } catch (Exception | AssertionError e) {
            twin.close();
            throw e;
        }
        return twin;
    }

    private void startAll() throws Exception {
        Path jar = TestStacks.shadedJar().toAbsolutePath().normalize();
        assertThat(jar).as("the twin runs the shaded jar: build with ./mvnw -B -pl deploy -am verify").isRegularFile();
        Path dir = options.dir();
        deleteRecursively(dir);
        Files.createDirectories(dir);

        CompletableFuture<TwinCloud> servers = CompletableFuture.supplyAsync(() -> new TwinCloud(TestStacks.REGION,
                dir));
        StackInputs inputs = StackInputs.read(options.sizing(), StackInputs.SHIPPED_SOURCES, Optional.empty(), jar,
                TestStacks.ACCESS_KEYS, TestStacks.workDir("synth"));
        TributaryStack stack = TestStacks.stack("cdk.out-" + dir.getFileName(), inputs);
        Map<String, Object> json = Template.fromStack(stack).toJSON();
        Files.writeString(dir.resolve("template.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        mark("synthesized");
        cloud = servers.join();
        template = new CloudFormation(json, TestStacks.REGION, TwinCloud.ACCOUNT);
        functions = new TwinFunctions(template, cloud.sqs, TestStacks.REGION);
        cloud.build(template);
        if (options.faultProxies()) {
            s3Proxy = new FaultProxy("s3", FaultProxy.Service.S3, cloud.s3Endpoint());
            sqsProxy = new FaultProxy("sqs", FaultProxy.Service.SQS, cloud.sqsEndpoint);
        }
        mark("local resources created");

        launches = new TwinLaunches(template, cloud, DockerImage.read(Path.of("Dockerfile")), jar, dir,
                this::endpoints);
        for (String function : launches.triggeredFunctions()) {
            launches.startFunction(functions, function);
        }
        Set<String> serviceTasks = launches.serviceTasks();
        template.resources("AWS::ECS::TaskDefinition").forEach((id, p) -> {
            if (serviceTasks.contains(id)) {
                ChildJvm task = launches.task(p, null);
                services.put(task.name.substring("ecs-".length()), task);
            } else {
                oneOffTasks.put(id, p);     // started by run-task, not by a service (the replay task)
            }
        });
        awaitReady();
        functions.startEventSourceMappings(cloud.queueUrlsByArn);
        mark("processes ready");
    }

    TwinCloud cloud() {
        return cloud;
    }

    TwinFunctions functions() {
        return functions;
    }

    /** An ECS service's HTTP address (ingest, client). */
    URI serviceUrl(String role) {
        return URI.create("http://127.0.0.1:" + launches.httpPort(role));
    }

    Map<String, ChildJvm> services() {
        return services;
    }

    /** The role (logical id) an ECS service's task runs as, its access key id in the twin. */
    String taskRole(String role) {
        return services.get(role).environment.get("AWS_ACCESS_KEY_ID");
    }

    FaultProxy s3Proxy() {
        return require(s3Proxy);
    }

    FaultProxy sqsProxy() {
        return require(sqsProxy);
    }

    private static FaultProxy require(FaultProxy proxy) {
        if (proxy == null) {
            throw new IllegalStateException("the twin was started without fault proxies");
        }
        return proxy;
    }

    /** SIGKILL to an ECS service's task, and a new task in its place, ready when this returns. */
    void killAndStartAgain(String role) {
        services.put(role, services.get(role).killAndStartAgain());
        awaitReady();
    }

    /** Nothing on the pipeline's queues: none waiting, in flight or given back for later. */
    boolean quiet() {
        return cloud.messagesInPipelineQueues() == 0;
    }

    /** Batches the ledger counts; -1 before the aggregator's first start has created it. */
    long ledgerRows() {
        try (java.sql.Connection c = cloud.openDatabase(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM "
                     + dev.tributary.bootstrap.faults.CheckedTables.LEDGER)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    void mark(String step) {
        timeline.put(step, (System.nanoTime() - startNanos) / 1_000_000 + " ms");
    }

    /** The template's one-off task started as {@code aws ecs run-task} with a command override starts it. */
    ChildJvm runTask(List<String> command) {
        assertThat(oneOffTasks).hasSize(1);
        return launches.task(oneOffTasks.values().iterator().next(), command);
    }

    /** S3 and SQS as the processes reach them: the local servers, or the fault proxies in front of them. */
    private Map<String, String> endpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("TRIBUTARY_SQS_ENDPOINT", (sqsProxy != null ? sqsProxy.endpoint() : cloud.sqsEndpoint)
                .toString());
        endpoints.put("TRIBUTARY_S3_ENDPOINT", (s3Proxy != null ? s3Proxy.endpoint() : cloud.s3Endpoint())
                .toString());
        endpoints.put("TRIBUTARY_S3_FORCE_PATH_STYLE", "true");
        return endpoints;
    }

    /** HTTP tasks answer their container health check's path; the others have logged that they started. */
    private void awaitReady() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (TwinFunctions.Function f : functions.started().values()) {
                f.process().requireAlive();
                if (!accepts(f.port())) {
                    return false;
                }
            }
            for (var service : services.entrySet()) {
                service.getValue().requireAlive();
                Integer port = launches.httpPort(service.getKey());
                boolean ready = port == null ? service.getValue().outputSinceStart().contains("service started")
                        : healthy(port, launches.healthPath(service.getKey()));
                if (!ready) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The twin's report (secrets read, notifications, function failures), printed and kept in its directory. */
    void report() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("secrets read: " + cloud.secrets().calls().stream().distinct().toList());
        lines.add("S3 notifications: " + cloud.notifications().delivered().size());
        cloud.notifications().delivered().forEach(n -> lines.add("  " + n));
        lines.add("function failures: " + functions.failures());
        Files.write(options.dir().resolve("report.txt"), lines);
        lines.stream().limit(20).forEach(System.out::println);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean healthy(int port, String path) throws InterruptedException {
        try {
            return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))).statusCode() == 200;
        } catch (IOException e) {
            return false;   // not listening yet
        }
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (functions != null) {
                report();
                functions.close();
            }
            for (ChildJvm service : services.values()) {
                service.close();
            }
            if (s3Proxy != null) {
                s3Proxy.close();
            }
            if (sqsProxy != null) {
                sqsProxy.close();
            }
        } finally {
            if (cloud != null) {
                cloud.close();
            }
            mark("stopped");
            System.out.println("stack twin timeline: " + timeline);
            Files.writeString(options.dir().resolve("timeline.txt"), timeline.toString());
        }
    }
}
