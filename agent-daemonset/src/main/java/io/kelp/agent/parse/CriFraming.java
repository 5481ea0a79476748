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
    private final PartialMessage stdout;
    private final PartialMessage stderr;

    public CriFraming(EventSink sink, int maxMessageBytes) {
        this.sink = sink;
        this.maxMessageBytes = maxMessageBytes;
        this.stdout = new PartialMessage("stdout", maxMessageBytes);
        this.stderr = new PartialMessage("stderr", maxMessageBytes);
    }

    @Override
    public void line(byte[] b, int from, int to, long offset, long nextOffset, boolean truncated) {
        if (!cri.parse(b, from, to)) {
            emitMalformed(b, from, to, offset, nextOffset, truncated);
            return;
        }
        PartialMessage own = cri.stream() == CriLine.Stream.STDOUT ? stdout : stderr;
        PartialMessage other = own == stdout ? stderr : stdout;
        if (cri.partial()) {
            own.append(b, cri.messageStart(), cri.messageEnd(), b, cri.timestampStart(), cri.timestampEnd(),
                    cri.epochMillis(), offset, truncated);
            return;
        }
        long resume = other.active ? Math.min(other.startOffset, nextOffset) : nextOffset;
        if (own.active) {
            own.append(b, cri.messageStart(), cri.messageEnd(), b, cri.timestampStart(), cri.timestampEnd(),
                    cri.epochMillis(), offset, truncated);
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
        sink.accept(event.stampedOnRead(b, from, to, offset, resume,
                LogEvent.FLAG_MALFORMED | (truncated ? LogEvent.FLAG_TRUNCATED : 0)));
    }

    /**
     * Flushes partials that will never get their F line (the file was rotated away or deleted), so
     * they are shipped, flagged incomplete, instead of lost.
     */
    @Override
    public void endOfInput(long offset) {
        PartialMessage first = stdout.active && (!stderr.active || stdout.startOffset <= stderr.startOffset)
                ? stdout : stderr;
        PartialMessage second = first == stdout ? stderr : stdout;
        for (PartialMessage p : new PartialMessage[] {first, second}) {
            if (p.active) {
                PartialMessage rest = p == first ? second : null;
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
}
