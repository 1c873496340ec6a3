package dev.tributary.application.port.out;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyDigestTest {

    @Test
    void isTheSha256OfTheKeyInLowercaseHex() {
        assertThat(KeyDigest.of("abc").hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void neverShowsTheKeyNorTheWholeDigest() {
        KeyDigest digest = KeyDigest.of("secret-order-key");

        assertThat(digest.toString()).doesNotContain("secret").doesNotContain(digest.hex()).startsWith("KeyDigest[");
    }

    @Test
    void refusesWhatIsNoSha256Digest() {
        assertThatThrownBy(() -> new KeyDigest("secret-order-key")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> new KeyDigest("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
