package dev.tributary.deploy.twin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * There is no Secrets Manager emulator here, so the twin answers the one call the services make, {@code
 * GetSecretValue}, in Secrets Manager's own protocol (AWS JSON 1.1: {@code POST /}, {@code X-Amz-Target:
 * secretsmanager.GetSecretValue}, {@code {"SecretId": …}}), with the secret string the template gives. The SDK is
 * pointed here by its standard endpoint variable ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER}). Like IAM, it refuses a
 * caller whose role the template does not grant {@code secretsmanager:GetSecretValue} on that secret: the caller's
 * access key id is its role's logical id, read from the SigV4 {@code Authorization} header. Any other call is a 400.
 */
final class SecretsManagerStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/]+)/");

    /** A secret as the twin holds it: its ARN, name and string. */
    record StoredSecret(String arn, String name, String value, String versionId) {}

    private final Map<String, StoredSecret> secrets = new ConcurrentHashMap<>();
    private final BiPredicate<String, StoredSecret> allowed;
    private final HttpServer server;
    private final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** {@code allowed}: may the role with this logical id read this secret (the template's IAM policies)? */
    SecretsManagerStandIn(BiPredicate<String, StoredSecret> allowed) throws IOException {
        this.allowed = allowed;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    StoredSecret put(String arn, String name, String value) {
        StoredSecret secret = new StoredSecret(arn, name, value, UUID.randomUUID().toString());
        secrets.put(arn, secret);
        return secret;
    }

    List<String> arns() {
        return List.copyOf(secrets.keySet());
    }

    Optional<StoredSecret> byArn(String arn) {
        return Optional.ofNullable(secrets.get(arn));
    }

    /** "role → secret name" of every GetSecretValue answered, for the test's report. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            Map<?, ?> request = JSON.readValue(exchange.getRequestBody(), Map.class);
            if (!"secretsmanager.GetSecretValue".equals(target)) {
                error(exchange, "InvalidRequestException", "the twin answers GetSecretValue only, not " + target);
                return;
            }
            String id = String.valueOf(request.get("SecretId"));
            Optional<StoredSecret> secret = secrets.values().stream()
                    .filter(s -> s.arn().equals(id) || s.name().equals(id)).findFirst();
            if (secret.isEmpty()) {
                error(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                return;
            }
            Matcher key = ACCESS_KEY.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String role = key.find() ? key.group(1) : "(unsigned)";
            if (!allowed.test(role, secret.get())) {
                error(exchange, "AccessDeniedException", role + " is not authorized to perform: "
                        + "secretsmanager:GetSecretValue on resource: " + id);
                return;
            }
            calls.add(role + " → " + secret.get().name());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("ARN", secret.get().arn());
            answer.put("Name", secret.get().name());
            answer.put("VersionId", secret.get().versionId());
            answer.put("SecretString", secret.get().value());
            answer.put("VersionStages", List.of("AWSCURRENT"));
            answer.put("CreatedDate", System.currentTimeMillis() / 1000.0);
            send(exchange, 200, answer);
        }
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        send(exchange, 400, Map.of("__type", type, "message", message));
    }

    private static void send(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
