package dev.tributary.bootstrap.config;

import dev.tributary.application.port.in.ReadPipelineStatus.Stage;

import dev.tributary.domain.scaling.QueueStats;
import java.util.Map;
import java.util.function.Supplier;

/** The stats of the queue in front of each stage, as the deployment has them (local files; SQS on AWS). */
public record StageQueues(Map<Stage, Supplier<QueueStats>> byStage) {
    public StageQueues {
        byStage = Map.copyOf(byStage);
    }
}
