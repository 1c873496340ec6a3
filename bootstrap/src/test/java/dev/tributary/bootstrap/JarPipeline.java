package dev.tributary.bootstrap;

import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.SourceName;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The single jar ({@code tributary.jar run --no-demo}) as a process of its own on one data directory and fixed ports,
 * for the tests that kill it with SIGKILL and start it again: each start waits for {@code /health}; the keys its first
 * start created are read as a producer or operator on the machine would; {@link #close} stops whatever still runs.
 */
final class JarPipeline implements AutoCloseable {
    private static final Path JAR = Path.of("target/tributary.jar").toAbsolutePath();

    private final Path data;
    private final Map<String, String> properties;
    private final int httpPort = freePort();
    private final int dbPort = freePort();
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** {@code properties}: system properties for every start, besides ports and data directory. */
    JarPipeline(Path data, Map<String, String> properties) {
        this.data = data;
        this.properties = Map.copyOf(properties);
    }

    /** Starts the jar (logging to {@code <data>/<log>}) and waits until it answers {@code /health}. */
    Process start(String log) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Dmicronaut.server.port=" + httpPort,
                "-Dtributary.database.embedded-port=" + dbPort, "-Dtributary.storage.data-directory=" + data));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", JAR.toString(), "run", "--no-demo"));
        Path logFile = data.resolve(log);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        processes.add(p);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> healthy(p, logFile));
        return p;
    }

    private boolean healthy(Process p, Path log) throws IOException {
        if (!p.isAlive()) {
            throw new IllegalStateException("tributary exited with " + p.exitValue() + ":\n" + Files.readString(log));
        }
        try {
            return http.send(HttpRequest.newBuilder(url("/health")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    URI url(String path) {
        return URI.create("http://localhost:" + httpPort + path);
    }

    /** A key the first start created under the data directory. */
    String key(Right right, Optional<SourceName> source) {
        return new LocalKeyFiles(data.resolve("keys").resolve(LocalKeyFiles.ACCESS_KEYS), Clock.systemUTC())
                .keyFor(right, source).orElseThrow();
    }

    /** The embedded PostgreSQL the jar runs (trust login as {@code postgres}). */
    Connection db() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/tributary", "postgres", "");
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
