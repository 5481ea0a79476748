package io.kelp.agent.parse;

import java.nio.charset.StandardCharsets;

/**
 * Finds a log level in the first bytes of a message by a plain byte scan (no regex, no
 * allocation): the first upper-case token among ERROR, WARN/WARNING, INFO, DEBUG, TRACE, FATAL,
 * CRITICAL that stands alone (not inside a longer word), e.g. {@code 2024-01-01 12:00 WARN [main]}.
 * Only upper case counts: lower-case "error" is too often part of the message text itself.
 * Stateless and thread-safe.
 */
public final class LevelDetector {

    /** How far into a message a level is looked for: levels sit in the line's prefix. */
    public static final int SCAN_BYTES = 96;

    private static final byte[][] TOKENS = bytes("ERROR", "WARNING", "WARN", "INFO", "DEBUG", "TRACE", "FATAL",
            "CRITICAL");
    private static final byte[][] LEVELS = bytes("error", "warn", "warn", "info", "debug", "trace", "fatal",
            "critical");

    private LevelDetector() {
    }

    /** Per byte value: bit t set when token t starts with that byte (most bytes start none). */
    private static final int[] STARTS = new int[256];

    static {
        for (int t = 0; t < TOKENS.length; t++) {
            STARTS[TOKENS[t][0]] |= 1 << t;
        }
    }

    /** The level's canonical lower-case bytes, or null when the prefix names none. */
    public static byte[] detect(byte[] b, int from, int to) {
        int end = Math.min(to, from + SCAN_BYTES);
        for (int i = from; i < end; i++) {
            int candidates = STARTS[b[i] & 0xFF];
            if (candidates == 0 || (i > from && isWordByte(b[i - 1]))) {
                continue;
            }
            for (int t = 0; t < TOKENS.length; t++) {
                if ((candidates & (1 << t)) != 0 && matchesAt(b, i, to, TOKENS[t])) {
                    return LEVELS[t];
                }
            }
        }
        return null;
    }

    /**
     * The canonical bytes of a level given as a whole value (a JSON log's {@code "level"}), matched
     * ignoring case: {@code WARNING} and {@code warn} both give {@code warn}. Null when the value is
     * not one of the known levels.
     */
    public static byte[] canonical(byte[] b, int from, int to) {
        for (int t = 0; t < TOKENS.length; t++) {
            byte[] token = TOKENS[t];
            if (to - from == token.length && equalsIgnoringAsciiCase(b, from, token)) {
                return LEVELS[t];
            }
        }
        return null;
    }

    private static boolean equalsIgnoringAsciiCase(byte[] b, int from, byte[] upper) {
        for (int k = 0; k < upper.length; k++) {
            int c = b[from + k];
            if (c >= 'a' && c <= 'z') {
                c -= 'a' - 'A';
            }
            if (c != upper[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesAt(byte[] b, int at, int to, byte[] token) {
        int after = at + token.length;
        if (after > to) {
            return false;
        }
        for (int k = 0; k < token.length; k++) {
            if (b[at + k] != token[k]) {
                return false;
            }
        }
        return after == to || !isWordByte(b[after]);
    }

    private static boolean isWordByte(byte c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static byte[][] bytes(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }
}
