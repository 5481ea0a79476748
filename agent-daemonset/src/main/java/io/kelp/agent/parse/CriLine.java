package io.kelp.agent.parse;

/**
 * One CRI log line, {@code <RFC3339Nano> <stdout|stderr> <P|F> <message>}, parsed in place: the
 * fields are positions in the caller's buffer, so parsing allocates nothing. A parser instance is
 * reused for every line of one file and is not thread-safe.
 */
public final class CriLine {

    public enum Stream { STDOUT, STDERR }

    private int timestampStart;
    private int timestampEnd;
    private long epochMillis;
    private Stream stream;
    private boolean partial;
    private int messageStart;
    private int messageEnd;

    /**
     * Parses {@code b[from, to)} (one line without its newline). Returns false when the line is not
     * CRI; the caller then ships it whole and flags it, it is never dropped.
     */
    public boolean parse(byte[] b, int from, int to) {
        int sp1 = indexOf(b, from, to, (byte) ' ');
        if (sp1 < 0) {
            return false;
        }
        long millis = Rfc3339.toEpochMillis(b, from, sp1);
        if (millis == Rfc3339.INVALID) {
            return false;
        }
        int sp2 = indexOf(b, sp1 + 1, to, (byte) ' ');
        if (sp2 < 0) {
            return false;
        }
        Stream parsedStream = streamOf(b, sp1 + 1, sp2);
        if (parsedStream == null) {
            return false;
        }
        // The tag is "P" or "F", possibly followed by ":"-separated future tags; the message may be
        // empty, in which case the line ends right after the tag (no trailing space).
        int tagEnd = indexOf(b, sp2 + 1, to, (byte) ' ');
        int tagLimit = tagEnd < 0 ? to : tagEnd;
        if (tagLimit == sp2 + 1 || (b[sp2 + 1] != 'P' && b[sp2 + 1] != 'F')
                || (tagLimit > sp2 + 2 && b[sp2 + 2] != ':')) {
            return false;
        }
        timestampStart = from;
        timestampEnd = sp1;
        epochMillis = millis;
        stream = parsedStream;
        partial = b[sp2 + 1] == 'P';
        messageStart = tagEnd < 0 ? to : tagEnd + 1;
        messageEnd = to;
        return true;
    }

    private static Stream streamOf(byte[] b, int from, int to) {
        if (to - from == 6 && b[from] == 's' && b[from + 1] == 't' && b[from + 2] == 'd' && b[from + 3] == 'o'
                && b[from + 4] == 'u' && b[from + 5] == 't') {
            return Stream.STDOUT;
        }
        if (to - from == 6 && b[from] == 's' && b[from + 1] == 't' && b[from + 2] == 'd' && b[from + 3] == 'e'
                && b[from + 4] == 'r' && b[from + 5] == 'r') {
            return Stream.STDERR;
        }
        return null;
    }

    static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    public int timestampStart() {
        return timestampStart;
    }

    public int timestampEnd() {
        return timestampEnd;
    }

    public long epochMillis() {
        return epochMillis;
    }

    public Stream stream() {
        return stream;
    }

    public boolean partial() {
        return partial;
    }

    public int messageStart() {
        return messageStart;
    }

    public int messageEnd() {
        return messageEnd;
    }
}
