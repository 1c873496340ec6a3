package dev.tributary.domain.batch;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {

    private static boolean jdkDecodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static void assertAgrees(byte[] bytes) {
        assertThat(Utf8.isWellFormed(bytes)).as("%s", Arrays.toString(bytes)).isEqualTo(jdkDecodes(bytes));
    }

    @Test
    void agreesWithTheJdkDecoderOnEverySequenceOfUpToTwoBytes() {
        for (int a = 0; a < 256; a++) {
            assertAgrees(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                assertAgrees(new byte[] {(byte) a, (byte) b});
            }
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnEveryThreeAndFourByteLeadWithBoundaryContinuations() {
        int[] probes = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xFF};
        for (int lead = 0xC0; lead < 256; lead++) {
            for (int b : probes) {
                for (int c : probes) {
                    assertAgrees(new byte[] {(byte) lead, (byte) b, (byte) c});
                    for (int d : probes) {
                        assertAgrees(new byte[] {(byte) lead, (byte) b, (byte) c, (byte) d});
                    }
                }
            }
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomTextWithABadByteAnywhere() {
        Random random = new Random(6);
        for (int i = 0; i < 20_000; i++) {
            byte[] text = ("{\"city\":\"Zürich 東京 \uD83D\uDE80\",\"n\":" + i + "}\n").repeat(1 + random.nextInt(3))
                    .getBytes(StandardCharsets.UTF_8);
            if (random.nextBoolean()) {
                text[random.nextInt(text.length)] = (byte) (0x80 + random.nextInt(128));
            }
            assertAgrees(text);
        }
    }
}
