package dev.tributary.deploy;

/** The three ECS services, named as {@code tributary serve --role <name>} knows them, and the replay task. */
final class Roles {
    static final String INGEST = "ingest";
    static final String AGGREGATOR = "aggregator";
    static final String CLIENT = "client";
    /** Not a service: the one-off task {@code tributary replay --in-process} runs in. */
    static final String REPLAY = "replay";

    private Roles() {
    }
}
