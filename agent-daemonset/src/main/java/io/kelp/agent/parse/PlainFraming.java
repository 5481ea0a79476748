package io.kelp.agent.parse;

/** Each line is an event, timestamped when read (host files with no framing of their own). */
public final class PlainFraming implements LineSink {

    private final EventSink sink;
    private final LogEvent event = new LogEvent();

    public PlainFraming(EventSink sink) {
        this.sink = sink;
    }

    @Override
    public void line(byte[] b, int from, int to, long offset, long nextOffset, boolean truncated) {
        int end = to > from && b[to - 1] == '\r' ? to - 1 : to;
        sink.accept(event.stampedOnRead(b, from, end, offset, nextOffset, truncated ? LogEvent.FLAG_TRUNCATED : 0));
    }
}
