package canary.dev.tributary.adapters.formats;

import io.micronaut.context.annotation.Factory;

/** Canary for micronautOnlyInBootstrapAndPostgres: a codec module wiring itself with Micronaut. */
@Factory
public class InjectsItself {
}
