package io.kelp.agent.ship;

import io.kelp.agent.AgentCounters;
import io.kelp.agent.tail.AckTracker;
import io.kelp.testkit.KelpServers;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sender's recovery from a producer whose records are never acknowledged (KAFKA-15591 does this
 * to one partition), on the test kit's real broker. A topic that demands two in-sync replicas on a
 * one-broker cluster stands in for the refusing partition: the broker answers every produce to it
 * with a retriable NOT_ENOUGH_REPLICAS, so its records wait while other topics' are acknowledged;
 * lowering the requirement lets the re-sent records through. Stall time is counted on a clock the
 * test moves, so the 60 s timeout costs no waiting.
 */
class KafkaRecordSenderStallIT {

    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    // Fresh for every test (JUnit makes an instance per test).
    /** Producers made so far: a second one means the first was replaced. */
    private final AtomicInteger made = new AtomicInteger();
    private final AgentCounters counters = new AgentCounters();
    /** The clock stall time is counted on, moved by the tests. */
    private final AtomicLong now = new AtomicLong();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A topic whose records are refused (retriably) until {@link #letThrough} is called. */
    private static String refusingTopic() throws Exception {
        String topic = "refusing-" + UUID.randomUUID();
        NewTopic newTopic = new NewTopic(topic, 1, (short) 1)
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2"));
        KelpServers.kafka().admin().createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
        KelpServers.kafka().awaitLeaders(topic, Duration.ofSeconds(30));
        return topic;
    }

    private static void letThrough(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        AlterConfigOp op = new AlterConfigOp(new ConfigEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1"),
                AlterConfigOp.OpType.SET);
        KelpServers.kafka().admin().incrementalAlterConfigs(Map.of(resource, List.<AlterConfigOp>of(op)))
                .all().get(30, TimeUnit.SECONDS);
    }

    private static String acceptingTopic() {
        String topic = "accepting-" + UUID.randomUUID();
        KelpServers.kafka().createTopic(topic, 1);
        return topic;
    }

    /** A sender over real producers with the agent's settings, on the test's clock. */
    private KafkaRecordSender newSender() {
        return new KafkaRecordSender(producers(), 1 << 20, STALL_TIMEOUT, now::get, counters);
    }

    /** Real producers with the agent's settings; counts how many were made. */
    private Supplier<Producer<byte[], byte[]>> producers() {
        Map<String, Object> config = KafkaRecordSender.config(KelpServers.kafka().bootstrapServers(),
                Map.of("linger.ms", 0));
        return () -> {
            made.incrementAndGet();
            return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        };
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KelpServers.kafka().bootstrapServers(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "stall-it-" + UUID.randomUUID());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // Anything beyond the expected records would be a duplicate.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    /** Calls {@code resendFailed} (the tailing thread's duty) until {@code done} or 30 s passed. */
    private static void driveUntil(KafkaRecordSender sender, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            sender.resendFailed();
            Thread.sleep(10);
        }
    }

    private static Collection<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void stalledProducerIsReplacedAndItsRecordsAreResentWithTheirKeysAndTimestamps() throws Exception {
        String refusing = refusingTopic();
        AckTracker tracker = new AckTracker(0, now::get);
        try (KafkaRecordSender sender = newSender()) {
            for (int i = 0; i < 3; i++) {
                sender.send(refusing, bytes("key-" + i), bytes("value-" + i), 1_000L + i, 1, tracker,
                        tracker.register(100L * (i + 1)));
            }
            now.addAndGet(Duration.ofSeconds(59).toNanos());
            sender.resendFailed();
            assertThat(counters.producerReplacements.sum()).as("not stalled yet").isZero();

            now.addAndGet(Duration.ofSeconds(2).toNanos());
            sender.resendFailed(); // replaces the producer: its records fail, are queued and re-sent
            assertThat(counters.producerReplacements.sum()).isEqualTo(1);
            assertThat(made.get()).isEqualTo(2);

            letThrough(refusing);
            driveUntil(sender, () -> tracker.committed() == 300);

            assertThat(tracker.committed()).isEqualTo(300);
            assertThat(sender.inFlightBytes()).isZero();
            assertThat(counters.recordsShipped.sum()).isEqualTo(3);
            assertThat(counters.producerReplacements.sum()).as("replaced once").isEqualTo(1);
        }
        // The broker (eligible leader replicas, KIP-966) may already have appended the old producer's
        // batch and only held back its acknowledgement; that copy becomes readable once the topic
        // accepts. Kafka may so hold a record twice, always under its own key and timestamp, and
        // Elasticsearch keeps one document per key.
        List<ConsumerRecord<byte[], byte[]>> records = readAll(refusing, 3);
        assertThat(keys(records).stream().distinct()).containsExactly("key-0", "key-1", "key-2");
        assertThat(records).allSatisfy(r -> assertThat(r.timestamp())
                .isEqualTo(1_000L + Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8).substring(4))));
    }

    @Test
    void idleTimeBeforeASendDoesNotCountAsAStall() throws Exception {
        String refusing = refusingTopic();
        AckTracker tracker = new AckTracker(0, now::get);
        try (KafkaRecordSender sender = newSender()) {
            now.addAndGet(Duration.ofHours(1).toNanos());
            sender.resendFailed();
            sender.send(refusing, bytes("k"), bytes("v"), 1L, 1, tracker, tracker.register(10));
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            sender.resendFailed();
            assertThat(counters.producerReplacements.sum()).isZero();
            assertThat(made.get()).isEqualTo(1);

            letThrough(refusing);
            driveUntil(sender, () -> tracker.committed() == 10);
            assertThat(tracker.committed()).as("the same producer delivers once the broker accepts").isEqualTo(10);
        }
    }

    @Test
    void oneRecordWaitingTooLongReplacesTheProducerEvenWhileOthersAreAcknowledged() throws Exception {
        String refusing = refusingTopic();
        String accepting = acceptingTopic();
        AckTracker stuckFile = new AckTracker(0, now::get);
        AckTracker healthyFile = new AckTracker(0, now::get);
        try (KafkaRecordSender sender = newSender()) {
            sender.send(refusing, bytes("stuck-0"), bytes("v"), 1L, 1, stuckFile, stuckFile.register(10));
            for (int i = 1; i <= 70; i++) {
                now.addAndGet(Duration.ofSeconds(1).toNanos());
                sender.send(accepting, bytes("ok-" + i), bytes("v"), 1L, 1, healthyFile, healthyFile.register(10L * i));
                sender.resendFailed();
                if (i < 60) {
                    assertThat(counters.producerReplacements.sum()).as("after %d s", i).isZero();
                }
            }
            assertThat(counters.producerReplacements.sum()).isEqualTo(1);

            letThrough(refusing);
            driveUntil(sender, () -> stuckFile.committed() == 10 && healthyFile.committed() == 700);
            assertThat(stuckFile.committed()).as("the stuck record, re-sent by the new producer").isEqualTo(10);
            assertThat(healthyFile.committed()).isEqualTo(700);
        }
        assertThat(keys(readAll(refusing, 1))).containsExactly("stuck-0");
        // Records the old producer had in flight when it was closed are re-sent: Kafka may hold one twice,
        // under the same key (Elasticsearch keeps one document per key).
        assertThat(new java.util.HashSet<>(keys(readAll(accepting, 70)))).hasSize(70);
    }

    @Test
    void producerIsKeptWhileNothingIsInFlight() throws Exception {
        String accepting = acceptingTopic();
        AckTracker tracker = new AckTracker(0, now::get);
        try (KafkaRecordSender sender = newSender()) {
            sender.send(accepting, bytes("k"), bytes("v"), 1L, 1, tracker, tracker.register(10));
            driveUntil(sender, () -> tracker.committed() == 10);
            now.addAndGet(Duration.ofMinutes(10).toNanos());
            sender.resendFailed();
            assertThat(counters.producerReplacements.sum()).isZero();
            assertThat(made.get()).isEqualTo(1);
            assertThat(tracker.committed()).isEqualTo(10);
        }
    }
}
