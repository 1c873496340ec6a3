package dev.tributary.bootstrap.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoleRoutesFilterTest {
    private final RoleRoutesFilter filter = new RoleRoutesFilter();

    @Test
    void runServesEveryRoute() {
        assertThat(filter.restrict(HttpRequest.POST("/ingest/orders", ""))).isNull();
        assertThat(filter.restrict(HttpRequest.GET("/api/sources"))).isNull();
        assertThat(filter.restrict(HttpRequest.GET("/"))).isNull();
    }

    @Test
    void theIngestServiceAnswersIngestAndHealthOnly() {
        filter.serveOnly(RoleRoutesFilter.Served.INGEST);

        assertThat(filter.restrict(HttpRequest.POST("/ingest/orders", ""))).isNull();
        assertThat(filter.restrict(HttpRequest.GET("/health"))).isNull();
        HttpResponse<Problem> refused = filter.restrict(HttpRequest.GET("/api/status"));
        assertThat(refused.code()).isEqualTo(404);
        assertThat(refused.body().detail()).contains("client service");
    }

    @Test
    void theClientServiceAnswersEverythingButIngest() {
        filter.serveOnly(RoleRoutesFilter.Served.CLIENT);

        assertThat(filter.restrict(HttpRequest.GET("/api/status"))).isNull();
        assertThat(filter.restrict(HttpRequest.GET("/"))).isNull();
        assertThat(filter.restrict(HttpRequest.GET("/health/liveness"))).isNull();
        assertThat(filter.restrict(HttpRequest.POST("/ingest/orders", "")).code()).isEqualTo(404);
    }
}
