package io.kelp.agent.tail;

import org.junit.jupiter.api.Test;

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
}
