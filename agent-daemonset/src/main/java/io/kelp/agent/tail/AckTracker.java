package io.kelp.agent.tail;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Tracks the records of one file that are in flight to Kafka (each carrying one or more events) and
 * yields the offset up to which everything is acknowledged. Records of one file go to several partitions, so acks arrive out of
 * order; the committed offset only moves over a contiguous prefix of acknowledged records, so a
 * checkpoint never skips a record that might still be lost.
 *
 * <p>Threading: {@link #register} is called by the tailing thread, {@link #acknowledge} by the
 * Kafka producer's I/O thread; all state is guarded by this object's monitor. A ring buffer keeps
 * it allocation-free in steady state.
 */
public final class AckTracker {

    private long[] resumeOffsets;
    private int[] events;
    private boolean[] acked;
    /** Sequence numbers [head, tail) are in flight; slot = seq & mask. */
    private long head;
    private long tail;
    private long committed;
    /** The events of every acknowledged record are counted here too (the collection's heartbeat counter). */
    private final LongAdder acknowledged;
    private final LongSupplier nanoClock;
    /** Since when the record at {@code head} has been the oldest one waiting (valid while head < tail). */
    private long headSinceNanos;

    public AckTracker(long startOffset) {
        this(startOffset, new LongAdder(), System::nanoTime);
    }

    public AckTracker(long startOffset, LongAdder acknowledged) {
        this(startOffset, acknowledged, System::nanoTime);
    }

    public AckTracker(long startOffset, LongSupplier nanoClock) {
        this(startOffset, new LongAdder(), nanoClock);
    }

    public AckTracker(long startOffset, LongAdder acknowledged, LongSupplier nanoClock) {
        this.committed = startOffset;
        this.acknowledged = acknowledged;
        this.nanoClock = nanoClock;
        // Small at first (a power of two): thousands of rotated files can be open at once, most of
        // them idle; a busy file's ring grows to what it has in flight.
        this.resumeOffsets = new long[16];
        this.events = new int[16];
        this.acked = new boolean[16];
    }

    /** Registers the next record, of one event; returns its sequence number for {@link #acknowledge}. */
    public long register(long resumeOffset) {
        return register(resumeOffset, 1);
    }

    /** Registers the next record, of {@code eventCount} events; returns its sequence number. */
    public synchronized long register(long resumeOffset, int eventCount) {
        if (tail == head) {
            headSinceNanos = nanoClock.getAsLong();
        } else if (tail - head == resumeOffsets.length) {
            grow();
        }
        int slot = (int) (tail & (resumeOffsets.length - 1));
        resumeOffsets[slot] = resumeOffset;
        events[slot] = eventCount;
        acked[slot] = false;
        return tail++;
    }

    public synchronized void acknowledge(long seq) {
        int mask = resumeOffsets.length - 1;
        acked[(int) (seq & mask)] = true;
        acknowledged.add(events[(int) (seq & mask)]);
        long before = head;
        while (head < tail && acked[(int) (head & mask)]) {
            committed = Math.max(committed, resumeOffsets[(int) (head & mask)]);
            head++;
        }
        if (head != before) {
            headSinceNanos = nanoClock.getAsLong();
        }
    }

    /**
     * Since when (by this tracker's clock) the oldest unacknowledged record has been waiting, at the
     * latest; {@link Long#MAX_VALUE} when nothing is in flight. One record that is never
     * acknowledged shows here even while the records after it are (KafkaRecordSender's stall check).
     */
    public synchronized long oldestWaitingSinceNanos() {
        return head < tail ? headSinceNanos : Long.MAX_VALUE;
    }

    /** Every record before this offset has been acknowledged. */
    public synchronized long committed() {
        return committed;
    }

    public synchronized int inFlight() {
        return (int) (tail - head);
    }

    private void grow() {
        int size = resumeOffsets.length;
        long[] offsets = new long[size * 2];
        int[] counts = new int[size * 2];
        boolean[] flags = new boolean[size * 2];
        for (long seq = head; seq < tail; seq++) {
            int from = (int) (seq & (size - 1));
            int to = (int) (seq & (size * 2 - 1));
            offsets[to] = resumeOffsets[from];
            counts[to] = events[from];
            flags[to] = acked[from];
        }
        resumeOffsets = offsets;
        events = counts;
        acked = flags;
    }
}
