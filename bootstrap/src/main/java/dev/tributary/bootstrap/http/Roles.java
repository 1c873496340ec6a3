package dev.tributary.bootstrap.http;

/** The roles a key's right becomes in Micronaut Security, as annotation constants (a right's label, {@code dev.tributary.domain.access.Right#label()}). */
public final class Roles {
    public static final String READ = "read";
    public static final String OPERATOR = "operator";

    private Roles() {
    }
}
