package dev.tributary.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM the bench starts (the jar or the ingest server), ready once its {@code /health} answers 200. */
final class ChildJvm implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private final Process process;
    private final URI base;

    private ChildJvm(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    /** Starts {@code java <jvmArgs> <mainArgs>} with output to {@code log} and waits for health on {@code port}. */
    static ChildJvm start(List<String> jvmArgs, List<String> mainArgs, int port, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(mainArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ChildJvm jvm = new ChildJvm(process, URI.create("http://127.0.0.1:" + port));
        jvm.awaitHealthy(log);
        return jvm;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    URI url(String path) {
        return base.resolve(path);
    }

    long pid() {
        return process.pid();
    }

    private void awaitHealthy(Path log) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("JVM exited with " + process.exitValue() + ", see " + log);
            }
            try {
                HttpResponse<Void> health = http.send(HttpRequest.newBuilder(url("/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("JVM not healthy within " + START_TIMEOUT + ", see " + log);
    }

    /** SIGTERM (the JVM's shutdown hooks stop the pipeline cleanly), then a kill after 60 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
