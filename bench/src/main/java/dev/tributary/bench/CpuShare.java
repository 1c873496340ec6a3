package dev.tributary.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during an end-to-end window, in cores: the pipeline JVM, its embedded PostgreSQL
 * (the postmaster listening on the pipeline's database port, which {@code pg_ctl} detaches from the JVM, and its
 * backends), and the load generator (this JVM). On a 2-core machine the three share the same cores,
 * so this says how much of the box the pipeline had.
 */
record CpuShare(double pipelineCores, double postgresCores, double generatorCores) {

    /** The CPU times at the start of a window. */
    record Mark(EndToEnd.Pipeline of, long nanos, Duration pipeline, Duration postgres, Duration generator) {
        CpuShare since() {
            Mark now = mark(of);
            double seconds = (now.nanos - nanos) / 1e9;
            return new CpuShare(cores(pipeline, now.pipeline, seconds), cores(postgres, now.postgres, seconds),
                    cores(generator, now.generator, seconds));
        }

        private static double cores(Duration from, Duration to, double seconds) {
            return to.minus(from).toNanos() / 1e9 / seconds;
        }
    }

    static Mark mark(EndToEnd.Pipeline pipeline) {
        ProcessHandle jvm = ProcessHandle.of(pipeline.jvm().pid()).orElseThrow();
        // Backends that exit inside the window take their CPU with them; the pool's connections stay open.
        Duration postgres = postmaster(pipeline.databasePort())
                .map(p -> Stream.concat(Stream.of(p), p.descendants()).map(CpuShare::cpu)
                        .reduce(Duration.ZERO, Duration::plus))
                .orElse(Duration.ZERO);
        long generatorNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new Mark(pipeline, System.nanoTime(), cpu(jvm), postgres, Duration.ofNanos(generatorNanos));
    }

    private static Optional<ProcessHandle> postmaster(int port) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("/postgres"))
                .filter(p -> String.join(" ", p.info().arguments().orElse(new String[0])).contains("-p " + port + " "))
                .findFirst();
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }
}
