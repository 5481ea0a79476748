package io.kelp.agent.parse;

/**
 * One log event ready to be encoded: positions into buffers owned by the framing stage, valid only
 * during the {@link EventSink#accept} call. Reused for every event of a file so the hot path
 * allocates nothing here.
 */
public final class LogEvent {

    public static final int FLAG_TRUNCATED = 1;
    public static final int FLAG_MALFORMED = 1 << 1;
    /** Set by framing when a P partial was flushed without its F line (file ended or rotated). */
    public static final int FLAG_INCOMPLETE = 1 << 2;

    public byte[] message;
    public int messageStart;
    public int messageEnd;
    /** RFC 3339 text of the event time, copied verbatim into {@code @timestamp}; null: format {@link #epochMillis}. */
    public byte[] timestamp;
    public int timestampStart;
    public int timestampEnd;
    public long epochMillis;
    /** "stdout" / "stderr", or null when the source has no stream. */
    public String stream;
    /** Byte offset of the event's first line: the record id's offset. */
    public long offset;
    /**
     * Where a restart must resume reading once this event (and every earlier one) is acknowledged.
     * Usually the end of its last line; earlier when a partial of the other stream is still pending.
     */
    public long resumeOffset;
    public int flags;

    /**
     * Fills this event with bytes that carry no timestamp or stream of their own (plain lines, or
     * lines that could not be parsed and are shipped as they are): stamped with the time they were read.
     */
    public LogEvent stampedOnRead(byte[] bytes, int from, int to, long offset, long resume, int flags) {
        message = bytes;
        messageStart = from;
        messageEnd = to;
        timestamp = null;
        epochMillis = System.currentTimeMillis();
        stream = null;
        this.offset = offset;
        resumeOffset = resume;
        this.flags = flags;
        return this;
    }

    /**
     * Drops the references into the framing's buffers once the event is consumed: a tail at rest
     * would otherwise keep the read buffer it released alive through its reused event.
     */
    public void forgetBuffers() {
        message = null;
        timestamp = null;
    }

    public int messageLength() {
        return messageEnd - messageStart;
    }
}
