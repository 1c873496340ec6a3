package dev.tributary.bootstrap.cli;

import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tributary}: the single jar's entry point. */
@Command(name = "tributary", mixinStandardHelpOptions = true, version = "tributary 0.1.0",
        description = "Data-lake ingestion pipeline: ingest API, durable queue, raw/transformed/staged lake, "
                + "exactly-once aggregates in PostgreSQL.",
        subcommands = {RunCommand.class, ServeCommand.class, DemoCommand.class, QueryCommand.class, SourcesCommand.class,
                KeysCommand.class, RedriveCommand.class, ReplayCommand.class})
public class TributaryCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show the stack trace when a command fails.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line in a fresh application context (environment {@code cli}, plus MICRONAUT_ENVIRONMENTS). */
    public static int execute(String... args) {
        try (ApplicationContext context = ApplicationContext.builder(TributaryCommand.class, Environment.CLI).start()) {
            return new CommandLine(TributaryCommand.class, new MicronautFactory(context))
                    .setExecutionExceptionHandler(new CliErrors()).setParameterExceptionHandler(new CliErrors())
                    .execute(args);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
