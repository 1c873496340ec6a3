package dev.tributary.domain.access;

import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessKeyListTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);
    private static final SourceName ORDERS = new SourceName("orders");

    @Test
    void readsOneKeyPerLineIgnoringCommentsAndBlankLines() {
        AccessKeyList list = AccessKeyList.parse("""
                # sha256 right source label
                %s  ingest  orders  shop-2026

                %s  read    -       dashboard
                %s\toperator\t-\tops
                """.formatted(A, B, C));

        assertThat(list.size()).isEqualTo(3);
        assertThat(list.find(A)).contains(AccessGrant.ingest(ORDERS, "shop-2026"));
        assertThat(list.find(B)).contains(AccessGrant.of(Right.READ, "dashboard"));
        assertThat(list.find(C).map(AccessGrant::right)).contains(Right.OPERATOR);
        assertThat(list.find("d".repeat(64))).isEmpty();
    }

    @Test
    void severalKeysMayHoldTheSameGrantSoAKeyRotatesWithoutAGap() {
        AccessKeyList list = AccessKeyList.parse(A + " ingest orders old\n" + B + " ingest orders new\n");

        assertThat(list.find(A).orElseThrow().mayIngest(ORDERS)).isTrue();
        assertThat(list.find(B).orElseThrow().mayIngest(ORDERS)).isTrue();
        assertThat(list.ingestSources()).containsExactly(ORDERS);
    }

    @Test
    void refusesAKeyInPlaceOfItsDigestWithoutEchoingIt() {
        assertThatThrownBy(() -> AccessKeyList.parse("trb_secretsecretsecret ingest orders x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1").hasMessageContaining("not the key itself")
                .hasMessageNotContaining("trb_secret");
    }

    @Test
    void namesTheLineOfABadRightSourceOrFieldCount() {
        assertThatThrownBy(() -> AccessKeyList.parse("\n" + A + " admin - x"))
                .hasMessageContaining("line 2").hasMessageContaining("unknown right 'admin'");
        assertThatThrownBy(() -> AccessKeyList.parse(A + " ingest - x"))
                .hasMessageContaining("line 1").hasMessageContaining("one source");
        assertThatThrownBy(() -> AccessKeyList.parse(A + " read orders x"))
                .hasMessageContaining("not tied to a source");
        assertThatThrownBy(() -> AccessKeyList.parse(A + " read -"))
                .hasMessageContaining("expected 'sha256 right source label'");
        assertThatThrownBy(() -> AccessKeyList.parse(A + " read - x\n" + A + " read - y"))
                .hasMessageContaining("line 2").hasMessageContaining("listed twice");
    }

    @Test
    void saysWhichRightsSomeKeyCarries() {
        AccessKeyList list = AccessKeyList.parse(A + " ingest orders x\n");

        assertThat(list.grants(Right.INGEST)).isTrue();
        assertThat(list.grants(Right.READ)).isFalse();
        assertThat(AccessKeyList.empty().grants(Right.INGEST)).isFalse();
    }

    @Test
    void writesTheLineItReads() {
        AccessGrant grant = AccessGrant.ingest(ORDERS, "shop");

        String line = AccessKeyList.line(A, grant);

        assertThat(AccessKeyList.parse(line).find(A)).contains(grant);
        assertThat(AccessKeyList.parse(line).lines()).containsExactly(line);
    }

    @Test
    void anIngestKeyReachesItsOwnSourceAndNothingElse() {
        AccessGrant orders = AccessGrant.ingest(ORDERS, "shop");

        assertThat(orders.mayIngest(ORDERS)).isTrue();
        assertThat(orders.mayIngest(new SourceName("payments"))).isFalse();
        assertThat(orders.mayUse(Right.READ)).isFalse();
    }

    @Test
    void anOperatorMayReadButAReaderMayNotOperateAndNeitherMayIngest() {
        assertThat(AccessGrant.of(Right.OPERATOR, "ops").mayUse(Right.READ)).isTrue();
        assertThat(AccessGrant.of(Right.READ, "r").mayUse(Right.OPERATOR)).isFalse();
        assertThat(AccessGrant.of(Right.OPERATOR, "ops").mayIngest(ORDERS)).isFalse();
        assertThat(AccessGrant.of(Right.OPERATOR, "ops").mayUse(Right.INGEST)).isFalse();
    }

    @Test
    void labelsAreNamesNotFreeText() {
        assertThatThrownBy(() -> new AccessGrant(Right.READ, Optional.empty(), "two words"))
                .hasMessageContaining("label");
    }
}
