package dev.tributary.bootstrap.http;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Names the client API for the generated OpenAPI document, served at {@code /openapi/tributary.yml}. */
@OpenAPIDefinition(info = @Info(title = "tributary", version = "1",
        description = "Sources, aggregates, pipeline status (also as Server-Sent Events), quarantine and lineage."))
interface ClientApi {
}
