package dev.tributary.bootstrap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.domain.access.Right;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tributary redrive …}: sends what the pipeline set aside through it again, via a running Tributary's API. */
@Command(name = "redrive", mixinStandardHelpOptions = true, subcommands = {RedriveCommand.DeadLetters.class, RedriveQuarantineCommand.class},
        description = "Send set-aside messages through the pipeline again (idempotent: a batch counts once).")
class RedriveCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * {@code tributary redrive dead-letters}: one API call per step, in pipeline order, each printed as it completes,
     * so a long redrive shows where it is.
     */
    @Command(name = "dead-letters", mixinStandardHelpOptions = true,
            description = "Put the messages a step gave up on back on its queue, once what made them fail is fixed.")
    static class DeadLetters implements Callable<Integer> {
        static final List<String> STEPS = List.of("write_raw", "transform", "stage", "aggregate");

        @Option(names = "--stage", description = "Only this step: write_raw, transform, stage or aggregate (default: every step).")
        String stage;

        @Option(names = "--source", description = "Only this source's dead letters (default: every source).")
        String source;

        @Mixin
        ApiOptions api;

        @Inject
        LocalKeyFiles keys;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintStream out = System.out;
            HttpClient http = HttpClient.newHttpClient();
            List<String> steps = stage == null ? STEPS : List.of(stage);
            long total = 0;
            for (int i = 0; i < steps.size(); i++) {
                String step = steps.get(i);
                HttpResponse<String> response = http.send(request(step), HttpResponse.BodyHandlers.ofString());
                JsonNode body = new ObjectMapper().readTree(response.body());
                String progress = ProgressBar.of(i + 1, steps.size()) + " " + step + ": ";
                if (response.statusCode() == 400 && stage == null && "unknown-stage".equals(type(body))) {
                    out.println(progress + "no queue in this deployment");
                    continue;
                }
                if (response.statusCode() == 401 || response.statusCode() == 403) {
                    System.err.println(ApiOptions.refusedKey(body, Right.OPERATOR));
                    return CliErrors.BAD_INPUT;
                }
                if (response.statusCode() != 200) {
                    System.err.println(body.path("detail").asText("The pipeline answered " + response.statusCode() + "."));
                    return CliErrors.FAILED;
                }
                long moved = body.path("moved").asLong();
                total += moved;
                out.println(progress + moved + (moved == 1 ? " dead letter" : " dead letters") + " sent again");
            }
            out.println(total + " sent again in all" + (source == null ? "" : " for " + source)
                    + "; the ledger counts each batch once however often it is sent.");
            return 0;
        }

        private HttpRequest request(String step) {
            String query = "?stage=" + enc(step) + (source == null ? "" : "&source=" + enc(source));
            return api.request("/api/dead-letters/redrive" + query, Right.OPERATOR, keys)
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
        }

        private static String type(JsonNode problem) {
            String type = problem.path("type").asText("");
            return type.substring(type.lastIndexOf('/') + 1);
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
