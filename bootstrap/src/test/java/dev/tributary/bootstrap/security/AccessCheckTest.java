package dev.tributary.bootstrap.security;

import dev.tributary.bootstrap.config.SecurityProperties;
import dev.tributary.bootstrap.config.StorageProperties;
import dev.tributary.domain.access.AccessKeyList;
import dev.tributary.domain.access.Right;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessCheckTest {
    private static final StorageProperties STORAGE = new StorageProperties(Path.of("/var/tributary"));
    private static final AccessKeyList INGEST_ONLY = AccessKeyList.parse("a".repeat(64) + " ingest orders shop");

    private static AccessCheck check(AccessKeyList keys, boolean open, String secret) {
        return new AccessCheck(() -> keys, new SecurityProperties(open, null, secret, Duration.ofSeconds(30)), STORAGE);
    }

    @Test
    void aRoleNoKeyReachesRefusesToStartAndSaysWhatToDo() {
        assertThatThrownBy(() -> check(AccessKeyList.empty(), false, null).require("ingest", List.of(Right.INGEST)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to start the ingest role: no ingest key")
                .hasMessageContaining("/var/tributary/keys/access-keys.txt")
                .hasMessageContaining("TRIBUTARY_OPEN=true");
    }

    @Test
    void onAwsTheMessageNamesTheSecret() {
        assertThatThrownBy(() -> check(INGEST_ONLY, false, "tributary/keys").require("client", List.of(Right.READ)))
                .hasMessageContaining("no read key in secret tributary/keys");
    }

    @Test
    void startsWhenAKeyCarriesEveryRightTheRoleServes() {
        assertThatCode(() -> check(INGEST_ONLY, false, null).require("ingest", List.of(Right.INGEST)))
                .doesNotThrowAnyException();
    }

    @Test
    void startsWithoutKeysOnlyWhenConfiguredOpen() {
        assertThatCode(() -> check(AccessKeyList.empty(), true, null).require("client", List.of(Right.READ)))
                .doesNotThrowAnyException();
    }
}
