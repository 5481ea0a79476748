package io.kelp.agent.parse;

import java.util.Arrays;

/**
 * Checks that a log line is exactly one JSON object (RFC 8259, UTF-8) and records where each of its
 * top-level members lies, without building any tree or String: the record encoder then copies the
 * members' bytes as they are. Because every byte is validated (string escapes, control characters,
 * UTF-8, numbers, literals, nesting), a copied member is valid JSON by construction.
 *
 * <p>Nested values are only validated, iteratively (no recursion, so a hostile line cannot
 * overflow the stack), up to {@link #MAX_DEPTH} levels. Duplicate top-level keys follow map
 * semantics: the last one wins, earlier ones are marked {@link #shadowed}; keys are compared as
 * raw bytes, so {@code "a"} and {@code "\u0061"} count as different. Reused for every line of a
 * file; not thread-safe.
 */
public final class JsonObjectScanner {

    /** The outcome of {@link #scan}. */
    public enum Result {
        /** One JSON object: its members are available. */
        OBJECT,
        /** The line does not start with '{' (after whitespace): ordinary text. */
        NOT_OBJECT,
        /** Starts like an object but is not one valid JSON object within {@link #MAX_DEPTH}. */
        INVALID
    }

    /**
     * Deepest nesting of objects and arrays accepted, the line's own object included: Elasticsearch
     * refuses documents nested deeper than its default {@code index.mapping.depth.limit} of 20.
     */
    public static final int MAX_DEPTH = 20;

    public static final byte STRING = 1;
    public static final byte NUMBER = 2;
    public static final byte OBJECT = 3;
    public static final byte ARRAY = 4;
    public static final byte TRUE = 5;
    public static final byte FALSE = 6;
    public static final byte NULL = 7;

    /** Bytes a string may hold as they are: printable ASCII except the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private static final int EXPECT_VALUE = 0;
    private static final int EXPECT_VALUE_OR_END = 1;
    private static final int EXPECT_KEY = 2;
    private static final int EXPECT_KEY_OR_END = 3;
    private static final int AFTER_VALUE = 4;

    /** Per member: key start, key end (inside the quotes), value start, value end. */
    private int[] spans = new int[4 * 16];
    private byte[] types = new byte[16];
    private boolean[] shadowed = new boolean[16];
    private int[] table = new int[32];
    private int count;
    private byte[] source;

    /** Scans {@code b[from, to)}; member positions index into {@code b}. */
    public Result scan(byte[] b, int from, int to) {
        source = b;
        count = 0;
        int i = skipWhitespace(b, from, to);
        if (i >= to || b[i] != '{') {
            return Result.NOT_OBJECT;
        }
        i = skipWhitespace(b, i + 1, to);
        if (i < to && b[i] == '}') {
            i++;
        } else {
            while (true) {
                if (i >= to || b[i] != '"') {
                    return Result.INVALID;
                }
                int keyEnd = skipString(b, i, to);
                if (keyEnd < 0) {
                    return Result.INVALID;
                }
                int colon = skipWhitespace(b, keyEnd, to);
                if (colon >= to || b[colon] != ':') {
                    return Result.INVALID;
                }
                int valueStart = skipWhitespace(b, colon + 1, to);
                int valueEnd = valueStart < to ? skipValue(b, valueStart, to, 1) : -1;
                if (valueEnd < 0) {
                    return Result.INVALID;
                }
                add(i + 1, keyEnd - 1, valueStart, valueEnd, typeOf(b[valueStart]));
                i = skipWhitespace(b, valueEnd, to);
                if (i < to && b[i] == ',') {
                    i = skipWhitespace(b, i + 1, to);
                } else if (i < to && b[i] == '}') {
                    i++;
                    break;
                } else {
                    return Result.INVALID;
                }
            }
        }
        if (skipWhitespace(b, i, to) != to) {
            return Result.INVALID;
        }
        markShadowed();
        return Result.OBJECT;
    }

    public int memberCount() {
        return count;
    }

    public int keyStart(int member) {
        return spans[4 * member];
    }

    public int keyEnd(int member) {
        return spans[4 * member + 1];
    }

    public int valueStart(int member) {
        return spans[4 * member + 2];
    }

    public int valueEnd(int member) {
        return spans[4 * member + 3];
    }

    /** {@link #STRING}, {@link #NUMBER}, ... */
    public byte valueType(int member) {
        return types[member];
    }

    /** Whether a later member has the same key (the later one wins). */
    public boolean shadowed(int member) {
        return shadowed[member];
    }

    /** Whether the member's raw key bytes are exactly {@code name}. */
    public boolean keyIs(int member, byte[] name) {
        int start = keyStart(member);
        return keyEnd(member) - start == name.length
                && Arrays.equals(source, start, start + name.length, name, 0, name.length);
    }

    private void add(int keyStart, int keyEnd, int valueStart, int valueEnd, byte type) {
        if (count == types.length) {
            int grown = count * 2;
            spans = Arrays.copyOf(spans, 4 * grown);
            types = Arrays.copyOf(types, grown);
            shadowed = Arrays.copyOf(shadowed, grown);
        }
        int at = 4 * count;
        spans[at] = keyStart;
        spans[at + 1] = keyEnd;
        spans[at + 2] = valueStart;
        spans[at + 3] = valueEnd;
        types[count] = type;
        shadowed[count] = false;
        count++;
    }

    /** Marks every member whose key appears again later: an open-addressing set of keys, last to first. */
    private void markShadowed() {
        if (count < 2) {
            return;
        }
        int size = Integer.highestOneBit(count * 2 - 1) << 1;
        if (table.length < size) {
            table = new int[size];
        } else {
            Arrays.fill(table, 0, size, 0);
        }
        int mask = size - 1;
        for (int m = count - 1; m >= 0; m--) {
            int slot = hashKey(m) & mask;
            while (true) {
                int other = table[slot] - 1;
                if (other < 0) {
                    table[slot] = m + 1;
                    break;
                }
                if (sameKey(m, other)) {
                    shadowed[m] = true;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
    }

    private int hashKey(int member) {
        int h = 0x811C9DC5;
        for (int i = keyStart(member); i < keyEnd(member); i++) {
            h = (h ^ source[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private boolean sameKey(int a, int b) {
        return Arrays.equals(source, keyStart(a), keyEnd(a), source, keyStart(b), keyEnd(b));
    }

    private static byte typeOf(byte first) {
        return switch (first) {
            case '"' -> STRING;
            case '{' -> OBJECT;
            case '[' -> ARRAY;
            case 't' -> TRUE;
            case 'f' -> FALSE;
            case 'n' -> NULL;
            default -> NUMBER;
        };
    }

    /**
     * Skips the value starting at {@code b[i]} (not whitespace) inside {@code outerDepth} open
     * containers; returns the index after it, or -1 when it is not valid JSON or nests too deep.
     */
    static int skipValue(byte[] b, int i, int to, int outerDepth) {
        int depth = 0;
        long objects = 0; // bit d: the container opened at depth d is an object (else an array)
        int state = EXPECT_VALUE;
        while (true) {
            if (state == AFTER_VALUE && depth == 0) {
                return i;
            }
            i = skipWhitespace(b, i, to);
            if (i >= to) {
                return -1;
            }
            byte c = b[i];
            if (state == EXPECT_VALUE_OR_END && c == ']' || state == EXPECT_KEY_OR_END && c == '}') {
                i++;
                depth--;
                state = AFTER_VALUE;
            } else if (state == EXPECT_VALUE || state == EXPECT_VALUE_OR_END) {
                if (c == '{' || c == '[') {
                    if (outerDepth + depth + 1 > MAX_DEPTH) {
                        return -1;
                    }
                    objects = c == '{' ? objects | (1L << depth) : objects & ~(1L << depth);
                    depth++;
                    i++;
                    state = c == '{' ? EXPECT_KEY_OR_END : EXPECT_VALUE_OR_END;
                } else {
                    i = skipScalar(b, i, to);
                    if (i < 0) {
                        return -1;
                    }
                    state = AFTER_VALUE;
                }
            } else if (state == EXPECT_KEY || state == EXPECT_KEY_OR_END) {
                if (c != '"') {
                    return -1;
                }
                int keyEnd = skipString(b, i, to);
                if (keyEnd < 0) {
                    return -1;
                }
                i = skipWhitespace(b, keyEnd, to);
                if (i >= to || b[i] != ':') {
                    return -1;
                }
                i++;
                state = EXPECT_VALUE;
            } else {
                boolean inObject = (objects & (1L << (depth - 1))) != 0;
                if (c == ',') {
                    i++;
                    state = inObject ? EXPECT_KEY : EXPECT_VALUE;
                } else if (c == (inObject ? '}' : ']')) {
                    i++;
                    depth--;
                } else {
                    return -1;
                }
            }
        }
    }

    private static int skipScalar(byte[] b, int i, int to) {
        return switch (b[i]) {
            case '"' -> skipString(b, i, to);
            case 't' -> skipLiteral(b, i, to, "true");
            case 'f' -> skipLiteral(b, i, to, "false");
            case 'n' -> skipLiteral(b, i, to, "null");
            default -> skipNumber(b, i, to);
        };
    }

    /** {@code b[i]} is the opening quote; returns the index after the closing one, or -1. */
    static int skipString(byte[] b, int i, int to) {
        i++;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (PLAIN[c]) {
                i++;
            } else if (c == '"') {
                return i + 1;
            } else if (c == '\\') {
                i = skipEscape(b, i, to);
                if (i < 0) {
                    return -1;
                }
            } else if (c < 0x20) {
                return -1; // a raw control character (a tab included) is not allowed in a JSON string
            } else {
                int n = Utf8.validSequenceLength(b, i, to);
                if (n == 0) {
                    return -1;
                }
                i += n;
            }
        }
        return -1;
    }

    private static int skipEscape(byte[] b, int i, int to) {
        if (i + 1 >= to) {
            return -1;
        }
        switch (b[i + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return i + 2;
            }
            case 'u' -> {
                if (i + 6 > to) {
                    return -1;
                }
                for (int k = i + 2; k < i + 6; k++) {
                    if (Character.digit(b[k], 16) < 0) {
                        return -1;
                    }
                }
                return i + 6;
            }
            default -> {
                return -1;
            }
        }
    }

    private static int skipLiteral(byte[] b, int i, int to, String literal) {
        int n = literal.length();
        if (i + n > to) {
            return -1;
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != literal.charAt(k)) {
                return -1;
            }
        }
        return i + n;
    }

    private static int skipNumber(byte[] b, int i, int to) {
        if (b[i] == '-') {
            i++;
        }
        if (i < to && b[i] == '0') {
            i++;
        } else {
            int digits = skipDigits(b, i, to);
            if (digits == i) {
                return -1;
            }
            i = digits;
        }
        if (i < to && b[i] == '.') {
            int digits = skipDigits(b, i + 1, to);
            if (digits == i + 1) {
                return -1;
            }
            i = digits;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int digits = skipDigits(b, i, to);
            if (digits == i) {
                return -1;
            }
            i = digits;
        }
        return i;
    }

    private static int skipDigits(byte[] b, int i, int to) {
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    private static int skipWhitespace(byte[] b, int i, int to) {
        while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i;
    }
}
