package io.kelp.agent.ship;

import io.kelp.agent.AgentCounters;
import io.kelp.agent.tail.AckTracker;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
        AtomicLong now = new AtomicLong();
        AckTracker tracker = new AckTracker(0, now::get);
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
        AtomicLong now = new AtomicLong();
        AckTracker tracker = new AckTracker(0, now::get);
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

    /** Acknowledges every record at once except those whose key starts with "stuck". */
    private static final class OnePartitionStuck extends MockProducer<byte[], byte[]> {
        private final java.util.List<Callback> held = new java.util.ArrayList<>();

        OnePartitionStuck() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized java.util.concurrent.Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record,
                                                                              Callback callback) {
            if (new String(record.key(), StandardCharsets.UTF_8).startsWith("stuck")) {
                held.add(callback);
                return new java.util.concurrent.CompletableFuture<>();
            }
            return super.send(record, callback);
        }

        @Override
        public synchronized void close(Duration timeout) {
            held.forEach(c -> c.onCompletion(null, new KafkaException("Producer is closed forcefully.")));
            held.clear();
            super.close(timeout);
        }
    }

    @Test
    void oneRecordWaitingTooLongReplacesTheProducerEvenWhileOthersAreAcknowledged() throws Exception {
        OnePartitionStuck stuck = new OnePartitionStuck();
        MockProducer<byte[], byte[]> healthy = acknowledging();
        Deque<Producer<byte[], byte[]>> producers = new ArrayDeque<>(List.of(stuck, healthy));
        AgentCounters counters = new AgentCounters();
        AtomicLong now = new AtomicLong();
        AckTracker tracker = new AckTracker(0, now::get);
        try (KafkaRecordSender sender = new KafkaRecordSender(producers::removeFirst, 1 << 20, Duration.ofSeconds(60),
                now::get, counters)) {
            sender.send("t", bytes("stuck-0"), bytes("v"), 1L, tracker, tracker.register(10));
            for (int i = 1; i <= 100; i++) {
                now.addAndGet(Duration.ofSeconds(1).toNanos());
                sender.send("t", bytes("ok-" + i), bytes("v"), 1L, tracker, tracker.register(10L * (i + 1)));
                sender.resendFailed();
                if (i < 60) {
                    assertThat(counters.producerReplacements.sum()).as("after %d s", i).isZero();
                }
            }
            assertThat(counters.producerReplacements.sum()).isEqualTo(1);
            assertThat(healthy.history()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .startsWith("stuck-0");
            assertThat(tracker.committed()).as("every record acknowledged, the stuck one through the new producer")
                    .isEqualTo(1010);
        }
    }

    @Test
    void producerIsKeptWhileNothingIsInFlight() throws Exception {
        MockProducer<byte[], byte[]> healthy = acknowledging();
        AgentCounters counters = new AgentCounters();
        AtomicLong now = new AtomicLong();
        AckTracker tracker = new AckTracker(0, now::get);
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
