package dev.tributary.bootstrap.http;

import dev.tributary.application.port.in.RedriveDeadLetters;
import dev.tributary.application.port.in.RedriveDeadLetters.RedriveReport;
import dev.tributary.application.port.in.RedriveDeadLetters.Step;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.domain.source.SourceName;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/** The redrive of dead letters: messages a step gave up on go back on its queue once the cause is fixed. */
@Secured(Roles.OPERATOR)
@Controller("/api/dead-letters")
@ExecuteOn(TaskExecutors.BLOCKING)
class DeadLettersController {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLettersController.class);
    private final RedriveDeadLetters redrive;

    DeadLettersController(RedriveDeadLetters redrive) {
        this.redrive = redrive;
    }

    /** Stage and source may come as query parameters or in a JSON body; the body wins where both name one. */
    @Post("/redrive")
    @Operation(summary = "Send dead letters again: of one step or every step, of one source or all; idempotent in effect")
    RedriveView redrive(@Parameter(description = "write_raw, transform, stage or aggregate; leave out for every step")
                        @Nullable @QueryValue String stage,
                        @Parameter(description = "only this source's dead letters; leave out for all")
                        @Nullable @QueryValue String source,
                        @Nullable @Body RedriveRequest body) {
        String step = body != null && body.stage() != null ? body.stage() : stage;
        String only = body != null && body.source() != null ? body.source() : source;
        if (only != null && !SourceName.isValid(only)) {
            throw new UnknownSourceException(only);
        }
        RedriveReport report = redrive.redrive(Optional.ofNullable(step).map(Step::ofVerb),
                Optional.ofNullable(only).map(SourceName::new));
        report.steps().forEach(moved -> LOG.atInfo().addKeyValue("stage", moved.step().verb())
                .addKeyValue("source", only == null ? "*" : only).addKeyValue("messages", moved.messages())
                .log("dead letters redriven"));
        return new RedriveView(report.steps().stream().map(m -> new MovedView(m.step().verb(), m.messages())).toList(),
                report.total());
    }

    @Serdeable
    record RedriveRequest(@Nullable String stage, @Nullable String source) {}

    @Serdeable
    record RedriveView(List<MovedView> stages, long moved) {}

    @Serdeable
    record MovedView(String stage, long moved) {}
}
