package dev.tributary.application.port.out;

import dev.tributary.domain.scaling.Outage;

import java.util.List;

/**
 * The dependencies this process's consumers found down and are waiting out (their circuit breakers are not closed),
 * each with the moment it went down; empty where no consumer runs (the client role).
 */
public interface DependencyOutages {
    DependencyOutages NONE = List::of;

    List<Outage> current();
}
