package io.kelp.agent.ship;

import io.kelp.agent.tail.AckTracker;

/**
 * Ships records in the {@link io.kelp.contract.EventBatch} layout, each carrying {@code events}
 * events of one file. Implementations acknowledge each record on {@code tracker} once it is
 * durably stored, and block the caller (rather than buffer without bound) when the sink is slow or
 * down: blocking the tailing thread is how the agent stops reading with bounded memory.
 */
public interface RecordSender {

    void send(String topic, byte[] key, byte[] value, long timestampMillis, int events, AckTracker tracker, long seq)
            throws InterruptedException;

    /** Bytes handed to {@link #send} and not yet acknowledged. */
    long inFlightBytes();

    /** Re-sends records whose delivery failed; called by the tailing thread between reads. */
    default void resendFailed() throws InterruptedException {
    }
}
