package io.kelp.agent.ship;

import io.kelp.agent.AgentCounters;
import io.kelp.agent.tail.AckTracker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Produces records with an idempotent producer ({@code acks=all}, lz4, batching). Memory is bounded
 * by {@code maxInFlightBytes}: past it, {@link #send} waits for acknowledgements, which stops the
 * tailing thread from reading. Records whose delivery failed are queued and re-sent by the tailing
 * thread ({@link #resendFailed}) with their original key, so a failure costs a retry, never a line.
 */
public final class KafkaRecordSender implements RecordSender, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordSender.class);

    private final Producer<byte[], byte[]> producer;
    private final AgentCounters counters;
    private final long maxInFlightBytes;
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final Queue<Failed> failed = new ConcurrentLinkedQueue<>();

    private record Failed(String topic, byte[] key, byte[] value, long timestamp, AckTracker tracker, long seq) {
    }

    public KafkaRecordSender(String bootstrapServers, Map<String, Object> overrides, long maxInFlightBytes,
                             AgentCounters counters) {
        this.counters = counters;
        this.maxInFlightBytes = maxInFlightBytes;
        this.producer = new KafkaProducer<>(config(bootstrapServers, overrides), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    static Map<String, Object> config(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "kelp-agent");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // Never give up on a record by time: an outage must stall the agent, not drop lines.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        // Bounds how long send() blocks on missing metadata (Kafka down, topic not created yet);
        // the send is then retried by this class.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        config.putAll(overrides);
        return config;
    }

    @Override
    public void send(String topic, byte[] key, byte[] value, long timestampMillis, AckTracker tracker, long seq)
            throws InterruptedException {
        while (inFlightBytes.get() > maxInFlightBytes) {
            Thread.sleep(2);
        }
        long size = key.length + value.length;
        inFlightBytes.addAndGet(size);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, timestampMillis, key, value);
        long backoff = 100;
        while (true) {
            try {
                producer.send(record, (metadata, error) -> completed(topic, key, value, timestampMillis, tracker, seq,
                        size, error));
                return;
            } catch (KafkaException e) {
                // Typically metadata unavailable (Kafka down, topic missing): wait and retry the same record.
                LOG.warn("cannot send to {} yet, retrying in {} ms: {}", topic, backoff, e.toString());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void completed(String topic, byte[] key, byte[] value, long timestamp, AckTracker tracker, long seq,
                           long size, Exception error) {
        inFlightBytes.addAndGet(-size);
        if (error == null) {
            tracker.acknowledge(seq);
            counters.recordsShipped.increment();
            counters.bytesShipped.add(value.length);
        } else {
            counters.recordsFailed.increment();
            LOG.warn("delivery to {} failed, will re-send: {}", topic, error.toString());
            failed.add(new Failed(topic, key, value, timestamp, tracker, seq));
        }
    }

    /** Re-sends records whose delivery failed. Called by the tailing thread. */
    @Override
    public void resendFailed() throws InterruptedException {
        Failed f;
        while ((f = failed.poll()) != null) {
            send(f.topic(), f.key(), f.value(), f.timestamp(), f.tracker(), f.seq());
        }
    }

    @Override
    public long inFlightBytes() {
        return inFlightBytes.get();
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
