package io.kelp.agent.record;

import io.kelp.agent.parse.Utf8;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that writes JSON pieces as UTF-8. {@link #string} validates UTF-8 while
 * escaping, in one pass over the raw bytes: an invalid byte becomes U+FFFD and NUL becomes
 * {@code \u0000}, and both are reported through the return value so the record can be flagged.
 */
public final class JsonBytes {

    public static final int SAW_INVALID_UTF8 = 1;
    public static final int SAW_NUL = 2;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
    /** Bytes copied as they are: printable ASCII except the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private byte[] buf;
    private int len;

    public JsonBytes(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    public void reset() {
        len = 0;
    }

    public int length() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /**
     * Makes room for {@code n} bytes the caller writes itself into {@link #array()}; returns where
     * they start. The array may be replaced by later writes: fetch it after reserving.
     */
    public int reserve(int n) {
        ensure(n);
        int at = len;
        len += n;
        return at;
    }

    public byte[] array() {
        return buf;
    }

    public JsonBytes raw(JsonBytes other) {
        return raw(other.buf, 0, other.len);
    }

    public JsonBytes raw(byte[] bytes) {
        return raw(bytes, 0, bytes.length);
    }

    public JsonBytes raw(byte[] bytes, int from, int to) {
        ensure(to - from);
        System.arraycopy(bytes, from, buf, len, to - from);
        len += to - from;
        return this;
    }

    public JsonBytes raw(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    /** Copies {@code b[from, to)} with ASCII letters lower-cased (other bytes as they are). */
    public JsonBytes lowerCaseAscii(byte[] b, int from, int to) {
        ensure(to - from);
        for (int i = from; i < to; i++) {
            byte c = b[i];
            buf[len++] = c >= 'A' && c <= 'Z' ? (byte) (c + ('a' - 'A')) : c;
        }
        return this;
    }

    public JsonBytes number(long value) {
        if (value == 0) {
            return raw((byte) '0');
        }
        ensure(20);
        if (value < 0) {
            buf[len++] = '-';
            value = -value;
        }
        int start = len;
        while (value > 0) {
            buf[len++] = (byte) ('0' + value % 10);
            value /= 10;
        }
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
        return this;
    }

    /** Writes a JSON string of a Java string (metadata: names, labels, paths). */
    public JsonBytes string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        string(utf8, 0, utf8.length);
        return this;
    }

    /** Writes {@code b[from, to)} as a JSON string; returns {@link #SAW_INVALID_UTF8}/{@link #SAW_NUL} bits. */
    public int string(byte[] b, int from, int to) {
        ensure((to - from) + 2);
        buf[len++] = '"';
        int seen = 0;
        int i = from;
        while (i < to) {
            // Log lines are mostly plain ASCII: find the run with a table lookup, copy it in bulk.
            int run = i;
            while (run < to && PLAIN[b[run] & 0xFF]) {
                run++;
            }
            if (run > i) {
                System.arraycopy(b, i, buf, len, run - i);
                len += run - i;
                i = run;
                continue;
            }
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    ensure(2 + (to - i));
                    buf[len++] = '\\';
                }
                buf[len++] = (byte) c;
                i++;
            } else if (c < 0x20) {
                ensure(6 + (to - i));
                escapeControl(c);
                if (c == 0) {
                    seen |= SAW_NUL;
                }
                i++;
            } else {
                int n = Utf8.validSequenceLength(b, i, to);
                if (n > 0) {
                    System.arraycopy(b, i, buf, len, n);
                    len += n;
                    i += n;
                } else {
                    ensure(3 + (to - i));
                    System.arraycopy(REPLACEMENT, 0, buf, len, 3);
                    len += 3;
                    seen |= SAW_INVALID_UTF8;
                    i++;
                }
            }
        }
        ensure(1);
        buf[len++] = '"';
        return seen;
    }

    private void escapeControl(int c) {
        buf[len++] = '\\';
        switch (c) {
            case '\n' -> buf[len++] = 'n';
            case '\r' -> buf[len++] = 'r';
            case '\t' -> buf[len++] = 't';
            case '\b' -> buf[len++] = 'b';
            case '\f' -> buf[len++] = 'f';
            default -> {
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[c >> 4];
                buf[len++] = HEX[c & 0xF];
            }
        }
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
