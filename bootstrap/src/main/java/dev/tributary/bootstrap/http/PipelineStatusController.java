package dev.tributary.bootstrap.http;

import dev.tributary.bootstrap.dashboard.StatusFeed;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.security.annotation.Secured;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;

/** The pipeline's status now, and the same pushed every second as Server-Sent Events for the live dashboard. */
@Secured(Roles.READ)
@Controller("/api")
class PipelineStatusController {
    private static final Duration EVERY = Duration.ofSeconds(1);
    private final StatusFeed feed;

    PipelineStatusController(StatusFeed feed) {
        this.feed = feed;
    }

    @Get("/status")
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "Backlog per stage, last minute's throughput and freshness, aggregator instances, and the "
            + "dependencies that are down (outages) with what could not be read meanwhile (unknown)")
    StatusView status() {
        return StatusView.of(feed.current());
    }

    /** Event "status" carries a {@link StatusView}; when the status cannot be read, event "problem" says why. */
    @Get(value = "/events", produces = MediaType.TEXT_EVENT_STREAM)
    @Operation(summary = "Server-Sent Events: a status snapshot every second")
    Flux<Event<?>> events() {
        return Flux.interval(Duration.ZERO, EVERY)
                .onBackpressureDrop()
                .publishOn(Schedulers.boundedElastic())
                .map(tick -> snapshot());
    }

    private Event<?> snapshot() {
        try {
            return Event.of(StatusView.of(feed.current())).name("status");
        } catch (RuntimeException e) {
            return Event.of(new Problem("https://tributary.dev/problems/unavailable", "Status unavailable", 503,
                    "The pipeline status could not be read just now; retrying every second.")).name("problem");
        }
    }
}
