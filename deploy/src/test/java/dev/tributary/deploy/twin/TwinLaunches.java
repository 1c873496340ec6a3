package dev.tributary.deploy.twin;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.tributary.deploy.TestStacks;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the twin starts each process of the template, with exactly what the template gives it: an ECS task as the
 * image's entry point with the container's {@code Command}, the image's ENV, the container's {@code Environment} and
 * {@code Secrets}; a Lambda function as {@link LambdaRuntime} with its {@code Handler} and
 * {@code Environment.Variables}. The twin's only additions are {@link #SERVICE_ADDITIONS} and
 * {@link #FUNCTION_ADDITIONS}, and they may not hide a value the template gives.
 */
final class TwinLaunches {
    /** Added to every ECS task's environment (names only; values are the local servers and the task role). */
    static final Set<String> SERVICE_ADDITIONS = Set.of("TRIBUTARY_SQS_ENDPOINT", "TRIBUTARY_S3_ENDPOINT",
            "TRIBUTARY_S3_FORCE_PATH_STYLE", "AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "PORT");
    /** Added to every function's environment: the twin's endpoints, and what the Lambda service sets itself. */
    static final Set<String> FUNCTION_ADDITIONS = Set.of("TRIBUTARY_SQS_ENDPOINT", "TRIBUTARY_S3_ENDPOINT",
            "TRIBUTARY_S3_FORCE_PATH_STYLE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "_HANDLER", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY");

    private final CloudFormation template;
    private final TwinCloud cloud;
    private final DockerImage image;
    private final Path jar;
    private final Path dir;
    /** The S3 and SQS endpoints as the processes reach them (the servers, or the fault proxies in front). */
    private final Supplier<Map<String, String>> endpoints;
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();

    TwinLaunches(CloudFormation template, TwinCloud cloud, DockerImage image, Path jar, Path dir,
                 Supplier<Map<String, String>> endpoints) {
        this.template = template;
        this.cloud = cloud;
        this.image = image;
        this.jar = jar;
        this.dir = dir;
        this.endpoints = endpoints;
    }

    /** The task definitions an ECS service runs; the others are one-off tasks (run-task). */
    Set<String> serviceTasks() {
        Set<String> ids = new LinkedHashSet<>();
        template.resources("AWS::ECS::Service").values().forEach(p -> ids.add(CloudFormation.target(
                p.get("TaskDefinition"))));
        return ids;
    }

    /** Functions an event source mapping of the template invokes (bucket notifications go to queues only). */
    Set<String> triggeredFunctions() {
        Set<String> ids = new LinkedHashSet<>();
        template.resources("AWS::Lambda::EventSourceMapping").values()
                .forEach(p -> ids.add(template.resolve(p.get("FunctionName")).split(":")[0]));
        return ids;
    }

    /** The HTTP port of an ECS task that has a port mapping, or null. */
    Integer httpPort(String role) {
        return httpPorts.get(role);
    }

    /** The function {@code id} started in {@code functions} on a port of its own. */
    @SuppressWarnings("unchecked")
    void startFunction(TwinFunctions functions, String id) {
        Map<String, Object> p = template.properties(id);
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) ((Map<String, Object>) p.getOrDefault("Environment", Map.of()))
                .getOrDefault("Variables", Map.of())).forEach((name, value) -> env.put(name, template.resolve(value)));
        Map<String, String> added = new LinkedHashMap<>(endpoints.get());
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
        functions.start(id, env, classPath, dir, TwinCloud.freePort());
    }

    /**
     * An ECS task of the task definition {@code p}: the image's entry point with the container's {@code Command}, or
     * {@code commandOverride} as run-task's container override gives it.
     */
    @SuppressWarnings("unchecked")
    ChildJvm task(Map<String, Object> p, List<String> commandOverride) {
        List<Map<String, Object>> containers = (List<Map<String, Object>>) p.get("ContainerDefinitions");
        assertThat(containers).hasSize(1);
        Map<String, Object> container = containers.get(0);
        String role = (String) container.get("Name");
        Path workDir = dir.resolve(role).toAbsolutePath();

        Map<String, String> env = new LinkedHashMap<>(image.environment());
        env.computeIfPresent("TRIBUTARY_DATA_DIR", (k, v) -> workDir.resolve("data").toString());
        ((List<Map<String, Object>>) container.getOrDefault("Environment", List.of()))
                .forEach(e -> env.put((String) e.get("Name"), template.resolve(e.get("Value"))));
        ((List<Map<String, Object>>) container.getOrDefault("Secrets", List.of()))
                .forEach(s -> env.put((String) s.get("Name"), cloud.secrets().ecsSecret(template.resolve(s.get("ValueFrom")))));
        Map<String, String> added = new LinkedHashMap<>(endpoints.get());
        added.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", cloud.secrets().endpoint().toString());
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

    /** The path of the HTTP task's container health check ({@code /health} when it names none). */
    @SuppressWarnings("unchecked")
    String healthPath(String role) {
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

    private static void addWithoutHiding(Map<String, String> env, Map<String, String> added, String who) {
        assertThat(env).as("the twin's additions would hide a value the template gives " + who)
                .doesNotContainKeys(added.keySet().toArray(String[]::new));
        env.putAll(added);
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
