package io.kelp.agent.parse;

/**
 * Turns CRI lines into events: an {@code F} line is an event; {@code P} partials are joined, per
 * stream, until their {@code F} line. A line that is not CRI is shipped whole, flagged malformed.
 *
 * <p>Offsets: an event's id offset is the offset of its first line. Its resume offset (where a
 * restart continues once it is acknowledged) never passes the first line of a partial still
 * pending on the other stream, so a crash can never skip half of an assembled message.
 */
public final class CriFraming implements LineSink {

    private final EventSink sink;
    private final int maxMessageBytes;
    private final CriLine cri = new CriLine();
    private final LogEvent event = new LogEvent();
    private final Partial stdout;
    private final Partial stderr;

    public CriFraming(EventSink sink, int maxMessageBytes) {
        this.sink = sink;
        this.maxMessageBytes = maxMessageBytes;
        this.stdout = new Partial("stdout", maxMessageBytes);
        this.stderr = new Partial("stderr", maxMessageBytes);
    }

    @Override
    public void line(byte[] b, int from, int to, long offset, long nextOffset, boolean truncated) {
        if (!cri.parse(b, from, to)) {
            emitMalformed(b, from, to, offset, nextOffset, truncated);
            return;
        }
        Partial own = cri.stream() == CriLine.Stream.STDOUT ? stdout : stderr;
        Partial other = own == stdout ? stderr : stdout;
        if (cri.partial()) {
            own.append(cri, offset, truncated);
            return;
        }
        long resume = other.active ? Math.min(other.startOffset, nextOffset) : nextOffset;
        if (own.active) {
            own.append(cri, offset, truncated);
            own.emit(event, resume, 0);
            sink.accept(event);
            own.reset();
        } else {
            event.message = b;
            event.messageStart = cri.messageStart();
            event.messageEnd = cri.messageEnd();
            event.timestamp = b;
            event.timestampStart = cri.timestampStart();
            event.timestampEnd = cri.timestampEnd();
            event.epochMillis = cri.epochMillis();
            event.stream = own.name;
            event.offset = offset;
            event.resumeOffset = resume;
            event.flags = truncated ? LogEvent.FLAG_TRUNCATED : 0;
            sink.accept(event);
        }
    }

    private void emitMalformed(byte[] b, int from, int to, long offset, long nextOffset, boolean truncated) {
        long resume = nextOffset;
        if (stdout.active) {
            resume = Math.min(resume, stdout.startOffset);
        }
        if (stderr.active) {
            resume = Math.min(resume, stderr.startOffset);
        }
        event.message = b;
        event.messageStart = from;
        event.messageEnd = to;
        event.timestamp = null;
        event.epochMillis = System.currentTimeMillis();
        event.stream = null;
        event.offset = offset;
        event.resumeOffset = resume;
        event.flags = LogEvent.FLAG_MALFORMED | (truncated ? LogEvent.FLAG_TRUNCATED : 0);
        sink.accept(event);
    }

    /**
     * Flushes partials that will never get their F line (the file was rotated away or deleted), so
     * they are shipped, flagged incomplete, instead of lost.
     */
    @Override
    public void endOfInput(long offset) {
        Partial first = stdout.active && (!stderr.active || stdout.startOffset <= stderr.startOffset) ? stdout : stderr;
        Partial second = first == stdout ? stderr : stdout;
        for (Partial p : new Partial[] {first, second}) {
            if (p.active) {
                Partial rest = p == first ? second : null;
                long resume = rest != null && rest.active ? rest.startOffset : offset;
                p.emit(event, resume, LogEvent.FLAG_INCOMPLETE);
                sink.accept(event);
                p.reset();
            }
        }
    }

    /** The offset before which every byte belongs to an emitted event. */
    public long pendingFrom(long readOffset) {
        long pending = readOffset;
        if (stdout.active) {
            pending = Math.min(pending, stdout.startOffset);
        }
        if (stderr.active) {
            pending = Math.min(pending, stderr.startOffset);
        }
        return pending;
    }

    /** A message being assembled from P partials of one stream. */
    private static final class Partial {
        final String name;
        final byte[] data;
        final byte[] timestamp = new byte[64];
        int length;
        int timestampLength;
        long epochMillis;
        long startOffset;
        boolean truncated;
        boolean active;

        Partial(String name, int maxBytes) {
            this.name = name;
            this.data = new byte[maxBytes];
        }

        void append(CriLine line, long offset, boolean lineTruncated) {
            if (!active) {
                active = true;
                startOffset = offset;
                epochMillis = line.epochMillis();
                timestampLength = Math.min(timestamp.length, line.timestampEnd() - line.timestampStart());
                System.arraycopy(line.buffer(), line.timestampStart(), timestamp, 0, timestampLength);
            }
            int n = line.messageEnd() - line.messageStart();
            int room = data.length - length;
            if (n > room) {
                truncated = true;
                n = room;
            }
            System.arraycopy(line.buffer(), line.messageStart(), data, length, n);
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
}
