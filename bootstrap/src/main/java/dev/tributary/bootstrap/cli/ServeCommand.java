package dev.tributary.bootstrap.cli;

import dev.tributary.bootstrap.runtime.AggregateTables;
import dev.tributary.bootstrap.runtime.AggregatorPool;
import dev.tributary.bootstrap.http.RoleRoutesFilter;
import dev.tributary.bootstrap.security.AccessCheck;
import dev.tributary.domain.access.Right;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tributary serve --role ingest|aggregator|client}: one role as its own service, as ECS runs it. Lifecycle:
 * start the role (ingest/client: the HTTP server; aggregator: PostgreSQL tables, then the worker pool draining the
 * staged-notice queue) → serve until SIGTERM → stop taking work, finish the message in hand, close the context.
 * In the {@code aws} environment the queues and lake are SQS and S3; elsewhere the local on-disk ones.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run one role as its own service: ingest (HTTP ingest), aggregator (staged notices → "
                + "PostgreSQL) or client (HTTP read API).")
class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    enum Role { ingest, aggregator, client }

    @Option(names = "--role", required = true, description = "One of: ${COMPLETION-CANDIDATES}.")
    Role role;

    @Inject
    ApplicationContext context;

    @Override
    public Integer call() throws InterruptedException {
        AutoCloseable running = switch (role) {
            case ingest, client -> startHttp();
            case aggregator -> startAggregators();
        };
        LOG.atInfo().addKeyValue("role", role).addKeyValue("environments", context.getEnvironment().getActiveNames())
                .log("service started");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                LOG.atWarn().addKeyValue("role", role).addKeyValue("error", e.toString()).log("stop failed");
            }
            context.close();
            stopped.countDown();
        }, "tributary-stop"));
        stopped.await();
        return 0;
    }

    private AutoCloseable startHttp() {
        context.getBean(AccessCheck.class).require(role.name(), List.of(role == Role.ingest ? Right.INGEST : Right.READ));
        if (role == Role.client) {
            context.getBean(AggregateTables.class).prepare();   // tables exist before the first read
        }
        context.getBean(RoleRoutesFilter.class).serveOnly(
                role == Role.ingest ? RoleRoutesFilter.Served.INGEST : RoleRoutesFilter.Served.CLIENT);
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        if (!server.isRunning()) {
            server.start();
        }
        System.out.printf("Tributary %s service listening on %s%n", role, server.getURI());
        return server::stop;
    }

    private AutoCloseable startAggregators() {
        context.getBean(AggregateTables.class).prepare();
        return context.getBean(AggregatorPool.class).start();
    }
}
