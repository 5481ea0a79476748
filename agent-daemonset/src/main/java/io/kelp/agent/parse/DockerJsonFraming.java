package io.kelp.agent.parse;

/**
 * Turns docker json-file lines into events. Docker splits long lines into entries whose {@code log}
 * does not end with a newline; those are joined per stream until the entry that does. A line that
 * is not a docker entry is shipped whole, flagged malformed. Offsets as in {@link CriFraming}.
 */
public final class DockerJsonFraming implements LineSink {

    private final EventSink sink;
    private final DockerJsonLine entry = new DockerJsonLine(4096);
    private final LogEvent event = new LogEvent();
    private final PartialMessage stdout;
    private final PartialMessage stderr;

    public DockerJsonFraming(EventSink sink, int maxMessageBytes) {
        this.sink = sink;
        this.stdout = new PartialMessage("stdout", maxMessageBytes);
        this.stderr = new PartialMessage("stderr", maxMessageBytes);
    }

    @Override
    public void line(byte[] b, int from, int to, long offset, long nextOffset, boolean truncated) {
        long pendingStart = Math.min(stdout.active ? stdout.startOffset : Long.MAX_VALUE,
                stderr.active ? stderr.startOffset : Long.MAX_VALUE);
        if (truncated || !entry.parse(b, from, to)) {
            emitRaw(b, from, to, offset, Math.min(pendingStart, nextOffset),
                    LogEvent.FLAG_MALFORMED | (truncated ? LogEvent.FLAG_TRUNCATED : 0));
            return;
        }
        PartialMessage own = "stderr".equals(entry.stream()) ? stderr : stdout;
        PartialMessage other = own == stdout ? stderr : stdout;
        byte[] log = entry.log();
        int length = entry.logLength();
        boolean complete = length > 0 && log[length - 1] == '\n';
        int messageEnd = complete ? length - 1 : length;
        if (!complete) {
            own.append(log, 0, messageEnd, b, entry.timeStart(), entry.timeEnd(), entry.epochMillis(), offset, false);
            return;
        }
        long resume = other.active ? Math.min(other.startOffset, nextOffset) : nextOffset;
        if (own.active) {
            own.append(log, 0, messageEnd, b, entry.timeStart(), entry.timeEnd(), entry.epochMillis(), offset, false);
            own.emit(event, resume, 0);
            sink.accept(event);
            own.reset();
            return;
        }
        event.message = log;
        event.messageStart = 0;
        event.messageEnd = messageEnd;
        event.timestamp = b;
        event.timestampStart = entry.timeStart();
        event.timestampEnd = entry.timeEnd();
        event.epochMillis = entry.epochMillis();
        event.stream = own.name;
        event.offset = offset;
        event.resumeOffset = resume;
        event.flags = 0;
        sink.accept(event);
    }

    private void emitRaw(byte[] b, int from, int to, long offset, long resume, int flags) {
        sink.accept(event.stampedOnRead(b, from, to, offset, resume, flags));
    }

    @Override
    public void endOfInput(long offset) {
        for (PartialMessage p : new PartialMessage[] {stdout, stderr}) {
            if (p.active) {
                PartialMessage other = p == stdout ? stderr : stdout;
                p.emit(event, other.active ? Math.min(other.startOffset, offset) : offset, LogEvent.FLAG_INCOMPLETE);
                sink.accept(event);
                p.reset();
            }
        }
    }
}
