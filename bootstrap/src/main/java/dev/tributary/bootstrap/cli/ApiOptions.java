package dev.tributary.bootstrap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.domain.access.Right;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * What every command that calls a running pipeline shares (a picocli mixin): where its API is, the key to send, and
 * what to say when the key is refused.
 */
final class ApiOptions {

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Tributary API root (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--key", defaultValue = "${env:TRIBUTARY_KEY}",
            description = "Key to send (default: env TRIBUTARY_KEY, else your local key of the right the command needs, "
                    + "from the data directory).")
    String key;

    /** A request to {@code pathAndQuery} carrying the given key, else the local key of {@code right}. */
    HttpRequest.Builder request(String pathAndQuery, Right right, LocalKeyFiles keys) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(pathAndQuery));
        Optional.ofNullable(key).filter(k -> !k.isBlank()).or(() -> keys.keyFor(right, Optional.empty()))
                .ifPresent(k -> request.header("Authorization", "Bearer " + k));
        return request;
    }

    /** The line for a 401 or 403: the API's own words, then where a key of {@code right} comes from. */
    static String refusedKey(JsonNode problem, Right right) {
        String article = right == Right.OPERATOR ? "an " : "a ";
        return problem.path("detail").asText("The pipeline refused the key.") + " Pass " + article + right.label()
                + " key with --key or TRIBUTARY_KEY; './tributary keys show --right " + right.label() + "' prints yours.";
    }
}
