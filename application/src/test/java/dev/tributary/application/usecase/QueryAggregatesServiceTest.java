package dev.tributary.application.usecase;

import dev.tributary.application.TestSources;
import dev.tributary.application.port.out.AggregateStore;
import dev.tributary.application.refusal.UnknownAggregationException;
import dev.tributary.application.refusal.UnknownDimensionException;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.application.refusal.UnsupportedBucketException;
import dev.tributary.domain.aggregation.AggregateQuery;
import dev.tributary.domain.aggregation.AggregateTable;
import dev.tributary.domain.aggregation.AggregationSpec;
import dev.tributary.domain.aggregation.Bucket;
import dev.tributary.domain.aggregation.Measure;
import dev.tributary.domain.aggregation.MeasureFunction;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.FieldType;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class QueryAggregatesServiceTest {
    private static final SourceName ORDERS = new SourceName("orders");
    private static final String BY_COUNTRY = "orders_per_hour_by_country";
    private static final AggregateQuery DE_ON_ONE_DAY = new AggregateQuery(Instant.parse("2026-03-14T00:00:00Z"),
            Instant.parse("2026-03-15T00:00:00Z"), Map.of("country", "DE"), 24);

    private final AggregateStore store = mock(AggregateStore.class);
    private final QueryAggregatesService service = new QueryAggregatesService(
            CatalogOf.sources(TestSources.orders(), TestSources.clicks(), heartbeats()), store);

    /** A source whose one aggregation has no dimensions: a single series. */
    private static SourceDefinition heartbeats() {
        return new SourceDefinition(new SourceName("heartbeats"), "Heartbeats", "", InputFormat.NDJSON,
                List.of(FieldSpec.of("at", FieldType.TIMESTAMP, true)), "at", List.of(), 1,
                List.of(new AggregationSpec("heartbeats_per_minute", "Heartbeats per minute", Bucket.MINUTE, List.of(),
                        List.of(new Measure("beats", MeasureFunction.COUNT, null, "heartbeats")))));
    }

    @Test
    void readsTheNamedAggregationOfTheSourceWithTheQueryAsGiven() {
        AggregateTable table = new AggregateTable(List.of("hour", "country", "orders"),
                List.of(List.of(Instant.parse("2026-03-14T15:00:00Z"), "DE", 7L)));
        when(store.query(TestSources.ordersPerHourByCountry(), DE_ON_ONE_DAY)).thenReturn(table);

        AggregateTable answer = service.query(ORDERS, BY_COUNTRY, DE_ON_ONE_DAY);

        assertThat(answer).isEqualTo(table);
    }

    @Test
    void unknownSourceIsRefusedBeforeTheStoreIsAsked() {
        assertThatThrownBy(() -> service.query(new SourceName("invoices"), BY_COUNTRY, AggregateQuery.latest(10)))
                .isInstanceOf(UnknownSourceException.class).hasMessage("unknown source 'invoices'");
        verify(store, never()).query(any(), any());
    }

    @Test
    void anAggregationOfAnotherSourceIsUnknownToThisOne() {
        assertThatThrownBy(() -> service.query(ORDERS, "clicks_per_minute_by_page", AggregateQuery.latest(10)))
                .isInstanceOf(UnknownAggregationException.class)
                .hasMessage("source 'orders' has no aggregation 'clicks_per_minute_by_page'");
        verify(store, never()).query(any(), any());
    }

    @Test
    void aFilterOnAColumnThatIsNotADimensionIsRefusedNamingTheDimensions() {
        AggregateQuery byPage = new AggregateQuery(Instant.EPOCH, Instant.parse("2027-01-01T00:00:00Z"),
                Map.of("page", "/home"), 10);

        assertThatThrownBy(() -> service.query(ORDERS, BY_COUNTRY, byPage))
                .isInstanceOf(UnknownDimensionException.class)
                .hasMessage("aggregation 'orders_per_hour_by_country' has no dimension 'page'; its dimensions are country");
        verify(store, never()).query(any(), any());
    }

    @Test
    void aMeasureColumnIsNotAFilter() {
        AggregateQuery byRevenue = new AggregateQuery(Instant.EPOCH, Instant.parse("2027-01-01T00:00:00Z"),
                Map.of("revenue", "100"), 10);

        assertThatThrownBy(() -> service.query(ORDERS, BY_COUNTRY, byRevenue))
                .isInstanceOf(UnknownDimensionException.class);
    }

    @Test
    void aCoarserBucketIsAskedOfTheStoreAsGiven() {
        AggregateQuery perDay = DE_ON_ONE_DAY.per(Bucket.DAY);
        AggregateTable table = new AggregateTable(List.of("day", "country", "orders"),
                List.of(List.of(Instant.parse("2026-03-14T00:00:00Z"), "DE", 70L)));
        when(store.query(TestSources.ordersPerHourByCountry(), perDay)).thenReturn(table);

        AggregateTable answer = service.query(ORDERS, BY_COUNTRY, perDay);

        assertThat(answer).isEqualTo(table);
    }

    @Test
    void theAggregationsOwnBucketIsAllowedByName() {
        AggregateQuery perHour = DE_ON_ONE_DAY.per(Bucket.HOUR);
        AggregateTable empty = new AggregateTable(List.of("hour", "country", "orders"), List.of());
        when(store.query(TestSources.ordersPerHourByCountry(), perHour)).thenReturn(empty);

        assertThat(service.query(ORDERS, BY_COUNTRY, perHour)).isEqualTo(empty);
    }

    @Test
    void aFinerBucketIsRefusedNamingTheBucketsThatCanBeRead() {
        AggregateQuery perMinute = DE_ON_ONE_DAY.per(Bucket.MINUTE);

        assertThatThrownBy(() -> service.query(ORDERS, BY_COUNTRY, perMinute))
                .isInstanceOf(UnsupportedBucketException.class)
                .hasMessage("aggregation 'orders_per_hour_by_country' counts per hour, so it can be read per hour or "
                        + "day, not per minute");
        verify(store, never()).query(any(), any());
    }

    @Test
    void aMinuteAggregationCanBeReadPerMinuteHourOrDay() {
        when(store.query(any(), any())).thenReturn(new AggregateTable(List.of("minute", "beats"), List.of()));

        for (Bucket bucket : Bucket.values()) {
            service.query(new SourceName("heartbeats"), "heartbeats_per_minute", AggregateQuery.latest(10).per(bucket));
        }

        verify(store, times(3)).query(any(), any());
    }

    @Test
    void anUnknownBucketNameSaysWhichBucketsThereAre() {
        assertThat(UnsupportedBucketException.unknown()).hasMessage("a bucket is minute, hour or day");
    }

    @Test
    void anAggregationWithoutDimensionsSaysItHasNone() {
        AggregateQuery filtered = new AggregateQuery(Instant.EPOCH, Instant.parse("2027-01-01T00:00:00Z"),
                Map.of("country", "DE"), 10);

        assertThatThrownBy(() -> service.query(new SourceName("heartbeats"), "heartbeats_per_minute", filtered))
                .isInstanceOf(UnknownDimensionException.class).hasMessageEndingWith("its dimensions are none");
    }

    @Test
    void everyDimensionOfATwoDimensionAggregationIsAFilter() {
        AggregateQuery both = new AggregateQuery(Instant.EPOCH, Instant.parse("2027-01-01T00:00:00Z"),
                Map.of("page", "/home", "device", "phone"), 10);
        AggregateTable empty = new AggregateTable(List.of("minute", "page", "device", "clicks"), List.of());
        when(store.query(TestSources.clicksPerMinuteByPage(), both)).thenReturn(empty);

        AggregateTable answer = service.query(new SourceName("clicks"), "clicks_per_minute_by_page", both);

        assertThat(answer.rows()).isEmpty();
        assertThat(answer.columns()).containsExactly("minute", "page", "device", "clicks");
    }
}
