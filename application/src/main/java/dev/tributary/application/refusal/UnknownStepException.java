package dev.tributary.application.refusal;

import java.util.List;

/** A request named a pipeline step that does not exist, or that this deployment has no queue in front of. */
public class UnknownStepException extends RuntimeException {

    /** Names the steps there are, never what the caller sent. */
    public UnknownStepException(List<String> steps) {
        super("a step is one of: " + String.join(", ", steps));
    }
}
