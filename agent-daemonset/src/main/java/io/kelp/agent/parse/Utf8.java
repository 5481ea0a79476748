package io.kelp.agent.parse;

/** Byte-level UTF-8 validation shared by the JSON scanner and the record encoder. Stateless. */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * Length of the well-formed UTF-8 sequence at {@code b[i]} (lead byte >= 0x80), or 0 when it is
     * not one: overlong forms, surrogates and code points above U+10FFFF are refused (RFC 3629 table).
     */
    public static int validSequenceLength(byte[] b, int i, int to) {
        int c = b[i] & 0xFF;
        if (c >= 0xC2 && c <= 0xDF) {
            return i + 1 < to && isContinuation(b[i + 1], 0x80, 0xBF) ? 2 : 0;
        }
        if (c >= 0xE0 && c <= 0xEF) {
            int lo = c == 0xE0 ? 0xA0 : 0x80;
            int hi = c == 0xED ? 0x9F : 0xBF;
            return i + 2 < to && isContinuation(b[i + 1], lo, hi) && isContinuation(b[i + 2], 0x80, 0xBF) ? 3 : 0;
        }
        if (c >= 0xF0 && c <= 0xF4) {
            int lo = c == 0xF0 ? 0x90 : 0x80;
            int hi = c == 0xF4 ? 0x8F : 0xBF;
            return i + 3 < to && isContinuation(b[i + 1], lo, hi) && isContinuation(b[i + 2], 0x80, 0xBF)
                    && isContinuation(b[i + 3], 0x80, 0xBF) ? 4 : 0;
        }
        return 0;
    }

    private static boolean isContinuation(byte value, int lo, int hi) {
        int v = value & 0xFF;
        return v >= lo && v <= hi;
    }
}
