package io.kelp.agent.ship;

import io.kelp.agent.AgentCounters;
import io.kelp.agent.tail.AckTracker;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sender's recovery from a producer that never acknowledges (KAFKA-15591), with Kafka's own
 * MockProducer standing in for the broker's side; the Kafka path itself is covered by the ITs.
 */
class KafkaRecordSenderTest {

    /** Acknowledges nothing; closing it fails every pending record, as KafkaProducer.close(ZERO) does. */
    private static final class StalledProducer extends MockProducer<byte[], byte[]> {
        StalledProducer() {
            super(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public void close(Duration timeout) {
            while (errorNext(new KafkaException("Producer is closed forcefully."))) {
                // every pending send fails
            }
            super.close(timeout);
        }
    }

    private static MockProducer<byte[], byte[]> acknowledging() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void stalledProducerIsReplacedAndItsRecordsAreResentWithTheirKeys() throws Exception {
        StalledProducer stalled = new StalledProducer();
        MockProducer<byte[], byte[]> healthy = acknowledging();
        Deque<Producer<byte[], byte[]>> producers = new ArrayDeque<>(List.of(stalled, healthy));
        AgentCounters counters = new AgentCounters();
        AckTracker tracker = new AckTracker(0);
        AtomicLong now = new AtomicLong();
        try (KafkaRecordSender sender = new KafkaRecordSender(producers::removeFirst, 1 << 20, Duration.ofSeconds(60),
                now::get, counters)) {
            for (int i = 0; i < 3; i++) {
                sender.send("t", bytes("key-" + i), bytes("value-" + i), 1_000L + i, tracker,
                        tracker.register(100L * (i + 1)));
            }
            assertThat(stalled.history()).hasSize(3);
            now.addAndGet(Duration.ofSeconds(59).toNanos());
            sender.resendFailed();
            assertThat(counters.producerReplacements.sum()).as("not stalled yet").isZero();

            now.addAndGet(Duration.ofSeconds(2).toNanos());
            sender.resendFailed(); // replaces the producer: its records fail, are queued and re-sent

            assertThat(counters.producerReplacements.sum()).isEqualTo(1);
            assertThat(stalled.closed()).isTrue();
            assertThat(healthy.history()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsExactly("key-0", "key-1", "key-2");
            assertThat(healthy.history()).extracting(ProducerRecord::timestamp).containsExactly(1_000L, 1_001L, 1_002L);
            assertThat(tracker.committed()).isEqualTo(300);
            assertThat(sender.inFlightBytes()).isZero();
            assertThat(counters.recordsShipped.sum()).isEqualTo(3);
        }
    }

    @Test
    void idleTimeBeforeASendDoesNotCountAsAStall() throws Exception {
        StalledProducer stalled = new StalledProducer();
        AgentCounters counters = new AgentCounters();
        AckTracker tracker = new AckTracker(0);
        AtomicLong now = new AtomicLong();
        try (KafkaRecordSender sender = new KafkaRecordSender(() -> stalled, 1 << 20, Duration.ofSeconds(60), now::get,
                counters)) {
            now.addAndGet(Duration.ofHours(1).toNanos());
            sender.resendFailed();
            sender.send("t", bytes("k"), bytes("v"), 1L, tracker, tracker.register(10));
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            sender.resendFailed();
            assertThat(counters.producerReplacements.sum()).isZero();
            assertThat(stalled.closed()).isFalse();
        }
    }

    @Test
    void producerIsKeptWhileNothingIsInFlight() throws Exception {
        MockProducer<byte[], byte[]> healthy = acknowledging();
        AgentCounters counters = new AgentCounters();
        AckTracker tracker = new AckTracker(0);
        AtomicLong now = new AtomicLong();
        try (KafkaRecordSender sender = new KafkaRecordSender(() -> healthy, 1 << 20, Duration.ofSeconds(60), now::get,
                counters)) {
            sender.send("t", bytes("k"), bytes("v"), 1L, tracker, tracker.register(10));
            now.addAndGet(Duration.ofMinutes(10).toNanos());
            sender.resendFailed();
            assertThat(counters.producerReplacements.sum()).isZero();
            assertThat(healthy.closed()).isFalse();
            assertThat(tracker.committed()).isEqualTo(10);
        }
    }
}
