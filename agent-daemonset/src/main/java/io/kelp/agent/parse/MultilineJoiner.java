package io.kelp.agent.parse;

import java.nio.charset.StandardCharsets;

/**
 * Joins events into multi-line events: an event whose message matches the start pattern (or comes
 * from another stream) begins a new group, any other continues the current one, joined with
 * {@code '\n'}. A group is shipped when the next one begins, or when no line arrived for
 * {@code maxWaitMillis} (the last stack trace of a burst must not wait forever).
 *
 * <p>Offsets: the group's id offset is its first line's, its resume offset its last line's, so
 * a restart re-reads a group that was not shipped yet from its first line. Not thread-safe.
 */
public final class MultilineJoiner implements EventSink {

    private final EventSink downstream;
    private final MultilineRule rule;
    private final int maxBytes;
    /** Grows (doubling) up to maxBytes as groups need it, so a file with short groups stays small. */
    private byte[] data = new byte[1024];
    private final byte[] timestamp = new byte[64];
    private final LogEvent out = new LogEvent();
    private boolean active;
    private int length;
    private int timestampLength;
    private boolean hasTimestamp;
    private long epochMillis;
    private String stream;
    private long offset;
    private long resumeOffset;
    private int flags;
    private long lastLineNanos;

    public MultilineJoiner(EventSink downstream, MultilineRule rule, int maxBytes) {
        this.downstream = downstream;
        this.rule = rule;
        this.maxBytes = maxBytes;
    }

    @Override
    public void accept(LogEvent e) {
        boolean continues = active && java.util.Objects.equals(e.stream, stream) && !startsEvent(e);
        if (continues) {
            append((byte) '\n');
            appendMessage(e);
            resumeOffset = e.resumeOffset;
            flags |= e.flags;
        } else {
            flush();
            begin(e);
        }
        lastLineNanos = System.nanoTime();
        e.forgetBuffers();
    }

    /** Ships the pending group when no line continued it within the rule's wait. */
    public void flushIfIdle(long nowNanos) {
        if (active && nowNanos - lastLineNanos >= rule.maxWaitMillis() * 1_000_000L) {
            flush();
        }
    }

    /** Ships the pending group, if any. */
    public void flush() {
        if (!active) {
            return;
        }
        active = false;
        out.message = data;
        out.messageStart = 0;
        out.messageEnd = length;
        out.timestamp = hasTimestamp ? timestamp : null;
        out.timestampStart = 0;
        out.timestampEnd = timestampLength;
        out.epochMillis = epochMillis;
        out.stream = stream;
        out.offset = offset;
        out.resumeOffset = resumeOffset;
        out.flags = flags;
        downstream.accept(out);
    }

    public boolean pending() {
        return active;
    }

    private boolean startsEvent(LogEvent e) {
        // Decoding allocates, but only for tasks that asked for multiline.
        String text = new String(e.message, e.messageStart, e.messageLength(), StandardCharsets.UTF_8);
        return rule.start().matcher(text).find();
    }

    private void begin(LogEvent e) {
        active = true;
        length = 0;
        appendMessage(e);
        hasTimestamp = e.timestamp != null;
        if (hasTimestamp) {
            timestampLength = Math.min(timestamp.length, e.timestampEnd - e.timestampStart);
            System.arraycopy(e.timestamp, e.timestampStart, timestamp, 0, timestampLength);
        }
        epochMillis = e.epochMillis;
        stream = e.stream;
        offset = e.offset;
        resumeOffset = e.resumeOffset;
        flags = e.flags;
    }

    private void appendMessage(LogEvent e) {
        int n = e.messageLength();
        int room = maxBytes - length;
        if (n > room) {
            flags |= LogEvent.FLAG_TRUNCATED;
            n = room;
        }
        ensureCapacity(length + n);
        System.arraycopy(e.message, e.messageStart, data, length, n);
        length += n;
    }

    private void ensureCapacity(int needed) {
        if (needed > data.length) {
            data = java.util.Arrays.copyOf(data, Math.min(maxBytes, Math.max(needed, 2 * data.length)));
        }
    }

    private void append(byte b) {
        if (length < maxBytes) {
            ensureCapacity(length + 1);
            data[length++] = b;
        } else {
            flags |= LogEvent.FLAG_TRUNCATED;
        }
    }
}
