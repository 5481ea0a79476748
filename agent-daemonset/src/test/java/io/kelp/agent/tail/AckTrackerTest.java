package io.kelp.agent.tail;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

class AckTrackerTest {

    @Test
    void committedOffsetMovesOnlyOverAContiguousPrefixOfAcks() {
        AckTracker tracker = new AckTracker(100);
        long a = tracker.register(110);
        long b = tracker.register(120);
        long c = tracker.register(130);
        tracker.acknowledge(c);
        tracker.acknowledge(b);
        assertThat(tracker.committed()).isEqualTo(100);
        tracker.acknowledge(a);
        assertThat(tracker.committed()).isEqualTo(130);
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void growsPastItsInitialCapacityWithoutLosingOrder() {
        AckTracker tracker = new AckTracker(0);
        long[] seqs = new long[5000];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = tracker.register(i + 1);
        }
        for (int i = seqs.length - 1; i >= 1; i--) {
            tracker.acknowledge(seqs[i]);
        }
        assertThat(tracker.committed()).isZero();
        tracker.acknowledge(seqs[0]);
        assertThat(tracker.committed()).isEqualTo(5000);
    }

    @Test
    void countsEveryAcknowledgedRecordOnTheCollectionsCounter() {
        LongAdder shipped = new LongAdder();
        AckTracker tracker = new AckTracker(0, shipped);
        long a = tracker.register(10);
        long b = tracker.register(20);
        tracker.acknowledge(b);
        assertThat(shipped.sum()).isEqualTo(1);
        tracker.acknowledge(a);
        assertThat(shipped.sum()).isEqualTo(2);
    }

    @Test
    void oldestWaitingClockStartsWhenARecordEntersAnEmptyTrackerAndMovesWithTheHead() {
        AtomicLong clock = new AtomicLong(5);
        AckTracker tracker = new AckTracker(0, clock::get);
        assertThat(tracker.oldestWaitingSinceNanos()).isEqualTo(Long.MAX_VALUE);

        long a = tracker.register(10);
        clock.set(7);
        long b = tracker.register(20);
        assertThat(tracker.oldestWaitingSinceNanos()).isEqualTo(5);

        clock.set(9);
        tracker.acknowledge(a);
        assertThat(tracker.oldestWaitingSinceNanos()).isEqualTo(9);
        tracker.acknowledge(b);
        assertThat(tracker.oldestWaitingSinceNanos()).isEqualTo(Long.MAX_VALUE);

        clock.set(100);
        tracker.register(30);
        assertThat(tracker.oldestWaitingSinceNanos()).isEqualTo(100);
    }

    /**
     * The tailing thread registers without the lock while the producer's thread acknowledges, as in
     * the agent: acknowledgements arrive out of order within windows, the ring grows and wraps
     * many times, and the committed offset never passes a record that is not acknowledged yet.
     */
    @Test
    void registeringAndAcknowledgingOnTwoThreadsCommitsOnlyAcknowledgedPrefixes() throws Exception {
        int records = 1_000_000;
        int window = 64;
        LongAdder acknowledged = new LongAdder();
        AckTracker tracker = new AckTracker(0, acknowledged);
        BlockingQueue<Long> sent = new ArrayBlockingQueue<>(20_000);
        AtomicBoolean done = new AtomicBoolean();

        CompletableFuture<Void> producerThread = CompletableFuture.runAsync(() -> {
            long[] batch = new long[window];
            try {
                for (int taken = 0; taken < records; taken += window) {
                    for (int i = 0; i < window; i++) {
                        batch[i] = sent.take();
                    }
                    for (int i = window - 1; i >= 0; i--) { // out of order, as acks of several partitions
                        tracker.acknowledge(batch[i]);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<Long> checkpointThread = CompletableFuture.supplyAsync(() -> {
            long last = 0;
            while (!done.get()) {
                long committed = tracker.committed();
                long acksSoFar = acknowledged.sum();
                assertThat(committed).isGreaterThanOrEqualTo(last).isLessThanOrEqualTo(acksSoFar);
                last = committed;
            }
            return last;
        });

        for (int i = 0; i < records; i++) {
            sent.put(tracker.register(i + 1)); // offsets 1..records: committed = how many are acknowledged in a row
        }
        producerThread.get(60, TimeUnit.SECONDS);
        done.set(true);
        checkpointThread.get(10, TimeUnit.SECONDS);

        assertThat(tracker.committed()).isEqualTo(records);
        assertThat(tracker.inFlight()).isZero();
        assertThat(tracker.oldestWaitingSinceNanos()).isEqualTo(Long.MAX_VALUE);
    }
}
