package dev.tributary.domain.aggregation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BucketTest {

    @ParameterizedTest
    @CsvSource({
            "MINUTE, 2026-03-14T15:09:26.5Z, 2026-03-14T15:09:00Z, 2026-03-14T15:10:00Z",
            "HOUR,   2026-03-14T15:09:26Z,   2026-03-14T15:00:00Z, 2026-03-14T16:00:00Z",
            "DAY,    2026-03-14T15:09:26Z,   2026-03-14T00:00:00Z, 2026-03-15T00:00:00Z",
            "DAY,    2026-12-31T23:59:59Z,   2026-12-31T00:00:00Z, 2027-01-01T00:00:00Z"})
    void aBucketCoversItsStartUpToTheNextStart(Bucket bucket, Instant at, Instant start, Instant end) {
        assertThat(bucket.start(at)).isEqualTo(start);
        assertThat(bucket.end(at)).isEqualTo(end);
    }

    @ParameterizedTest
    @CsvSource({
            "HOUR, 2026-03-14T15:00:00Z,     2026-03-14T15:00:00Z",
            "HOUR, 2026-03-14T15:00:00.001Z, 2026-03-14T16:00:00Z",
            "DAY,  2026-03-14T23:59:59Z,     2026-03-15T00:00:00Z",
            "DAY,  1970-01-01T00:00:00Z,     1970-01-01T00:00:00Z"})
    void startOnOrAfterKeepsABucketStartAndMovesAnyOtherInstantToTheNextStart(Bucket bucket, Instant at,
                                                                              Instant expected) {
        assertThat(bucket.startOnOrAfter(at)).isEqualTo(expected);
    }

    @Test
    void rowsRollUpToTheSameBucketOrACoarserOne() {
        assertThat(Bucket.MINUTE.rollUps()).containsExactly(Bucket.MINUTE, Bucket.HOUR, Bucket.DAY);
        assertThat(Bucket.HOUR.rollUps()).containsExactly(Bucket.HOUR, Bucket.DAY);
        assertThat(Bucket.DAY.rollUps()).containsExactly(Bucket.DAY);
    }

    @Test
    void aDayIsTwentyFourHoursInUtc() {
        assertThat(Bucket.DAY.length()).isEqualTo(Duration.ofHours(24));
        assertThat(Bucket.MINUTE.length()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void namesAreReadIgnoringCaseAndSpaces() {
        assertThat(Bucket.fromName(" Hour ")).contains(Bucket.HOUR);
        assertThat(Bucket.fromName("week")).isEmpty();
        assertThat(Bucket.fromName(null)).isEmpty();
        assertThat(Bucket.DAY.column()).isEqualTo("day");
    }
}
