package dev.tributary.bootstrap.cli;

import dev.tributary.adapters.formats.catalog.SourceFileValidator;
import dev.tributary.adapters.formats.catalog.SourceProblem;
import dev.tributary.application.port.out.SourceCatalog;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
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
            description = "Report every problem of source YAML files, each with its line; exit 1 if any.")
    static class Validate implements Callable<Integer> {
        @Parameters(arity = "1..*", description = "Source YAML files")
        List<Path> files;

        @Override
        public Integer call() {
            int problems = 0;
            for (Path file : files) {
                List<SourceProblem> found = new SourceFileValidator().validate(file);
                for (SourceProblem p : found) {
                    System.out.printf("%s:%d:%d: %s%n", file, p.line(), p.column(), p.message());
                }
                if (found.isEmpty()) {
                    System.out.printf("%s: ok%n", file);
                }
                problems += found.size();
            }
            return problems == 0 ? 0 : 1;
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
