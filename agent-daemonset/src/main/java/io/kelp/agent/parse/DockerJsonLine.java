package io.kelp.agent.parse;

/**
 * One line of docker's json-file driver, {@code {"log":"text\n","stream":"stdout","time":"<RFC3339>"}},
 * parsed from bytes. {@code log} is unescaped into a reusable buffer; other members (such as
 * {@code attrs}) are skipped. Not thread-safe; one instance per file.
 */
public final class DockerJsonLine {

    private byte[] log;
    private int logLength;
    private byte[] buf;
    private String stream;
    private int streamStart;
    private int streamEnd;
    private int timeStart;
    private int timeEnd;
    private long epochMillis;
    private int pos;

    public DockerJsonLine(int initialCapacity) {
        log = new byte[initialCapacity];
    }

    /** Parses {@code b[from, to)}; false when the line is not a docker json-file entry. */
    public boolean parse(byte[] b, int from, int to) {
        buf = b;
        try {
            boolean parsed = parseEntry(b, from, to);
            stream = parsed ? streamName() : null;
            return parsed;
        } finally {
            // Not kept past the call: the caller's read buffer may be released while the file rests.
            buf = null;
        }
    }

    private boolean parseEntry(byte[] b, int from, int to) {
        pos = skipSpace(from, to);
        logLength = -1;
        streamStart = -1;
        timeStart = -1;
        if (pos >= to || b[pos++] != '{') {
            return false;
        }
        try {
            while (true) {
                pos = skipSpace(pos, to);
                if (pos < to && b[pos] == '}') {
                    break;
                }
                int keyStart = pos + 1;
                int keyEnd = endOfString(pos, to);
                pos = skipSpace(keyEnd + 1, to);
                if (pos >= to || b[pos++] != ':') {
                    return false;
                }
                pos = skipSpace(pos, to);
                if (is(b, keyStart, keyEnd, "log") && b[pos] == '"') {
                    pos = unescapeLog(pos, to);
                } else if (is(b, keyStart, keyEnd, "stream") && b[pos] == '"') {
                    streamStart = pos + 1;
                    streamEnd = endOfString(pos, to);
                    pos = streamEnd + 1;
                } else if (is(b, keyStart, keyEnd, "time") && b[pos] == '"') {
                    timeStart = pos + 1;
                    timeEnd = endOfString(pos, to);
                    pos = timeEnd + 1;
                } else {
                    pos = skipValue(pos, to);
                }
                pos = skipSpace(pos, to);
                if (pos < to && b[pos] == ',') {
                    pos++;
                }
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return false;
        }
        if (logLength < 0 || timeStart < 0) {
            return false;
        }
        epochMillis = Rfc3339.toEpochMillis(b, timeStart, timeEnd);
        return epochMillis != Rfc3339.INVALID;
    }

    private static boolean is(byte[] b, int from, int to, String name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (b[from + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int skipSpace(int i, int to) {
        while (i < to && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r')) {
            i++;
        }
        return i;
    }

    /** Index of the closing quote of the string starting at {@code quote}. */
    private int endOfString(int quote, int to) {
        if (buf[quote] != '"') {
            throw new IllegalArgumentException("expected a string");
        }
        for (int i = quote + 1; i < to; i++) {
            if (buf[i] == '\\') {
                i++;
            } else if (buf[i] == '"') {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }

    private int skipValue(int i, int to) {
        if (buf[i] == '"') {
            return endOfString(i, to) + 1;
        }
        int depth = 0;
        for (; i < to; i++) {
            byte c = buf[i];
            if (c == '"') {
                i = endOfString(i, to);
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return i;
                }
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return i;
    }

    private int unescapeLog(int quote, int to) {
        if (log.length < to - quote) {
            log = new byte[Math.max(log.length * 2, to - quote)];
        }
        int n = 0;
        int i = quote + 1;
        while (true) {
            byte c = buf[i];
            if (c == '"') {
                logLength = n;
                return i + 1;
            }
            if (c != '\\') {
                log[n++] = c;
                i++;
                continue;
            }
            byte e = buf[i + 1];
            i += 2;
            switch (e) {
                case 'n' -> log[n++] = '\n';
                case 't' -> log[n++] = '\t';
                case 'r' -> log[n++] = '\r';
                case 'b' -> log[n++] = '\b';
                case 'f' -> log[n++] = '\f';
                case 'u' -> {
                    int cp = hex4(i);
                    i += 4;
                    if (cp >= 0xD800 && cp <= 0xDBFF && buf[i] == '\\' && buf[i + 1] == 'u') {
                        int low = hex4(i + 2);
                        if (low >= 0xDC00 && low <= 0xDFFF) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                            i += 6;
                        }
                    }
                    n = writeUtf8(cp, n);
                }
                default -> log[n++] = e;
            }
        }
    }

    private int hex4(int i) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(buf[i + k], 16);
            if (d < 0) {
                throw new IllegalArgumentException("bad \\u escape");
            }
            v = v * 16 + d;
        }
        return v;
    }

    private int writeUtf8(int cp, int n) {
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD; // lone surrogate
        }
        if (cp < 0x80) {
            log[n++] = (byte) cp;
        } else if (cp < 0x800) {
            log[n++] = (byte) (0xC0 | cp >> 6);
            log[n++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            log[n++] = (byte) (0xE0 | cp >> 12);
            log[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            log[n++] = (byte) (0x80 | cp & 0x3F);
        } else {
            log[n++] = (byte) (0xF0 | cp >> 18);
            log[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
            log[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            log[n++] = (byte) (0x80 | cp & 0x3F);
        }
        return n;
    }

    public byte[] log() {
        return log;
    }

    public int logLength() {
        return logLength;
    }

    /** "stdout", "stderr", or null when the entry has no stream. */
    public String stream() {
        return stream;
    }

    private String streamName() {
        if (streamStart < 0) {
            return null;
        }
        if (streamEnd - streamStart == 6 && buf[streamStart + 3] == 'o') {
            return "stdout";
        }
        return streamEnd - streamStart == 6 && buf[streamStart + 3] == 'e' ? "stderr" : null;
    }

    public int timeStart() {
        return timeStart;
    }

    public int timeEnd() {
        return timeEnd;
    }

    public long epochMillis() {
        return epochMillis;
    }
}
