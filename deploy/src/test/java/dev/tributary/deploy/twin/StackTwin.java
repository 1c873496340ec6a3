package dev.tributary.deploy.twin;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.deploy.StackInputs;
import dev.tributary.deploy.TestStacks;
import dev.tributary.deploy.TributaryStack;
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
import java.util.Optional;
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
 * filter or queue in the stack fails the twin.
 * <p>
 * The twin's only additions to what the template gives a process are {@link #SERVICE_ADDITIONS} and
 * {@link #FUNCTION_ADDITIONS} (endpoints of the local servers, fake credentials, the HTTP port on a shared host, the
 * variables the Lambda service sets), and the image's data directory moved into target/. The access keys are NOT
 * opened: there is no Secrets Manager emulator, so {@link SecretsManagerStandIn} answers {@code GetSecretValue} with
 * the template's own secret string, and only to the roles the template's IAM policies allow.
 * <p>
 * With {@link Options#faultProxies}, the services and functions reach S3 and SQS through a {@link FaultProxy} each, and
 * any process may be killed and started again ({@link #killAndStartAgain}), for the fault suite.
 */
final class StackTwin implements AutoCloseable {
    /** Added to every ECS task's environment (names only; values are the local servers and the task role). */
    static final Set<String> SERVICE_ADDITIONS = Set.of("TRIBUTARY_SQS_ENDPOINT", "TRIBUTARY_S3_ENDPOINT",
            "TRIBUTARY_S3_FORCE_PATH_STYLE", "AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "PORT");
    /** Added to every function's environment: the twin's endpoints, and what the Lambda service sets itself. */
    static final Set<String> FUNCTION_ADDITIONS = Set.of("TRIBUTARY_SQS_ENDPOINT", "TRIBUTARY_S3_ENDPOINT",
            "TRIBUTARY_S3_FORCE_PATH_STYLE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "_HANDLER", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY");
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
    private DockerImage image;
    private Path jar;
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
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

        for (String function : triggeredFunctions()) {
            startFunction(function, jar);
        }
        image = DockerImage.read(Path.of("Dockerfile"));
        this.jar = jar;
        Set<String> serviceTasks = serviceTasks();
        template.resources("AWS::ECS::TaskDefinition").forEach((id, p) -> {
            if (serviceTasks.contains(id)) {
                startTask(p, image, jar);
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
        return URI.create("http://127.0.0.1:" + httpPorts.get(role));
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

    // --- starting the template's processes ----------------------------------------------------------------------

    /** Functions an event source mapping of the template invokes (bucket notifications go to queues only). */
    private Set<String> triggeredFunctions() {
        Set<String> ids = new LinkedHashSet<>();
        template.resources("AWS::Lambda::EventSourceMapping").values()
                .forEach(p -> ids.add(template.resolve(p.get("FunctionName")).split(":")[0]));
        return ids;
    }

    @SuppressWarnings("unchecked")
    private void startFunction(String id, Path jar) {
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
        functions.start(id, env, classPath, options.dir(), TwinCloud.freePort());
    }

    /**
     * An ECS task: the image's entry point with the container's {@code Command}; the image's ENV, then the
     * container's {@code Environment} and {@code Secrets}, then the twin's additions (which may not hide any of them).
     */
    private void startTask(Map<String, Object> p, DockerImage image, Path jar) {
        ChildJvm task = task(p, image, jar, null);
        services.put(task.name.substring("ecs-".length()), task);
    }

    /** The task definitions an ECS service runs; the others are one-off tasks (run-task). */
    private Set<String> serviceTasks() {
        Set<String> ids = new LinkedHashSet<>();
        template.resources("AWS::ECS::Service").values().forEach(p -> ids.add(CloudFormation.target(
                p.get("TaskDefinition"))));
        return ids;
    }

    /** The template's one-off task started as {@code aws ecs run-task} with a command override starts it. */
    ChildJvm runTask(List<String> command) {
        assertThat(oneOffTasks).hasSize(1);
        return task(oneOffTasks.values().iterator().next(), image, jar, command);
    }

    @SuppressWarnings("unchecked")
    private ChildJvm task(Map<String, Object> p, DockerImage image, Path jar, List<String> commandOverride) {
        List<Map<String, Object>> containers = (List<Map<String, Object>>) p.get("ContainerDefinitions");
        assertThat(containers).hasSize(1);
        Map<String, Object> container = containers.get(0);
        String role = (String) container.get("Name");
        Path workDir = options.dir().resolve(role).toAbsolutePath();

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

    private static void addWithoutHiding(Map<String, String> env, Map<String, String> added, String who) {
        assertThat(env).as("the twin's additions would hide a value the template gives " + who)
                .doesNotContainKeys(added.keySet().toArray(String[]::new));
        env.putAll(added);
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
                Integer port = httpPorts.get(service.getKey());
                boolean ready = port == null ? service.getValue().outputSinceStart().contains("service started")
                        : healthy(port, healthPath(service.getKey()));
                if (!ready) {
                    return false;
                }
            }
            return true;
        });
    }

    @SuppressWarnings("unchecked")
    private String healthPath(String role) {
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

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
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
