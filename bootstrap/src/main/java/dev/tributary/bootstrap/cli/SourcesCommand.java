package dev.tributary.bootstrap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.adapters.formats.catalog.DefinitionDiff;
import dev.tributary.adapters.formats.catalog.SourceFileValidator;
import dev.tributary.adapters.formats.catalog.SourceText;
import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.DefinitionVersion;
import dev.tributary.domain.source.SourceName;
import dev.tributary.adapters.formats.catalog.SourceProblem;
import dev.tributary.application.port.out.SourceCatalog;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tributary sources validate FILE…} and {@code tributary sources list}. */
@Command(name = "sources", mixinStandardHelpOptions = true, description = "Check and list source definitions.",
        subcommands = {SourcesCommand.Validate.class, SourcesCommand.ListSources.class})
class SourcesCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("Use 'tributary sources validate FILE...' or 'tributary sources list'.");
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Report every problem of source YAML files, each with its line (exit 1 if any); compare each "
                    + "valid file with the definition a running pipeline runs and say what a replay would recompute.")
    static class Validate implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Parameters(arity = "1..*", description = "Source YAML files")
        List<Path> files;

        @Option(names = "--no-compare", description = "Only check the files; do not ask a running pipeline.")
        boolean noCompare;

        @Mixin
        ApiOptions api;

        @Inject
        LocalKeyFiles keys;

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        @Override
        public Integer call() throws InterruptedException {
            int problems = 0;
            for (Path file : files) {
                SourceFileValidator.Checked checked = new SourceFileValidator().check(List.of(SourceText.read(file)));
                for (SourceProblem p : checked.problems()) {
                    System.out.printf("%s:%d:%d: %s%n", file, p.line(), p.column(), p.message());
                }
                if (checked.problems().isEmpty()) {
                    System.out.printf("%s: ok%n", file);
                    if (!noCompare) {
                        checked.sources().forEach(s -> compare(s.name(), checked.versions().get(s.name())));
                    }
                }
                problems += checked.problems().size();
            }
            return problems == 0 ? 0 : 1;
        }

        /** The file against the running definition; a pipeline that does not answer is said, not an error. */
        private void compare(SourceName source, DefinitionVersion file) {
            HttpResponse<String> running;
            try {
                running = http.send(api.request("/api/sources/" + source + "/definition", Right.READ, keys)
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                System.out.printf("  not compared: no pipeline answers at %s (--url; --no-compare skips this)%n",
                        api.url);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (running.statusCode() == 404) {
                System.out.printf("  %s is new: the running pipeline does not have it; it starts with its tables%n",
                        source);
                return;
            }
            if (running.statusCode() != 200) {
                System.out.printf("  not compared: the pipeline answered %d%n", running.statusCode());
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(running.body());
            } catch (IOException e) {
                System.out.println("  not compared: the pipeline's answer is not JSON");
                return;
            }
            if (body.path("version").asText().equals(file.id())) {
                System.out.printf("  the running pipeline runs this definition (version %s)%n", file.id());
                return;
            }
            DefinitionDiff diff = DefinitionDiff.between(body.path("definition").asText(), file.canonical());
            System.out.printf("  differs from the running definition (version %s -> %s):%n",
                    body.path("version").asText(), file.id());
            diff.changes().forEach(c -> System.out.println("    " + c));
            System.out.println("  " + switch (diff.scope()) {
                case NOTHING -> "a replay would recompute nothing: only how the source is described changed";
                case TABLES -> "restart with it, then './tributary replay --source " + source + " --aggregation T' for "
                        + "each of " + String.join(", ", diff.tables()) + " fills their history";
                case EVERYTHING -> "restart with it, then './tributary replay --source " + source + "' cleans every "
                        + "batch again and rebuilds " + String.join(", ", diff.tables());
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the sources this jar accepts.")
    static class ListSources implements Runnable {
        @Inject
        SourceCatalog sources;

        @Override
        public void run() {
            sources.all().forEach(s -> {
                System.out.printf("%-24s %-7s %s%n", s.name(), s.format().extension(), s.title());
                s.aggregations().forEach(a -> System.out.printf("    %-40s %s%n", a.table(), a.title()));
            });
        }
    }
}
