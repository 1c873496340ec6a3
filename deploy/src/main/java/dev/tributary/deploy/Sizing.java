package dev.tributary.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.domain.scaling.ScalingPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The stack's sizes, from the file a user edits ({@code deploy/sizing.yml}, explained in its comments): per ECS
 * service its {@link ScalingPolicy} and task size, per function its memory, timeout and concurrency, the queues'
 * delivery limit, the routes' throttling, the database and the network. Unknown keys fail, so a typo is not ignored.
 */
public record Sizing(Map<String, Service> services, Tasks tasks, Functions functions, Queues queues, Routes routes,
                     Database database, Network network, Logs logs, Alarms alarms) {

    public Sizing {
        Objects.requireNonNull(services, "services");
        for (String role : new String[] {Roles.INGEST, Roles.AGGREGATOR, Roles.CLIENT}) {
            if (!services.containsKey(role)) {
                throw new IllegalArgumentException("sizing: services." + role + " is missing");
            }
        }
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(functions, "functions");
        Objects.requireNonNull(queues, "queues");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(alarms, "alarms");
    }

    public static Sizing load(Path file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        try {
            return yaml.readValue(file.toFile(), Sizing.class);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw new IllegalArgumentException("sizing file " + file + ", at " + e.getPathReference() + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sizing file " + file + ": " + e.getMessage(), e);
        }
    }

    public Service service(String role) {
        return services.get(role);
    }

    /** What an ECS service's target tracking follows. */
    public enum ScaleOn { BACKLOG, REQUESTS, CPU;

        @com.fasterxml.jackson.annotation.JsonCreator
        static ScaleOn of(String name) {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** processingTimeoutSeconds: the aggregator's; 0 for the HTTP services. */
    public record Service(int min, int max, int cpu, int memoryMib, ScaleOn scaleOn, int target, int scaleInAfter,
                          int scaleOutCooldownSeconds, Integer processingTimeoutSeconds) {
        public Service {
            processingTimeoutSeconds = processingTimeoutSeconds == null ? 0 : processingTimeoutSeconds;
            policy(min, max, target, scaleInAfter);   // the domain's checks: 1 <= min <= max, target >= 1, ...
            Objects.requireNonNull(scaleOn, "scale_on");
            if (scaleOn == ScaleOn.CPU && target > 100) {
                throw new IllegalArgumentException("sizing: a CPU target is a percentage, got " + target);
            }
        }

        /** The domain's policy for this service: the same bounds and target the local pool applies. */
        public ScalingPolicy policy() {
            return policy(min, max, target, scaleInAfter);
        }

        private static ScalingPolicy policy(int min, int max, int target, int scaleInAfter) {
            return new ScalingPolicy(min, max, target, scaleInAfter);
        }

        /** One check a minute on AWS (metric period), so scale_in_after checks are that many minutes. */
        public int scaleInCooldownSeconds() {
            return scaleInAfter * 60;
        }
    }

    public record Functions(QueueFunction writeRaw, QueueFunction transform, QueueFunction stage) {
        public Functions {
            Objects.requireNonNull(writeRaw, "write_raw");
            Objects.requireNonNull(transform, "transform");
            Objects.requireNonNull(stage, "stage");
        }
    }

    /** A function on a queue's event source mapping: at most {@code maxConcurrency} instances at once. */
    public record QueueFunction(int memoryMib, int timeoutSeconds, int batchSize, int batchingWindowSeconds,
                                int maxConcurrency) {
        public QueueFunction {
            if (maxConcurrency < 2 || maxConcurrency > 1000) {
                throw new IllegalArgumentException("sizing: a function's max_concurrency must be 2..1000 (SQS event "
                        + "source limit), got " + maxConcurrency);
            }
        }

        /** What the function's queue hides a message for: 6x the timeout plus the batching window (AWS's advice). */
        public int queueVisibilitySeconds() {
            return 6 * timeoutSeconds + batchingWindowSeconds;
        }
    }

    public record Queues(int maxReceiveCount, int maxMessageBytes) {
    }

    public record Throttle(int ratePerSecond, int burst) {
    }

    public record Routes(int ratePerSecond, int burst, Map<String, Throttle> overrides) {
        public Routes {
            overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        }

        public Throttle of(String source) {
            return overrides.getOrDefault(source, new Throttle(ratePerSecond, burst));
        }
    }

    public record Database(String instanceType, int allocatedStorageGib, int maxAllocatedStorageGib, boolean multiAz,
                           int backupRetentionDays, boolean deletionProtection) {
    }

    /** egress: {@code endpoints} (no NAT) or {@code nat}. */
    public record Network(int maxAzs, String egress) {
        public Network {
            if (!"endpoints".equals(egress) && !"nat".equals(egress)) {
                throw new IllegalArgumentException("sizing: network.egress is endpoints or nat, got " + egress);
            }
        }

        public boolean nat() {
            return "nat".equals(egress);
        }
    }

    public record Logs(int retentionDays) {
    }

    /** One-off tasks run from the service's image. */
    public record Tasks(Task replay) {
        public Tasks {
            Objects.requireNonNull(replay, "tasks.replay");
        }
    }

    /**
     * A one-off task's Fargate size: CPU units (1024 = 1 vCPU) and memory; and, for the replay, how many batches it
     * replays at once (each waits on S3 for most of its time, so many more than the vCPUs; at most a replay group).
     */
    public record Task(int cpu, int memoryMib, int batchesInFlight) {
        public Task {
            if (batchesInFlight < 1 || batchesInFlight > 64) {
                throw new IllegalArgumentException("sizing: tasks.replay.batches_in_flight is 1 to 64, got "
                        + batchesInFlight);
            }
        }
    }

    /** email: empty for none. */
    public record Alarms(int oldestMessageAgeSeconds, int freshnessSeconds, String email) {
        public Alarms {
            email = email == null ? "" : email.strip();
        }
    }
}
