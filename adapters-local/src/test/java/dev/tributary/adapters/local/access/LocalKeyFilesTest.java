package dev.tributary.adapters.local.access;

import dev.tributary.adapters.local.access.LocalKeyFiles.HeldKey;
import dev.tributary.application.port.out.KeyDigest;
import dev.tributary.domain.access.AccessGrant;
import dev.tributary.domain.access.AccessKeyList;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LocalKeyFilesTest {
    private static final SourceName ORDERS = new SourceName("orders");
    private static final SourceName CLICKS = new SourceName("clicks");

    @TempDir
    Path dir;

    private LocalKeyFiles files() {
        return new LocalKeyFiles(dir.resolve("keys").resolve(LocalKeyFiles.ACCESS_KEYS),
                Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void theFirstStartGivesEverySourceAnIngestKeyAndTheMachineAReadAndAnOperatorKey() throws IOException {
        List<HeldKey> held = files().ensure(List.of(ORDERS, CLICKS));

        assertThat(held).extracting(k -> k.grant().right())
                .containsExactlyInAnyOrder(Right.INGEST, Right.INGEST, Right.READ, Right.OPERATOR);
        AccessKeyList accepted = AccessKeyList.parse(Files.readString(files().accessKeys()));
        for (HeldKey k : held) {
            assertThat(accepted.find(KeyDigest.of(k.key()).hex())).contains(k.grant());
        }
    }

    @Test
    void theKeyListHoldsDigestsAndOnlyTheOwnersFileHoldsKeys() throws IOException {
        List<HeldKey> held = files().ensure(List.of(ORDERS));

        String list = Files.readString(files().accessKeys());
        for (HeldKey k : held) {
            assertThat(list).doesNotContain(k.key());
            assertThat(k.key()).startsWith("trb_").hasSize(4 + 43);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files().myKeys())))
                .isEqualTo("rw-------");
    }

    @Test
    void laterStartsKeepTheKeysAndAddOnlyWhatANewSourceLacks() {
        List<HeldKey> first = files().ensure(List.of(ORDERS));

        List<HeldKey> second = files().ensure(List.of(ORDERS, CLICKS));

        assertThat(second).containsAll(first).hasSize(first.size() + 1);
        assertThat(files().ingestKeys()).containsOnlyKeys(ORDERS, CLICKS);
    }

    @Test
    void aCreatedKeyJoinsTheListBesideTheOldOneSoClientsSwitchWithoutAGap() throws IOException {
        String old = files().ensure(List.of(ORDERS)).stream().filter(k -> k.grant().mayIngest(ORDERS))
                .findFirst().orElseThrow().key();

        HeldKey rotated = files().create(AccessGrant.ingest(ORDERS, "rotated"));

        AccessKeyList accepted = AccessKeyList.parse(Files.readString(files().accessKeys()));
        assertThat(accepted.find(KeyDigest.of(old).hex())).isPresent();
        assertThat(accepted.find(KeyDigest.of(rotated.key()).hex())).contains(AccessGrant.ingest(ORDERS, "rotated"));
        assertThat(rotated.key()).isNotEqualTo(old);
    }

    @Test
    void findsTheKeyAHolderNeeds() {
        files().ensure(List.of(ORDERS));

        assertThat(files().keyFor(Right.INGEST, Optional.of(ORDERS))).isPresent();
        assertThat(files().keyFor(Right.INGEST, Optional.of(CLICKS))).isEmpty();
        assertThat(files().keyFor(Right.READ, Optional.empty())).isPresent()
                .isNotEqualTo(files().keyFor(Right.OPERATOR, Optional.empty()));
    }

    @Test
    void aHeldKeyNeverPrintsItself() {
        HeldKey key = files().create(AccessGrant.of(Right.READ, "r"));

        assertThat(key.toString()).doesNotContain(key.key());
    }
}
