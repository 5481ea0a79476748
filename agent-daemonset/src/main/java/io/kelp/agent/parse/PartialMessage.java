package io.kelp.agent.parse;

/**
 * A message being assembled from partial lines of one stream (CRI {@code P} lines, docker entries
 * without a trailing newline). Bounded: bytes past {@code maxBytes} are dropped and the message is
 * flagged truncated. Keeps the first part's timestamp and offset. The buffer starts small and
 * doubles up to {@code maxBytes} only when partials actually arrive (most streams never have one).
 */
final class PartialMessage {
    final String name;
    private final int maxBytes;
    byte[] data = new byte[0];
    final byte[] timestamp = new byte[64];
    int length;
    int timestampLength;
    long epochMillis;
    long startOffset;
    boolean truncated;
    boolean active;

    PartialMessage(String name, int maxBytes) {
        this.name = name;
        this.maxBytes = maxBytes;
    }

    void append(byte[] msg, int from, int to, byte[] ts, int tsFrom, int tsTo, long millis, long offset,
                boolean lineTruncated) {
        if (!active) {
            active = true;
            startOffset = offset;
            epochMillis = millis;
            timestampLength = Math.min(timestamp.length, tsTo - tsFrom);
            System.arraycopy(ts, tsFrom, timestamp, 0, timestampLength);
        }
        int n = to - from;
        int room = maxBytes - length;
        if (n > room) {
            truncated = true;
            n = room;
        }
        if (length + n > data.length) {
            int grown = Math.max(length + n, Math.max(1024, 2 * data.length));
            data = java.util.Arrays.copyOf(data, Math.min(maxBytes, grown));
        }
        System.arraycopy(msg, from, data, length, n);
        length += n;
        truncated |= lineTruncated;
    }

    void emit(LogEvent e, long resume, int extraFlags) {
        e.message = data;
        e.messageStart = 0;
        e.messageEnd = length;
        e.timestamp = timestamp;
        e.timestampStart = 0;
        e.timestampEnd = timestampLength;
        e.epochMillis = epochMillis;
        e.stream = name;
        e.offset = startOffset;
        e.resumeOffset = resume;
        e.flags = extraFlags | (truncated ? LogEvent.FLAG_TRUNCATED : 0);
    }

    void reset() {
        active = false;
        length = 0;
        truncated = false;
    }
}
