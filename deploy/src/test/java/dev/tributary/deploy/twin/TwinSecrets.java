package dev.tributary.deploy.twin;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template's secrets in the twin: each {@code AWS::SecretsManager::Secret} with its given {@code SecretString} or
 * one generated as its {@code GenerateSecretString} describes, served by a {@link SecretsManagerStandIn} that answers
 * only the roles the template's IAM policies allow; and the two ways a template reads a secret itself: an ECS
 * container's {@code Secrets} ({@link #ecsSecret}) and a {@code {{resolve:secretsmanager:…}}} dynamic reference
 * ({@link #dynamicReference}, the database's master password).
 */
@SuppressWarnings("unchecked")
final class TwinSecrets implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DYNAMIC_SECRET = Pattern.compile(
            "\\{\\{resolve:secretsmanager:(arn:[^}]+?):SecretString:([^:}]+)::}}");

    private final SecretsManagerStandIn standIn;

    TwinSecrets(CloudFormation template, String region, String account) throws IOException {
        standIn = new SecretsManagerStandIn((role, secret) -> mayRead(template, role, secret));
        for (var secret : template.resources("AWS::SecretsManager::Secret").entrySet()) {
            String id = secret.getKey();
            String arn = "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + id + "-Tw1n00";
            standIn.put(arn, id, value(template, secret.getValue()));
            template.defineRef(id, arn);
        }
        // a target attachment's Ref is its secret's ARN
        template.resources("AWS::SecretsManager::SecretTargetAttachment").forEach((id, p) ->
                template.defineRef(id, template.resolve(p.get("SecretId"))));
    }

    /** Where the services' Secrets Manager client is pointed ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER}). */
    URI endpoint() {
        return standIn.endpoint();
    }

    /** "role secret" of every {@code GetSecretValue} call, allowed or not. */
    List<String> calls() {
        return standIn.calls();
    }

    /** {@code {{resolve:secretsmanager:<arn>:SecretString:<key>::}}}, as CloudFormation resolves it. */
    String dynamicReference(String reference) {
        Matcher m = DYNAMIC_SECRET.matcher(reference);
        if (!m.matches()) {
            throw new IllegalStateException("the twin reads only secretsmanager dynamic references: " + reference);
        }
        return jsonField(m.group(1), m.group(2));
    }

    /** An ECS secret's {@code ValueFrom}: {@code <secret arn>[:<json key>:<version stage>:<version id>]}. */
    String ecsSecret(String valueFrom) {
        for (String arn : standIn.arns()) {
            if (valueFrom.equals(arn)) {
                return standIn.byArn(arn).orElseThrow().value();
            }
            if (valueFrom.startsWith(arn + ":")) {
                String[] rest = valueFrom.substring(arn.length() + 1).split(":", -1);
                if (rest.length != 3 || !rest[1].isEmpty() || !rest[2].isEmpty()) {
                    throw new IllegalStateException("the twin reads the current version only: " + valueFrom);
                }
                return rest[0].isEmpty() ? standIn.byArn(arn).orElseThrow().value() : jsonField(arn, rest[0]);
            }
        }
        throw new IllegalStateException("no secret for ECS ValueFrom " + valueFrom);
    }

    /** A given {@code SecretString}, or one generated as {@code GenerateSecretString} describes it. */
    private static String value(CloudFormation template, Map<String, Object> p) {
        if (p.containsKey("SecretString")) {
            return template.resolve(p.get("SecretString"));
        }
        Map<String, Object> generate = (Map<String, Object>) p.get("GenerateSecretString");
        try {
            Map<String, Object> json = new LinkedHashMap<>(JSON.readValue(
                    String.valueOf(generate.getOrDefault("SecretStringTemplate", "{}")), Map.class));
            json.put(String.valueOf(generate.get("GenerateStringKey")), password(
                    Integer.parseInt(String.valueOf(generate.getOrDefault("PasswordLength", 32))),
                    String.valueOf(generate.getOrDefault("ExcludeCharacters", ""))));
            return JSON.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String jsonField(String arn, String key) {
        String value = standIn.byArn(arn).orElseThrow(() -> new IllegalStateException("no secret " + arn)).value();
        try {
            Object field = JSON.readValue(value, Map.class).get(key);
            if (field == null) {
                throw new IllegalStateException("secret " + arn + " has no key " + key);
            }
            return field.toString();
        } catch (IOException e) {
            throw new IllegalStateException("secret " + arn + " is no JSON", e);
        }
    }

    /** IAM as the template says: an allow statement of a policy on the role, with the action on the secret. */
    private static boolean mayRead(CloudFormation template, String role, SecretsManagerStandIn.StoredSecret secret) {
        for (Map<String, Object> policy : template.resources("AWS::IAM::Policy").values()) {
            boolean onRole = ((List<Object>) policy.get("Roles")).stream()
                    .anyMatch(r -> role.equals(CloudFormation.target(r)));
            if (!onRole) {
                continue;
            }
            Map<String, Object> document = (Map<String, Object>) policy.get("PolicyDocument");
            for (Map<String, Object> statement : (List<Map<String, Object>>) document.get("Statement")) {
                List<Object> actions = statement.get("Action") instanceof List<?> l ? (List<Object>) l
                        : List.of(statement.get("Action"));
                List<Object> resources = statement.get("Resource") instanceof List<?> l ? (List<Object>) l
                        : List.of(statement.get("Resource"));
                if ("Allow".equals(statement.get("Effect"))
                        && actions.stream().anyMatch(a -> a.equals("secretsmanager:GetSecretValue"))
                        && resources.stream().anyMatch(r -> secret.arn().equals(safeResolve(template, r)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String safeResolve(CloudFormation template, Object value) {
        try {
            return template.resolve(value);
        } catch (IllegalStateException e) {
            return null;   // a resource of another kind (a log group, a repository): not this secret
        }
    }

    private static String password(int length, String exclude) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.,=^";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        while (password.length() < length) {
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            if (exclude.indexOf(c) < 0) {
                password.append(c);
            }
        }
        return password.toString();
    }

    @Override
    public void close() {
        standIn.close();
    }
}
