package dev.tributary.deploy.twin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One process of the twin (an ECS task or a Lambda function) with exactly the environment given: nothing is
 * inherited from the test's JVM. Its output goes to {@code <name>.log} in the twin's directory, which stays after the
 * run; {@link #close()} ends it (SIGTERM, as ECS stops a task, then SIGKILL after 10 s).
 */
final class ChildJvm implements AutoCloseable {
    /** The JVM running the tests: the image's and Lambda's {@code java}. */
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    final String name;
    final Map<String, String> environment;
    final Path log;
    private final Process process;

    private ChildJvm(String name, Map<String, String> environment, Path log, Process process) {
        this.name = name;
        this.environment = environment;
        this.log = log;
        this.process = process;
    }

    static ChildJvm start(String name, List<String> command, Map<String, String> environment, Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path log = workDir.getParent().resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            Files.writeString(workDir.getParent().resolve(name + ".env"), describe(command, environment));
            return new ChildJvm(name, Map.copyOf(environment), log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
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
