package canary.dev.tributary.adapters.postgres;

/** A PostgreSQL adapter that another adapter module must not reach into. */
public class Store {
}
