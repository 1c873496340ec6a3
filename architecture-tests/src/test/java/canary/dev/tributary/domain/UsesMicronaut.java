package canary.dev.tributary.domain;

import io.micronaut.context.ApplicationContext;

/** Canary for micronautOnlyInBootstrapAndPostgres (and domainIsPlainJava): the domain wiring itself with Micronaut. */
public class UsesMicronaut {
    public Object bean(ApplicationContext context) {
        return context.getBean(Object.class);
    }
}
