package dev.tributary.deploy.twin;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.deploy.TestStacks;
import dev.tributary.deploy.TributaryStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * logical id ({@link CloudFormation}). S3 notifications follow the template's filters; the raw writer is fed by its
 * event-source mapping with the mapping's batch size. Nothing in the wiring is restated here: a wrong variable name,
 * filter or queue in the stack fails this test.
 * <p>
 * The twin's only additions to what the template gives a process are {@link #SERVICE_ADDITIONS} and
 * {@link #FUNCTION_ADDITIONS} (endpoints of the local servers, fake credentials, the HTTP port on a shared host, the
 * variables the Lambda service sets), and the image's data directory moved into target/. The access keys are NOT
 * opened: there is no Secrets Manager emulator, so {@link SecretsManagerStandIn} answers {@code GetSecretValue} with
 * the template's own secret string, and only to the roles the template's IAM policies allow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackTwinIT {
    /** Test-only keys; their digests are the fixture src/test/resources/access-keys.txt, the secret's value. */
    static final String INGEST_KEY = "trb_twin-ingest-orders-test-only";
    static final String READ_KEY = "trb_twin-read-test-only";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Path.of("target", "twin");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Added to every ECS task's environment (names only; values are the local servers and the task role). */
    static final Set<String> SERVICE_ADDITIONS = Set.of("TRIBUTARY_SQS_ENDPOINT", "TRIBUTARY_S3_ENDPOINT",
            "TRIBUTARY_S3_FORCE_PATH_STYLE", "AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "PORT");
    /** Added to every function's environment: the twin's endpoints, and what the Lambda service sets itself. */
    static final Set<String> FUNCTION_ADDITIONS = Set.of("TRIBUTARY_SQS_ENDPOINT", "TRIBUTARY_S3_ENDPOINT",
            "TRIBUTARY_S3_FORCE_PATH_STYLE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "_HANDLER", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY");

    private static final Map<String, String> TIMELINE = new LinkedHashMap<>();
    private static long startNanos;
    private static TwinCloud cloud;
    private static CloudFormation template;
    private static TwinFunctions functions;
    private static final Map<String, ChildJvm> services = new LinkedHashMap<>();
    private static final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private static final Map<String, Map<String, Object>> oneOffTasks = new LinkedHashMap<>();
    private static DockerImage image;
    private static Path jar;

    @BeforeAll
    static void startTwin() throws Exception {
        startNanos = System.nanoTime();
        Path jar = TestStacks.shadedJar().toAbsolutePath().normalize();
        assertThat(jar).as("the twin runs the shaded jar: build with ./mvnw -B -pl deploy -am verify").isRegularFile();
        deleteRecursively(DIR);
        Files.createDirectories(DIR);

        CompletableFuture<TwinCloud> servers = CompletableFuture.supplyAsync(() -> new TwinCloud(TestStacks.REGION,
                DIR));
        TributaryStack stack = TestStacks.stack("cdk.out-twin", TestStacks.inputs(jar));
        Map<String, Object> json = Template.fromStack(stack).toJSON();
        Files.writeString(DIR.resolve("template.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        mark("synthesized");
        cloud = servers.join();
        template = new CloudFormation(json, TestStacks.REGION, TwinCloud.ACCOUNT);
        functions = new TwinFunctions(template, cloud.sqs, TestStacks.REGION);
        cloud.build(template, functions);
        mark("local resources created");

        for (String function : triggeredFunctions()) {
            startFunction(function, jar);
        }
        DockerImage image = DockerImage.read(Path.of("Dockerfile"));
        Set<String> serviceTasks = serviceTasks();
        template.resources("AWS::ECS::TaskDefinition").forEach((id, p) -> {
            if (serviceTasks.contains(id)) {
                startTask(id, p, image, jar);
            } else {
                oneOffTasks.put(id, p);     // started by run-task, not by a service: see the replay test
            }
        });
        StackTwinIT.image = image;
        StackTwinIT.jar = jar;
        awaitReady();
        functions.startEventSourceMappings(cloud.queueUrlsByArn);
        mark("processes ready");
    }

    @AfterAll
    static void stopTwin() throws Exception {
        try {
            if (functions != null) {
                report();
            }
            if (functions != null) {
                functions.close();
            }
            for (ChildJvm service : services.values()) {
                service.close();
            }
        } finally {
            if (cloud != null) {
                cloud.close();
            }
            mark("stopped");
            System.out.println("stack twin timeline: " + TIMELINE);
            Files.writeString(DIR.resolve("timeline.txt"), TIMELINE.toString());
        }
    }

    @Test
    @Order(1)
    void ordersPostedToTheIngestServiceAreAggregatedAndReadBackThroughTheClientService() throws Exception {
        URI ingest = URI.create("http://127.0.0.1:" + httpPorts.get("ingest") + "/ingest/orders");
        URI aggregates = URI.create("http://127.0.0.1:" + httpPorts.get("client")
                + "/api/aggregates/orders/orders_per_minute");
        String orders = orders();

        HttpResponse<String> withoutKey = send(HttpRequest.newBuilder(ingest).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(orders)));
        HttpResponse<String> accepted = send(HttpRequest.newBuilder(ingest).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + INGEST_KEY).POST(HttpRequest.BodyPublishers.ofString(orders)));
        mark("posted");
        List<JsonNode> rows = new ArrayList<>();
        int[] ordersColumn = {-1};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            services.values().forEach(ChildJvm::requireAlive);
            HttpResponse<String> read = send(HttpRequest.newBuilder(aggregates)
                    .header("Authorization", "Bearer " + READ_KEY).GET());
            rows.clear();
            if (read.statusCode() == 200) {
                JsonNode table = JSON.readTree(read.body());
                ordersColumn[0] = columns(table).indexOf("orders");
                table.path("rows").forEach(rows::add);
            }
            return rows.stream().mapToLong(r -> r.get(ordersColumn[0]).asLong()).sum() == 5;
        });
        mark("aggregated and read back");
        HttpResponse<String> readWithIngestKey = send(HttpRequest.newBuilder(aggregates)
                .header("Authorization", "Bearer " + INGEST_KEY).GET());

        assertThat(withoutKey.statusCode()).as("closed by default").isEqualTo(401);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(rows).hasSize(2);   // 10:01 and 10:02; the sixth order is quarantined (bad id)
        assertThat(readWithIngestKey.statusCode()).isEqualTo(403);
        assertThat(functions.failures()).isEmpty();
        assertThat(cloud.secrets().calls()).anyMatch(c -> c.startsWith(taskRole("ingest")))
                .anyMatch(c -> c.startsWith(taskRole("client")))
                .noneMatch(c -> c.startsWith(taskRole("aggregator")));
    }

    /**
     * Issue 14: the replay task, started as {@code aws ecs run-task} with the command override the stack's output
     * prints, recomputes the orders from the twin's S3 and PostgreSQL with its own role's grants, and exits 0.
     */
    @Test
    @Order(2)
    void theReplayTaskRunsOnceAsRunTaskStartsItAndEnds() throws Exception {
        assertThat(oneOffTasks).hasSize(1);
        var replay = oneOffTasks.entrySet().iterator().next();

        ChildJvm task = task(replay.getKey(), replay.getValue(), image, jar,
                List.of("replay", "--in-process", "--source", "orders"));
        int exit = task.awaitExit(Duration.ofSeconds(120));
        mark("replay task ended");

        assertThat(exit).as(task.tail(60)).isZero();
        assertThat(task.tail(60)).contains("Replayed 1 batches (0 transformed and staged again",
                "orders_per_minute: 2 rows before, 2 after; 0 changed, 0 added, 0 removed");
    }

    // --- starting the template's processes ----------------------------------------------------------------------

    /** Functions a trigger in the template names: event-source mappings and bucket notifications. */
    @SuppressWarnings("unchecked")
    private static Set<String> triggeredFunctions() {
        Set<String> ids = new LinkedHashSet<>();
        template.resources("AWS::Lambda::EventSourceMapping").values()
                .forEach(p -> ids.add(template.resolve(p.get("FunctionName")).split(":")[0]));
        template.resources("Custom::S3BucketNotifications").values().forEach(p -> ((List<Map<String, Object>>)
                ((Map<String, Object>) p.get("NotificationConfiguration")).getOrDefault("LambdaFunctionConfigurations",
                        List.of())).forEach(c -> ids.add(template.resolve(c.get("LambdaFunctionArn")).split(":")[6])));
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static void startFunction(String id, Path jar) {
        Map<String, Object> p = template.properties(id);
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) ((Map<String, Object>) p.getOrDefault("Environment", Map.of()))
                .getOrDefault("Variables", Map.of())).forEach((name, value) -> env.put(name, template.resolve(value)));
        Map<String, String> added = new LinkedHashMap<>(endpoints());
        added.put("AWS_REGION", TestStacks.REGION);
        added.put("AWS_DEFAULT_REGION", TestStacks.REGION);
        added.put("AWS_LAMBDA_FUNCTION_NAME", id);
        added.put("AWS_LAMBDA_FUNCTION_VERSION", "live");
        added.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(p.getOrDefault("MemorySize", 128)));
        added.put("_HANDLER", (String) p.get("Handler"));
        added.put("AWS_ACCESS_KEY_ID", CloudFormation.target(p.get("Role")));
        // Lambda also sets AWS_SESSION_TOKEN (role credentials are temporary); S3Proxy refuses x-amz-security-token
        added.put("AWS_SECRET_ACCESS_KEY", "twin");
        assertThat(added.keySet()).isEqualTo(FUNCTION_ADDITIONS);
        addWithoutHiding(env, added, id);
        List<String> classPath = List.of(jar.toString(), location(LambdaEventSerializers.class),
                location(LambdaRuntime.class));
        functions.start(id, env, classPath, DIR, TwinCloud.freePort());
    }

    /**
     * An ECS task: the image's entry point with the container's {@code Command}; the image's ENV, then the
     * container's {@code Environment} and {@code Secrets}, then the twin's additions (which may not hide any of them).
     */
    @SuppressWarnings("unchecked")
    private static void startTask(String id, Map<String, Object> p, DockerImage image, Path jar) {
        String role = (String) ((List<Map<String, Object>>) p.get("ContainerDefinitions")).get(0).get("Name");
        services.put(role, task(id, p, image, jar, null));
    }

    /** The task definitions an ECS service runs; the others are one-off tasks (run-task). */
    @SuppressWarnings("unchecked")
    private static Set<String> serviceTasks() {
        Set<String> ids = new LinkedHashSet<>();
        template.resources("AWS::ECS::Service").values().forEach(p -> ids.add(CloudFormation.target(
                p.get("TaskDefinition"))));
        return ids;
    }

    /** A task's process as ECS starts it; {@code commandOverride} as run-task's containerOverrides gives one. */
    @SuppressWarnings("unchecked")
    private static ChildJvm task(String id, Map<String, Object> p, DockerImage image, Path jar,
                                 List<String> commandOverride) {
        List<Map<String, Object>> containers = (List<Map<String, Object>>) p.get("ContainerDefinitions");
        assertThat(containers).as(id).hasSize(1);
        Map<String, Object> container = containers.get(0);
        String role = (String) container.get("Name");
        Path workDir = DIR.resolve(role).toAbsolutePath();

        Map<String, String> env = new LinkedHashMap<>(image.environment());
        env.computeIfPresent("TRIBUTARY_DATA_DIR", (k, v) -> workDir.resolve("data").toString());
        ((List<Map<String, Object>>) container.getOrDefault("Environment", List.of()))
                .forEach(e -> env.put((String) e.get("Name"), template.resolve(e.get("Value"))));
        ((List<Map<String, Object>>) container.getOrDefault("Secrets", List.of()))
                .forEach(s -> env.put((String) s.get("Name"), cloud.ecsSecret(template.resolve(s.get("ValueFrom")))));
        Map<String, String> added = new LinkedHashMap<>(endpoints());
        added.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", cloud.secretsEndpoint().toString());
        added.put("AWS_ACCESS_KEY_ID", CloudFormation.target(p.get("TaskRoleArn")));
        added.put("AWS_SECRET_ACCESS_KEY", "twin");
        boolean http = !((List<?>) container.getOrDefault("PortMappings", List.of())).isEmpty();
        if (http) {
            int port = TwinCloud.freePort();   // one host for all tasks: each HTTP task gets its own port
            added.put("PORT", Integer.toString(port));
            httpPorts.put(role, port);
        }
        assertThat(SERVICE_ADDITIONS).containsAll(added.keySet());
        addWithoutHiding(env, added, role);

        List<String> command = new ArrayList<>();
        for (String part : image.entryPoint()) {
            command.add(part.equals("java") ? ChildJvm.JAVA : part.equals(image.workDir() + "/tributary.jar")
                    ? jar.toString() : part);
        }
        command.add(1, "-XX:MaxRAM=" + template.resolve(p.get("Memory")) + "m");   // the task's memory limit
        command.addAll(commandOverride != null ? commandOverride : (List<String>) container.get("Command"));
        return ChildJvm.start("ecs-" + role, command, env, workDir);
    }

    private static Map<String, String> endpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("TRIBUTARY_SQS_ENDPOINT", cloud.sqsEndpoint.toString());
        endpoints.put("TRIBUTARY_S3_ENDPOINT", cloud.s3Endpoint().toString());
        endpoints.put("TRIBUTARY_S3_FORCE_PATH_STYLE", "true");
        return endpoints;
    }

    private static void addWithoutHiding(Map<String, String> env, Map<String, String> added, String who) {
        assertThat(env).as("the twin's additions would hide a value the template gives " + who)
                .doesNotContainKeys(added.keySet().toArray(String[]::new));
        env.putAll(added);
    }

    /** HTTP tasks answer their container health check's path; the others have logged that they started. */
    private static void awaitReady() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (TwinFunctions.Function f : functions.started().values()) {
                f.process().requireAlive();
                if (!accepts(f.port())) {
                    return false;
                }
            }
            for (var service : services.entrySet()) {
                service.getValue().requireAlive();
                Integer port = httpPorts.get(service.getKey());
                boolean ready = port == null ? service.getValue().tail(200).contains("service started")
                        : healthy(port, healthPath(service.getKey()));
                if (!ready) {
                    return false;
                }
            }
            return true;
        });
    }

    @SuppressWarnings("unchecked")
    private static String healthPath(String role) {
        for (Map<String, Object> task : template.resources("AWS::ECS::TaskDefinition").values()) {
            Map<String, Object> c = ((List<Map<String, Object>>) task.get("ContainerDefinitions")).get(0);
            if (role.equals(c.get("Name"))) {
                Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:\\d+(/\\S*)").matcher(String.valueOf(
                        ((Map<String, Object>) c.get("HealthCheck")).get("Command")));
                return m.find() ? m.group(1) : "/health";
            }
        }
        throw new IllegalStateException("no task " + role);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** Six orders over two minutes; the last has an id the source's rules reject (it goes to quarantine). */
    private static String orders() {
        List<String> orders = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            orders.add("""
                    {"order_id":"%s","customer":{"id":"c%d"},"shipping":{"country":"de"},"items":%d,\
                    "amount_cents":%d,"ordered_at":"2026-11-24T10:0%d:%02dZ"}"""
                    .formatted(i == 6 ? "not-an-order" : "ORD-%06d".formatted(i), i % 3, i, 1000 + i * 99,
                            i <= 3 ? 1 : 2, i * 7));
        }
        return "[" + String.join(",", orders) + "]";
    }

    private static List<String> columns(JsonNode table) {
        List<String> columns = new ArrayList<>();
        table.path("columns").forEach(c -> columns.add(c.asText()));
        return columns;
    }

    private static String taskRole(String role) {
        return services.get(role).environment.get("AWS_ACCESS_KEY_ID");
    }

    private static void report() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("secrets read: " + cloud.secrets().calls().stream().distinct().toList());
        lines.add("S3 notifications: " + cloud.notifications().delivered().size());
        cloud.notifications().delivered().forEach(n -> lines.add("  " + n));
        lines.add("function failures: " + functions.failures());
        Files.write(DIR.resolve("report.txt"), lines);
        lines.forEach(System.out::println);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
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

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void mark(String step) {
        TIMELINE.put(step, (System.nanoTime() - startNanos) / 1_000_000 + " ms");
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
}
