package dev.tributary.deploy.twin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One process of the twin (an ECS task or a Lambda function) with exactly the environment given: nothing is
 * inherited from the test's JVM. Its output goes to {@code <name>.log} in the twin's directory, which stays after the
 * run; {@link #close()} ends it (SIGTERM, as ECS stops a task, then SIGKILL after 10 s); {@link #killAndStartAgain()}
 * is the fault suite's crash: SIGKILL, then the same command again, its output appended to the same log.
 */
final class ChildJvm implements AutoCloseable {
    /** The JVM running the tests: the image's and Lambda's {@code java}. */
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    final String name;
    final Map<String, String> environment;
    final Path log;
    private final List<String> command;
    private final Path workDir;
    private final Process process;
    /** Where this start's output begins in the log (a restart appends). */
    private final long logStart;

    private ChildJvm(String name, List<String> command, Map<String, String> environment, Path workDir, Path log,
                     long logStart, Process process) {
        this.name = name;
        this.command = command;
        this.environment = environment;
        this.workDir = workDir;
        this.log = log;
        this.logStart = logStart;
        this.process = process;
    }

    static ChildJvm start(String name, List<String> command, Map<String, String> environment, Path workDir) {
        try {
            Files.createDirectories(workDir);
            Files.writeString(workDir.getParent().resolve(name + ".env"), describe(command, environment));
            return launch(name, List.copyOf(command), Map.copyOf(environment), workDir, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private static ChildJvm launch(String name, List<String> command, Map<String, String> environment, Path workDir,
                                   boolean append) throws IOException {
        Path log = workDir.getParent().resolve(name + ".log");
        long logStart = append && Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile())
                        : ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        return new ChildJvm(name, command, environment, workDir, log, logStart, builder.start());
    }

    /**
     * SIGKILL (no shutdown hook runs, nothing is flushed or acknowledged), then the same command in a new process,
     * as ECS replaces a task that died and Lambda starts a new execution environment.
     */
    ChildJvm killAndStartAgain() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Files.writeString(log, System.lineSeparator() + "=== twin: killed with SIGKILL, started again ==="
                    + System.lineSeparator(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            return launch(name, command, environment, workDir, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Fails with the end of its log when the process has exited, e.g. refused to start. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + "; the end of " + log + ":\n"
                    + tail(40));
        }
    }

    /** Waits for a one-off process to end; its exit code. */
    int awaitExit(java.time.Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still runs after " + limit + "; the end of " + log + ":\n" + tail(40));
        }
        return process.exitValue();
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** What this start of the process has written so far (not an earlier start's output). */
    String outputSinceStart() {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(all.length, logStart);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String describe(List<String> command, Map<String, String> environment) {
        StringBuilder text = new StringBuilder("# command\n").append(String.join(" ", command)).append("\n# environment\n");
        new TreeMap<>(environment).forEach((k, v) -> text.append(k).append('=')
                .append(k.equals("AWS_SECRET_ACCESS_KEY") || k.endsWith("PASSWORD") ? "(hidden)" : v)
                .append('\n'));
        return text.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
