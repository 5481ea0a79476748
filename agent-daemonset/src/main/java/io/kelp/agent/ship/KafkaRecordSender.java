package io.kelp.agent.ship;

import io.kelp.agent.AgentCounters;
import io.kelp.agent.tail.AckTracker;
import io.kelp.contract.EventBatch;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Produces records, marked with the {@link EventBatch} layout header, with an idempotent producer ({@code acks=all}, lz4, batching). Memory is bounded
 * by {@code maxInFlightBytes}: past it, {@link #send} waits for acknowledgements, which stops the
 * tailing thread from reading. Records whose delivery failed are queued and re-sent by the tailing
 * thread ({@link #resendFailed}) with their original key, so a failure costs a retry, never a line.
 *
 * <p><b>Stalled producer.</b> The producer never gives up on a record by time, so a record the
 * broker can never accept would stall the agent for good. That happens: an idempotent producer
 * writing to a partition created a moment ago can get its first request refused
 * ({@code NOT_LEADER_OR_FOLLOWER}) while the next one is appended, and then retries the first
 * forever with {@code OUT_OF_ORDER_SEQUENCE_NUMBER} (KAFKA-15591; the operator creates a topic right
 * before agents start producing to it). The other partitions keep flowing until that partition's
 * records fill the in-flight budget. When a record has waited longer than {@code stallNanos} (by
 * the files' {@link AckTracker}s), the producer is replaced: the old one is closed at once, which
 * fails its unacknowledged records, and they are re-sent through the new one (a new producer id, so
 * fresh sequences), keys unchanged. During a real outage this only restarts the wait.
 *
 * <p>Threading: {@link #send}, {@link #resendFailed} (and so the replacement) run on the tailing
 * thread; callbacks on the producer's I/O thread.
 */
public final class KafkaRecordSender implements RecordSender, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordSender.class);
    /** No acknowledgement for this long with records in flight: the producer is replaced. */
    static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final java.util.List<Header> LAYOUT = java.util.List.of(
            new RecordHeader(EventBatch.LAYOUT_HEADER, EventBatch.eventsLayoutHeaderValue()));

    private final Supplier<Producer<byte[], byte[]>> producers;
    private final long stallNanos;
    private final LongSupplier nanoClock;
    private volatile Producer<byte[], byte[]> producer;
    /**
     * The trackers of the files with records in flight, to find the oldest unacknowledged record.
     * Tailing thread only (a handful of files; a tracker is dropped once nothing of it waits).
     */
    private final Set<AckTracker> trackers = Collections.newSetFromMap(new IdentityHashMap<>());
    private AckTracker lastTracker;
    private long lastReplacementNanos = Long.MIN_VALUE / 2;
    private final AgentCounters counters;
    private final long maxInFlightBytes;
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final Queue<InFlight> failed = new ConcurrentLinkedQueue<>();
    private final AtomicLong lastWarnMillis = new AtomicLong();
    /** The tailing thread waits here for acknowledgements while the budget is used up. */
    private final Object budget = new Object();
    /** Set while the tailing thread waits, so the producer thread only synchronizes when needed. */
    private volatile boolean waitingForBudget;

    /**
     * One record in flight: the producer record itself, its delivery callback and what the ack
     * must update, in a single object (a record, a lambda and a holder per line were a measurable
     * share of the agent's allocations). Kept until acknowledged, so a failed delivery is re-sent
     * with the same key and value.
     */
    private final class InFlight extends ProducerRecord<byte[], byte[]> implements Callback {
        private final AckTracker tracker;
        private final long seq;
        private final int bytes;
        private final int events;

        InFlight(String topic, byte[] key, byte[] value, long timestamp, int events, AckTracker tracker, long seq) {
            super(topic, null, timestamp, key, value, LAYOUT);
            this.tracker = tracker;
            this.seq = seq;
            this.bytes = key.length + value.length;
            this.events = events;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            completed(this, error);
        }

        // Identity semantics: every InFlight is a distinct delivery, whatever its content.
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    public KafkaRecordSender(String bootstrapServers, Map<String, Object> overrides, long maxInFlightBytes,
                             AgentCounters counters) {
        this(kafkaProducers(bootstrapServers, overrides), maxInFlightBytes, DEFAULT_STALL_TIMEOUT, System::nanoTime,
                counters);
    }

    private static Supplier<Producer<byte[], byte[]>> kafkaProducers(String bootstrapServers,
                                                                     Map<String, Object> overrides) {
        loadNativeLz4();
        Map<String, Object> config = config(bootstrapServers, overrides);
        return () -> new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    KafkaRecordSender(Supplier<Producer<byte[], byte[]>> producers, long maxInFlightBytes, Duration stallTimeout,
                      LongSupplier nanoClock, AgentCounters counters) {
        this.producers = producers;
        this.stallNanos = stallTimeout.toNanos();
        this.nanoClock = nanoClock;
        this.counters = counters;
        this.maxInFlightBytes = maxInFlightBytes;
        this.producer = producers.get();
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

    /** The producer settings the agent ships with; public for the benchmark that measures the producer alone. */
    public static Map<String, Object> config(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "kelp-agent");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // The in-flight budget (2 MiB by default) caps records in flight, so throughput is the
        // budget divided by the time to an acknowledgement, and a batch's linger is part of that
        // time: with 20 ms every round trip waited out the linger (8.9 s per million lines; 2 ms:
        // 3.7 s). Records carry up to 32 KiB of events (FileTail), so a 128 KiB batch holds four:
        // fewer, larger requests shipped a million lines in 2.0 s against 2.7 s with 64 KiB, for
        // ~20 % less CPU (docs/benchmarks.md). Every partition being filled holds a batch-sized
        // buffer from buffer.memory below.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
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
    public void send(String topic, byte[] key, byte[] value, long timestampMillis, int events, AckTracker tracker,
                     long seq) throws InterruptedException {
        // Failed records stay counted in flight until they are finally acknowledged, so an outage
        // fills the budget and stops the reader instead of growing the retry queue without bound.
        while (inFlightBytes.get() > maxInFlightBytes) {
            resendFailed();
            awaitBudget();
        }
        if (tracker != lastTracker) {
            trackers.add(tracker);
            lastTracker = tracker;
        }
        InFlight record = new InFlight(topic, key, value, timestampMillis, events, tracker, seq);
        inFlightBytes.addAndGet(record.bytes);
        dispatch(record);
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

    private void dispatch(InFlight record) throws InterruptedException {
        long backoff = 100;
        while (true) {
            try {
                producer.send(record, record);
                return;
            } catch (KafkaException e) {
                // Thrown synchronously for some metadata problems, or when the producer's buffer is
                // full of batches it cannot deliver: wait and retry the same record (through a new
                // producer if this one stalled).
                warnRateLimited("cannot send to " + record.topic() + " yet, retrying: " + e);
                checkForStall();
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void completed(InFlight record, Exception error) {
        if (error == null) {
            long left = inFlightBytes.addAndGet(-record.bytes);
            record.tracker.acknowledge(record.seq);
            if (waitingForBudget && left <= maxInFlightBytes) {
                synchronized (budget) {
                    budget.notifyAll();
                }
            }
            counters.recordsShipped.add(record.events);
            counters.bytesShipped.add(record.value().length);
        } else {
            counters.recordsFailed.increment();
            warnRateLimited("delivery to " + record.topic() + " failed, re-sending with the same key: " + error);
            failed.add(record);
        }
    }

    /**
     * Replaces a stalled producer, then re-sends records whose delivery failed, with their original
     * keys. Called by the tailing thread, also while it waits for the in-flight budget.
     */
    @Override
    public void resendFailed() throws InterruptedException {
        checkForStall();
        if (failed.isEmpty()) {
            return;
        }
        // A short pause so a fast-failing sink (e.g. metadata unavailable) is not hammered.
        Thread.sleep(50);
        InFlight record;
        while ((record = failed.poll()) != null) {
            dispatch(record);
        }
    }

    /**
     * Replaces the producer when a record has waited for its acknowledgement longer than
     * {@code stallNanos}, even while others are acknowledged (one partition refusing a sequence
     * stalls only its own records until they fill the in-flight budget). At most once per
     * {@code stallNanos}: the re-sent records need time to be acknowledged.
     */
    private void checkForStall() {
        if (trackers.isEmpty()) {
            return;
        }
        long now = nanoClock.getAsLong();
        long oldest = Long.MAX_VALUE;
        for (Iterator<AckTracker> it = trackers.iterator(); it.hasNext(); ) {
            AckTracker tracker = it.next();
            long since = tracker.oldestWaitingSinceNanos();
            if (since == Long.MAX_VALUE) {
                it.remove();
                if (tracker == lastTracker) {
                    lastTracker = null;
                }
            } else {
                oldest = Math.min(oldest, since);
            }
        }
        if (oldest != Long.MAX_VALUE && now - oldest > stallNanos && now - lastReplacementNanos > stallNanos) {
            replaceProducer(now);
        }
    }

    private void replaceProducer(long now) {
        LOG.warn("a record waits for its acknowledgement for over {} s ({} bytes in flight): replacing the Kafka "
                + "producer and re-sending them (a broker refusing a sequence for good, KAFKA-15591, or a long outage)",
                stallNanos / 1_000_000_000L, inFlightBytes.get());
        Producer<byte[], byte[]> stalled = producer;
        lastReplacementNanos = now;
        counters.producerReplacements.increment();
        producer = producers.get();
        // Fails every unacknowledged record of the old producer at once (on its I/O thread): they
        // land in the failed queue and are re-sent through the new producer.
        stalled.close(Duration.ZERO);
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
            InFlight record;
            while ((record = failed.poll()) != null) {
                dispatch(record);
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
