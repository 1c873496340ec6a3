package dev.tributary.deploy;

/** The three ECS services, named as {@code tributary serve --role <name>} knows them. */
final class Roles {
    static final String INGEST = "ingest";
    static final String AGGREGATOR = "aggregator";
    static final String CLIENT = "client";

    private Roles() {
    }
}
