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
    private final Queue<Pending> failed = new ConcurrentLinkedQueue<>();
    private final AtomicLong lastWarnMillis = new AtomicLong();
    /** The tailing thread waits here for acknowledgements while the budget is used up. */
    private final Object budget = new Object();
    /** Set while the tailing thread waits, so the producer thread only synchronizes when needed. */
    private volatile boolean waitingForBudget;

    private record Pending(String topic, byte[] key, byte[] value, long timestamp, AckTracker tracker, long seq) {
    }

    public KafkaRecordSender(String bootstrapServers, Map<String, Object> overrides, long maxInFlightBytes,
                             AgentCounters counters) {
        loadNativeLz4();
        this.counters = counters;
        this.maxInFlightBytes = maxInFlightBytes;
        this.producer = new KafkaProducer<>(config(bootstrapServers, overrides), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /**
     * The producer compresses with {@code LZ4Factory.fastestInstance()}, which only picks the bundled
     * native lz4 when it is already loaded or lz4-java sits on the system class loader. Under
     * Quarkus it does not, so every batch went through the pure-Java "safe" compressor, the largest
     * CPU cost of a profiled run. Loading the native library once up front fixes the choice.
     * Reflection: lz4-java is a runtime dependency of kafka-clients, not part of our API.
     */
    static void loadNativeLz4() {
        try {
            Class.forName("net.jpountz.lz4.LZ4Factory").getMethod("nativeInstance").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.info("native lz4 unavailable, Kafka compresses with the Java implementation: {}", e.toString());
        }
    }

    static Map<String, Object> config(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "kelp-agent");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        // 128 KiB of lz4-compressed records is ~500 KiB of JSON: large enough for few requests,
        // small enough that four partitions' open batches do not crowd a small heap.
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // Never give up on a record by time: an outage must stall the agent, not drop lines.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        // Bounds how long send() blocks on missing metadata (Kafka down, topic not created yet);
        // the send is then retried by this class.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        // Above the agent's own in-flight budget (counted uncompressed, so the compressed batches
        // need far less), so send() never blocks inside the producer. The pool is retained heap:
        // every MiB here is a MiB less young generation, i.e. more GC.
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 16L * 1024 * 1024);
        config.putAll(overrides);
        return config;
    }

    @Override
    public void send(String topic, byte[] key, byte[] value, long timestampMillis, AckTracker tracker, long seq)
            throws InterruptedException {
        // Failed records stay counted in flight until they are finally acknowledged, so an outage
        // fills the budget and stops the reader instead of growing the retry queue without bound.
        while (inFlightBytes.get() > maxInFlightBytes) {
            resendFailed();
            awaitBudget();
        }
        inFlightBytes.addAndGet(key.length + value.length);
        dispatch(new Pending(topic, key, value, timestampMillis, tracker, seq));
    }

    /**
     * Waits until acknowledgements bring the bytes in flight under the budget. Woken by the
     * producer thread the moment that happens (a fixed sleep left the reader idle after the ack);
     * never waits longer than the 2 ms sleep it replaces, so re-sending failed records during an
     * outage keeps its old cadence.
     */
    private void awaitBudget() throws InterruptedException {
        synchronized (budget) {
            waitingForBudget = true;
            try {
                if (inFlightBytes.get() > maxInFlightBytes) {
                    budget.wait(2);
                }
            } finally {
                waitingForBudget = false;
            }
        }
    }

    private void dispatch(Pending pending) throws InterruptedException {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(pending.topic(), null, pending.timestamp(),
                pending.key(), pending.value());
        long backoff = 100;
        while (true) {
            try {
                producer.send(record, (metadata, error) -> completed(pending, error));
                return;
            } catch (KafkaException e) {
                // Thrown synchronously for some metadata problems: wait and retry the same record.
                warnRateLimited("cannot send to " + pending.topic() + " yet, retrying: " + e);
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void completed(Pending pending, Exception error) {
        if (error == null) {
            long left = inFlightBytes.addAndGet(-(pending.key().length + pending.value().length));
            pending.tracker().acknowledge(pending.seq());
            if (waitingForBudget && left <= maxInFlightBytes) {
                synchronized (budget) {
                    budget.notifyAll();
                }
            }
            counters.recordsShipped.increment();
            counters.bytesShipped.add(pending.value().length);
        } else {
            counters.recordsFailed.increment();
            warnRateLimited("delivery to " + pending.topic() + " failed, re-sending with the same key: " + error);
            failed.add(pending);
        }
    }

    /** Re-sends records whose delivery failed, with their original keys. Called by the tailing thread. */
    @Override
    public void resendFailed() throws InterruptedException {
        if (failed.isEmpty()) {
            return;
        }
        // A short pause so a fast-failing sink (e.g. metadata unavailable) is not hammered.
        Thread.sleep(50);
        Pending pending;
        while ((pending = failed.poll()) != null) {
            dispatch(pending);
        }
    }

    private void warnRateLimited(String message) {
        long now = System.currentTimeMillis();
        long last = lastWarnMillis.get();
        if (now - last > 5_000 && lastWarnMillis.compareAndSet(last, now)) {
            LOG.warn("{} ({} deliveries failed so far)", message, counters.recordsFailed.sum());
        }
    }

    @Override
    public long inFlightBytes() {
        return inFlightBytes.get();
    }

    /**
     * Waits up to {@code timeout} for everything sent to be acknowledged (at shutdown, after the
     * tailing thread stopped). During an outage it gives up: unacknowledged records are not
     * checkpointed, so the next run re-sends them.
     */
    public boolean awaitAcknowledged(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlightBytes.get() > 0 && System.nanoTime() < deadline) {
            Pending pending;
            while ((pending = failed.poll()) != null) {
                dispatch(pending);
            }
            Thread.sleep(10);
        }
        return inFlightBytes.get() == 0;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
