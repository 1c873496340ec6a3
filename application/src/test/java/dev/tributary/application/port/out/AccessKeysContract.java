package dev.tributary.application.port.out;

import dev.tributary.domain.access.AccessGrant;
import dev.tributary.domain.access.AccessKeyList;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link AccessKeys} adapter promises: it serves the stored list, picks up a changed list within its
 * refresh time without a restart, and keeps the last good list when the store becomes unreadable.
 */
public abstract class AccessKeysContract {
    protected static final Duration REFRESH = Duration.ofSeconds(30);
    private static final SourceName ORDERS = new SourceName("orders");
    protected final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));

    /** Keys over a store holding {@code text}, refreshed every {@link #REFRESH} by {@link #clock}. */
    protected abstract AccessKeys keysOver(String text);

    /** Replaces what the store holds. */
    protected abstract void store(String text);

    /** Makes the store fail to answer (unreadable file, service error). */
    protected abstract void breakStore();

    private static String line(String key, AccessGrant grant) {
        return AccessKeyList.line(KeyDigest.of(key).hex(), grant) + "\n";
    }

    @Test
    void findsAStoredKeyByItsDigestOnly() {
        AccessKeys keys = keysOver(line("trb_one", AccessGrant.ingest(ORDERS, "shop")));

        assertThat(keys.current().find(KeyDigest.of("trb_one").hex()))
                .contains(AccessGrant.ingest(ORDERS, "shop"));
        assertThat(keys.current().find(KeyDigest.of("trb_two").hex())).isEmpty();
    }

    @Test
    void aKeyAddedToTheStoreWorksAfterTheRefreshWithoutARestart() {
        AccessKeys keys = keysOver(line("trb_old", AccessGrant.ingest(ORDERS, "old")));
        keys.current();

        store(line("trb_old", AccessGrant.ingest(ORDERS, "old")) + line("trb_new", AccessGrant.ingest(ORDERS, "new")));
        clock.advance(REFRESH.plusSeconds(1));

        assertThat(keys.current().find(KeyDigest.of("trb_new").hex())).isPresent();
        assertThat(keys.current().find(KeyDigest.of("trb_old").hex())).isPresent();
    }

    @Test
    void aKeyRemovedFromTheStoreStopsWorkingAfterTheRefresh() {
        AccessKeys keys = keysOver(line("trb_old", AccessGrant.of(Right.READ, "old"))
                + line("trb_new", AccessGrant.of(Right.READ, "new")));
        keys.current();

        store(line("trb_new", AccessGrant.of(Right.READ, "new")));
        clock.advance(REFRESH.plusSeconds(1));

        assertThat(keys.current().find(KeyDigest.of("trb_old").hex())).isEmpty();
    }

    @Test
    void anUnreadableStoreKeepsTheLastGoodListInForce() {
        AccessKeys keys = keysOver(line("trb_one", AccessGrant.of(Right.OPERATOR, "ops")));
        keys.current();

        breakStore();
        clock.advance(REFRESH.plusSeconds(1));

        assertThat(keys.current().find(KeyDigest.of("trb_one").hex())).isPresent();
    }

    @Test
    void aStoreThatWasNeverReadIsUnavailableRatherThanEmpty() {
        AccessKeys keys = keysOver(line("trb_one", AccessGrant.of(Right.READ, "r")));
        breakStore();

        assertThatThrownBy(keys::current).isInstanceOf(PortUnavailableException.class)
                .hasMessageNotContaining("trb_one");
    }

    /** A clock the test moves by hand: refreshes are decided by time, never waited for. */
    public static final class MovableClock extends Clock {
        private Instant now;

        public MovableClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
