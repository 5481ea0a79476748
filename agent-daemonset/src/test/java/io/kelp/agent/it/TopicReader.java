package io.kelp.agent.it;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import io.kelp.contract.EventBatch;
import io.kelp.testkit.EventBatchRecords;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a whole topic from the beginning with a plain consumer (no group), accumulating documents:
 * a record of the {@link EventBatch} layout yields one entry per event, keyed by the event's record
 * id, its value the document the transfer would index, with the Kafka record's coordinates.
 */
final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        // A topic created a moment ago may not be in the metadata yet.
        while (partitions.isEmpty() && System.nanoTime() < deadline) {
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls until at least {@code count} records were read or the timeout passed; returns all read so far. */
    List<ConsumerRecord<String, String>> awaitAtLeast(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(this::addDocuments);
        }
        return records;
    }

    /** Keeps polling for {@code quiet} to catch records that should not exist. */
    List<ConsumerRecord<String, String>> drain(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(this::addDocuments);
        }
        return records;
    }

    private void addDocuments(ConsumerRecord<byte[], byte[]> record) {
        if (!EventBatchRecords.isEventBatch(record)) {
            records.add(document(record, record.key(), record.value()));
            return;
        }
        // Throws on a malformed value or line: the agent must never write one.
        EventBatchRecords.documents(record.value()).forEach((id, document) -> records.add(document(record,
                id.getBytes(StandardCharsets.UTF_8), document.getBytes(StandardCharsets.UTF_8))));
    }

    private static ConsumerRecord<String, String> document(ConsumerRecord<byte[], byte[]> record, byte[] key,
                                                           byte[] value) {
        return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
                TimestampType.CREATE_TIME, -1, -1, key == null ? null : new String(key, StandardCharsets.UTF_8),
                new String(value, StandardCharsets.UTF_8), record.headers(), Optional.empty());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
