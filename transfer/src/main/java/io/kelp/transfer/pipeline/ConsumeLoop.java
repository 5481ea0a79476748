package io.kelp.transfer.pipeline;

import io.kelp.contract.CollectionTask;
import io.kelp.transfer.bulk.Backoff;
import io.kelp.transfer.offsets.PartitionOffsets;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The consumer thread: polls the collection's topic, fills batches, hands them to the bulk
 * workers, and commits each partition up to the last contiguous record Elasticsearch accepted.
 *
 * <p>Threading: everything here except {@link #stop()} and the health getters runs on the one
 * thread that calls {@link #run()}, because the Kafka consumer is single-threaded. Workers report
 * finished batches through {@link #finished}; offsets are only touched on this thread.
 */
public final class ConsumeLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumeLoop.class);
    private static final long MAX_POLL_MILLIS = 100;
    private static final Duration LAG_INTERVAL = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final Supplier<CollectionTask.Sink> desiredSink;
    private final ExecutorService workers;
    private final BulkSender sender;
    private final DeadLetters deadLetters;
    private final TransferSettings settings;
    private final TransferMetrics metrics;
    private final Backoff backoff;
    private final Batcher batcher;
    private final Rebalances rebalances = new Rebalances();

    private final OwnedPartitions owned;
    private final java.util.Set<Batch> inFlight = new java.util.HashSet<>();
    private final LinkedBlockingQueue<Batch> finished = new LinkedBlockingQueue<>();
    private long inFlightBytes;
    private boolean paused;
    private CollectionTask.Sink current;
    private long nextCommitNanos;
    private long nextLagNanos;

    private volatile boolean stopping;
    private volatile boolean abandonAll;
    private volatile boolean subscribed;
    private volatile long lastIterationNanos = System.nanoTime();
    private volatile Throwable failure;

    public ConsumeLoop(Consumer<byte[], byte[]> consumer, Supplier<CollectionTask.Sink> desiredSink,
                       ExecutorService workers, BulkSender sender, DeadLetters deadLetters,
                       TransferSettings settings, TransferMetrics metrics) {
        this.consumer = consumer;
        this.desiredSink = desiredSink;
        this.workers = workers;
        this.sender = sender;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.metrics = metrics;
        this.backoff = new Backoff(settings.backoffInitial().toMillis(), settings.backoffMax().toMillis(),
                () -> ThreadLocalRandom.current().nextLong()); // each worker its own random
        this.batcher = new Batcher(settings, "");
        this.owned = new OwnedPartitions(consumer);
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                lastIterationNanos = System.nanoTime();
                applySink(desiredSink.get());
                if (current == null) {
                    drainFinished(TimeUnit.MILLISECONDS.toNanos(MAX_POLL_MILLIS));
                    continue;
                }
                iterate();
            }
            finish();
        } catch (Throwable t) {
            failure = t;
            LOG.error("consume loop failed; the transfer is no longer live", t);
            abandonAll = true;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Asks the loop to finish in-flight bulks, commit what is safe and leave the group. */
    public void stop() {
        stopping = true;
    }

    public boolean subscribed() {
        return subscribed;
    }

    /** Alive while the loop thread keeps iterating; a wedged or dead loop means restart the pod. */
    public boolean alive(Duration maxSilence) {
        return failure == null && System.nanoTime() - lastIterationNanos < maxSilence.toNanos();
    }

    private void iterate() {
        // While paused, block on the finished queue rather than in poll: the moment a bulk
        // finishes, the next batch can be fetched and handed to the idle worker.
        drainFinished(paused ? TimeUnit.MILLISECONDS.toNanos(MAX_POLL_MILLIS) : 0);
        controlFlow();
        long now = System.nanoTime();
        long lingerLeft = batcher.nanosUntilLingered(now);
        long pollMillis = paused ? 0 : lingerLeft < 0 ? MAX_POLL_MILLIS
                : Math.min(MAX_POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(lingerLeft) + 1);
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(Duration.ofMillis(pollMillis));
        } catch (KafkaException e) {
            LOG.warnf("poll failed, retrying: %s", e.toString());
            sleepQuietly(1000);
            return;
        }
        now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Batch sealed = batcher.add(record, now);
            if (sealed != null) {
                dispatch(sealed);
            }
        }
        Batch lingered = batcher.sealIfLingered(now);
        if (lingered != null) {
            dispatch(lingered);
        }
        commitIfDue(now);
        reportLagIfDue(now);
    }

    private void applySink(CollectionTask.Sink desired) {
        if (Objects.equals(desired, current)) {
            return;
        }
        if (desired == null) {
            LOG.info("collection task is gone: leaving the topic");
            unsubscribe();
        } else if (current == null || !current.topic().equals(desired.topic())) {
            unsubscribe();
            LOG.infof("consuming %s into indices %s<yyyy.MM.dd>", desired.topic(), desired.indexPrefix());
            batcher.indexPrefix(desired.indexPrefix());
            consumer.subscribe(List.of(desired.topic()), rebalances);
            subscribed = true;
        } else {
            LOG.infof("index prefix changed to %s; records read from now on go there", desired.indexPrefix());
            batcher.indexPrefix(desired.indexPrefix());
        }
        current = desired;
    }

    private void unsubscribe() {
        if (current != null) {
            consumer.unsubscribe(); // revokes every partition through the listener: finishes and commits
            batcher.discardAll();
            subscribed = false;
        }
    }

    private void dispatch(Batch batch) {
        for (Map.Entry<TopicPartition, long[]> range : batch.ranges.entrySet()) {
            PartitionOffsets partition = owned.tracker(range.getKey());
            if (partition != null) {
                batch.spans.add(partition.open(range.getValue()[0], range.getValue()[1]));
            }
        }
        inFlight.add(batch);
        inFlightBytes += batch.bytes;
        workers.execute(new BulkJob(batch, sender, deadLetters, backoff, metrics, () -> abandonAll, finished::add));
    }

    /** Takes back finished batches, waiting up to {@code waitNanos} for the first one. */
    private void drainFinished(long waitNanos) {
        Batch batch;
        try {
            batch = waitNanos > 0 ? finished.poll(waitNanos, TimeUnit.NANOSECONDS) : finished.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return;
        }
        while (batch != null) {
            inFlight.remove(batch);
            inFlightBytes -= batch.bytes;
            for (PartitionOffsets.Span span : batch.spans) {
                if (batch.delivered) {
                    span.owner().complete(span);
                } else if (!stopping) {
                    rewind(span);
                }
            }
            batch = finished.poll();
        }
    }

    /**
     * A batch came back undelivered outside shutdown (a bug in delivery, already logged). Its span
     * can never finish, so re-read the partition from its first unfinished offset with a fresh
     * tracker; bulks still running for the old tracker can no longer advance anything.
     */
    private void rewind(PartitionOffsets.Span span) {
        TopicPartition tp = owned.partitionOf(span.owner());
        if (tp != null) {
            long from = span.owner().firstOpenOffset();
            owned.assign(List.of(tp));
            batcher.discard(List.of(tp));
            consumer.seek(tp, from);
            LOG.warnf("re-reading %s from offset %d after an undelivered bulk", tp, from);
        }
    }

    /** Pauses every partition while too much is in flight: bounded memory when Elasticsearch lags. */
    private void controlFlow() {
        boolean overloaded = inFlightBytes >= settings.maxInFlightBytes()
                || inFlight.size() >= settings.maxInFlightBatches();
        if (overloaded && !paused) {
            consumer.pause(consumer.assignment());
        } else if (!overloaded && paused) {
            consumer.resume(consumer.paused());
        }
        if (overloaded != paused) {
            paused = overloaded;
            metrics.paused(overloaded);
        }
    }

    private void commitIfDue(long now) {
        if (now >= nextCommitNanos) {
            nextCommitNanos = now + settings.commitInterval().toNanos();
            owned.commitAsync();
        }
    }

    private void reportLagIfDue(long now) {
        if (now < nextLagNanos) {
            return;
        }
        nextLagNanos = now + LAG_INTERVAL.toNanos();
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                metrics.lag(tp.topic(), tp.partition(), lag.getAsLong());
            }
        }
    }

    /** Shutdown: let in-flight bulks finish (bounded), commit what is safe, then leave. */
    private void finish() {
        LOG.infof("stopping: waiting up to %s for %d in-flight bulks", settings.shutdownTimeout(), inFlight.size());
        batcher.discardAll();
        awaitInFlight(inFlight, settings.shutdownTimeout());
        if (!inFlight.isEmpty()) {
            abandonAll = true;
            awaitInFlight(inFlight, Duration.ofSeconds(2));
        }
        owned.commitSync(owned.partitions());
        if (inFlight.isEmpty()) {
            LOG.info("stopped cleanly: every in-flight bulk finished and its offsets are committed");
        } else {
            LOG.warnf("stopped; abandoned %d in-flight bulks, their records stay uncommitted", inFlight.size());
        }
    }

    /** Drains finished batches until none of {@code watched} is in flight or the timeout passes. */
    private void awaitInFlight(Collection<Batch> watched, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (watched.stream().anyMatch(inFlight::contains)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            drainFinished(Math.min(left, TimeUnit.MILLISECONDS.toNanos(MAX_POLL_MILLIS)));
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Partition ownership changes; called by the consumer inside poll/unsubscribe, on this thread. */
    private final class Rebalances implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            owned.assign(partitions);
            if (paused && !partitions.isEmpty()) {
                consumer.pause(partitions);
            }
            if (!partitions.isEmpty()) {
                LOG.infof("assigned %s", partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            batcher.discard(partitions);
            List<Batch> affected = inFlight.stream().filter(b -> b.touches(partitions)).toList();
            awaitInFlight(affected, settings.revokeTimeout());
            long unfinished = affected.stream().filter(inFlight::contains).count();
            owned.commitSync(partitions);
            // Unfinished bulks keep running (they may hold records of partitions we keep); their
            // spans belong to trackers we forget now, so they can no longer commit these partitions.
            forget(partitions);
            LOG.infof("revoked %s (%d bulks still unfinished, left to the next owner)", partitions, unfinished);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            batcher.discard(partitions);
            forget(partitions);
            LOG.warnf("lost %s without a clean revoke; their uncommitted records will be read again", partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            owned.forget(partitions);
            for (TopicPartition tp : partitions) {
                metrics.forgetLag(tp.topic(), tp.partition());
            }
        }
    }
}
