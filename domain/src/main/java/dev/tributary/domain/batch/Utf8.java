package dev.tributary.domain.batch;

/**
 * Strict UTF-8 well-formedness of a byte array, as the JDK's decoder judges it with {@code REPORT} (Unicode's table
 * of well-formed byte sequences: no overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence),
 * without decoding: so bodies can be parsed straight from their bytes and still be refused exactly when decoding
 * them would fail, and a queue can tell whether a payload travels as text. ASCII runs are checked eight bytes at a
 * time (the OR of eight signed bytes is negative exactly when one has its high bit set).
 */
public final class Utf8 {
    private Utf8() {
    }

    public static boolean isWellFormed(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            if (i + 8 <= n && (bytes[i] | bytes[i + 1] | bytes[i + 2] | bytes[i + 3] | bytes[i + 4] | bytes[i + 5]
                    | bytes[i + 6] | bytes[i + 7]) >= 0) {
                i += 8;
                continue;
            }
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
            } else if (b < 0xC2) {
                return false;                                   // a continuation byte, or an overlong 2-byte lead
            } else if (b < 0xE0) {
                if (!continues(bytes, i + 1, 0x80, 0xBF)) {
                    return false;
                }
                i += 2;
            } else if (b < 0xF0) {
                int low = b == 0xE0 ? 0xA0 : 0x80;              // E0: overlong below A0
                int high = b == 0xED ? 0x9F : 0xBF;             // ED: surrogates from A0
                if (!continues(bytes, i + 1, low, high) || !continues(bytes, i + 2, 0x80, 0xBF)) {
                    return false;
                }
                i += 3;
            } else if (b < 0xF5) {
                int low = b == 0xF0 ? 0x90 : 0x80;              // F0: overlong below 90
                int high = b == 0xF4 ? 0x8F : 0xBF;             // F4: above U+10FFFF from 90
                if (!continues(bytes, i + 1, low, high) || !continues(bytes, i + 2, 0x80, 0xBF)
                        || !continues(bytes, i + 3, 0x80, 0xBF)) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continues(byte[] bytes, int at, int low, int high) {
        if (at >= bytes.length) {
            return false;
        }
        int b = bytes[at] & 0xFF;
        return b >= low && b <= high;
    }
}
