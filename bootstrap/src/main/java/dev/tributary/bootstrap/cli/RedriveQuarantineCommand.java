package dev.tributary.bootstrap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.domain.access.Right;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tributary redrive quarantine --source NAME [--from --to]}: sends each quarantined batch of a source received
 * in the window through the pipeline again, one API call per batch with a progress line each. Idempotent: the same
 * batch under the same rules gets the same batch id, so the ledger counts it once.
 */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = "Send a source's quarantined records through the pipeline again, once its rules are fixed.")
class RedriveQuarantineCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--source", required = true, description = "The source whose quarantined batches to send again.")
    String source;

    @Mixin
    WindowOptions window;

    @Mixin
    ApiOptions api;

    @Inject
    LocalKeyFiles keys;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Instant since = window.from().orElse(Instant.MIN);
        Instant until = window.to().orElse(Instant.MAX);
        List<String> objects = new ArrayList<>();
        String after = null;
        do {
            Answer page = send(api.request("/api/quarantine?limit=200&source=" + enc(source)
                    + (after == null ? "" : "&after=" + enc(after)), Right.OPERATOR, keys).GET());
            if (page.status() != 200) {
                return refused(page);
            }
            for (JsonNode batch : page.body().path("batches")) {
                Instant received = Instant.parse(batch.get("receivedAt").asText());
                if (!received.isBefore(since) && received.isBefore(until)) {
                    objects.add(batch.get("object").asText());
                }
            }
            after = page.body().path("next").isTextual() ? page.body().get("next").asText() : null;
        } while (after != null);
        long records = 0;
        for (int i = 0; i < objects.size(); i++) {
            String body = JSON.writeValueAsString(JsonNodeFactory.instance.objectNode().put("object", objects.get(i)));
            Answer sent = send(api.request("/api/quarantine/redrive", Right.OPERATOR, keys)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
            String progress = ProgressBar.of(i + 1, objects.size()) + " " + objects.get(i) + ": ";
            if (sent.status() == 409) {
                System.out.println(progress + "nothing to send (every record was a duplicate)");
            } else if (sent.status() != 200) {
                return refused(sent);
            } else {
                records += sent.body().get("records").asLong();
                System.out.println(progress + sent.body().get("records").asLong() + " record(s) sent again as batch "
                        + sent.body().get("batchId").asText());
            }
        }
        System.out.println(objects.size() + " quarantined batch(es) of " + source + ", " + records
                + " record(s) sent again; the ledger counts each batch once however often it is sent.");
        return 0;
    }

    record Answer(int status, JsonNode body) {}

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    /** One line for a refusal, in the API's own words; the exit code. */
    static int refused(Answer answer) {
        if (answer.status() == 401 || answer.status() == 403) {
            System.err.println(ApiOptions.refusedKey(answer.body(), Right.OPERATOR));
            return CliErrors.BAD_INPUT;
        }
        System.err.println(answer.body().path("detail").asText("The pipeline answered " + answer.status() + "."));
        return CliErrors.FAILED;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
