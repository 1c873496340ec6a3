package dev.tributary.domain.batch;

import dev.tributary.domain.TestIds;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchIdTest {
    private static final long MAX_MILLIS = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z

    @Test
    void maxMillisConstantIsTheDomainLimit() {
        assertThat(Instant.ofEpochMilli(MAX_MILLIS)).isEqualTo(BatchId.MAX_TIMESTAMP);
    }

    @Test
    void acceptsVersion7() {
        UUID uuid = TestIds.v7(1_700_000_000_000L, 0xABC, 42);

        assertThat(new BatchId(uuid).value()).isEqualTo(uuid);
    }

    @Test
    void refusesOtherVersions() {
        assertThatThrownBy(() -> new BatchId(UUID.randomUUID()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UUIDv7");
        assertThatThrownBy(() -> new BatchId(UUID.nameUUIDFromBytes(new byte[] {1})))
                .isInstanceOf(IllegalArgumentException.class);
        UUID version6 = new UUID((1_700_000_000_000L << 16) | 0x6000L, 0x8000_0000_0000_0001L);
        assertThatThrownBy(() -> new BatchId(version6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesVersion7BitsWithoutTheRfcVariant() {
        UUID v7 = TestIds.v7(1_700_000_000_000L, 1, 1);
        UUID ncsVariant = new UUID(v7.getMostSignificantBits(), v7.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL);
        UUID microsoftVariant = new UUID(v7.getMostSignificantBits(),
                (v7.getLeastSignificantBits() & 0x1FFF_FFFF_FFFF_FFFFL) | 0xC000_0000_0000_0000L);

        assertThatThrownBy(() -> new BatchId(ncsVariant)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchId(microsoftVariant)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> new BatchId(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> BatchId.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void extractsTimestampFromFirst48Bits() {
        Instant at = Instant.parse("2024-03-05T07:08:09.123Z");

        assertThat(new BatchId(TestIds.v7(at.toEpochMilli(), 0xFFF, -1L)).timestamp()).isEqualTo(at);
    }

    @Test
    void extractsTimestampAtTheEdgesOf48Bits() {
        assertThat(new BatchId(TestIds.v7(0, 0, 0)).timestamp()).isEqualTo(Instant.EPOCH);
        long max = BatchId.MAX_TIMESTAMP.toEpochMilli();
        assertThat(new BatchId(TestIds.v7(max, 0xFFF, -1L)).timestamp()).isEqualTo(Instant.ofEpochMilli(max));
    }

    @Test
    void refusesTimestampsPastYear9999() {
        // a 48-bit timestamp reaches year 10889; its partition would read dt=+10000-01-01
        long tooLate = BatchId.MAX_TIMESTAMP.toEpochMilli() + 1;

        assertThatThrownBy(() -> new BatchId(TestIds.v7(tooLate, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9999");
        assertThatThrownBy(() -> new BatchId(TestIds.v7((1L << 48) - 1, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void timestampIsTheEncodedMillis(@ForAll @LongRange(min = 0, max = MAX_MILLIS) long millis,
                                     @ForAll long randA, @ForAll long randB) {
        BatchId id = new BatchId(TestIds.v7(millis, randA, randB));

        assertThat(id.timestamp().toEpochMilli()).isEqualTo(millis);
    }

    @Property
    void parseReadsToString(@ForAll @LongRange(min = 0, max = MAX_MILLIS) long millis,
                            @ForAll long randA, @ForAll long randB) {
        BatchId id = new BatchId(TestIds.v7(millis, randA, randB));

        assertThat(BatchId.parse(id.toString())).isEqualTo(id);
    }

    @Test
    void parsesUpperCaseText() {
        BatchId id = new BatchId(TestIds.v7(1_700_000_000_000L, 1, 2));

        assertThat(BatchId.parse(id.toString().toUpperCase())).isEqualTo(id);
    }

    @Test
    void parseRefusesGarbageNamingTheText() {
        assertThatThrownBy(() -> BatchId.parse("not-a-uuid"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'not-a-uuid'");
        assertThatThrownBy(() -> BatchId.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchId.parse("018c1f2e-0000-7000-8000-00000000000g"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseRefusesWellFormedNonV7() {
        String v4 = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

        assertThatThrownBy(() -> BatchId.parse(v4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(v4);
    }

    @Test
    void parseRefusesNonCanonicalShortForm() {
        // java.util.UUID.fromString accepts "1-1-7000-8000-1"; a batch id has exactly one spelling
        assertThatThrownBy(() -> BatchId.parse("1-1-7000-8000-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchId.parse(" " + new BatchId(TestIds.v7(1, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void ordersByTimestamp(@ForAll @LongRange(min = 0, max = MAX_MILLIS) long a,
                           @ForAll @LongRange(min = 0, max = MAX_MILLIS) long b) {
        BatchId first = new BatchId(TestIds.v7(a, 0xFFF, -1L));
        BatchId second = new BatchId(TestIds.v7(b, 0, 0));

        if (a < b) {
            assertThat(first).isLessThan(second);
        } else if (a > b) {
            assertThat(first).isGreaterThan(second);
        }
    }

    @Test
    void ordersIdsPastYear6429ByTimestampToo() {
        // from 2^47 ms on the most significant bit is set; a signed comparison would put these first
        BatchId before = new BatchId(TestIds.v7((1L << 47) - 1, 0, 0));
        BatchId after = new BatchId(TestIds.v7(1L << 47, 0, 0));

        assertThat(before).isLessThan(after);
    }

    @Test
    void toStringIsTheCanonicalUuid() {
        UUID uuid = TestIds.v7(1_700_000_000_000L, 5, 6);

        assertThat(new BatchId(uuid)).hasToString(uuid.toString());
    }
}
