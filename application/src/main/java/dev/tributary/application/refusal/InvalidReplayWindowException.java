package dev.tributary.application.refusal;

import java.time.Instant;

/** A replay was asked for a window of receive times that holds no instant: its start is not before its end. */
public class InvalidReplayWindowException extends IllegalArgumentException {
    public InvalidReplayWindowException(Instant from, Instant to) {
        super("the replay window is empty: from " + from + " is not before to " + to);
    }
}
