package io.kelp.agent.parse;

/** Receives the events framing produces, in file order. */
@FunctionalInterface
public interface EventSink {
    void accept(LogEvent event);
}
