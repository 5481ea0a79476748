package io.kelp.transfer.pipeline;

import io.kelp.transfer.offsets.PartitionOffsets;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The partitions this consumer owns, the offset tracker of each, and what was last committed for
 * each, so that a commit only carries partitions whose safe offset moved.
 *
 * <p>Threading: consumer thread only (commit callbacks run inside poll, on that thread).
 */
final class OwnedPartitions {

    private static final Logger LOG = Logger.getLogger(OwnedPartitions.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, PartitionOffsets> offsets = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    OwnedPartitions(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** Fresh trackers: spans of an earlier ownership cannot move them. */
    void assign(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            offsets.put(tp, new PartitionOffsets());
            committed.remove(tp);
        }
    }

    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            offsets.remove(tp);
            committed.remove(tp);
        }
    }

    /** The tracker of an owned partition, or null. */
    PartitionOffsets tracker(TopicPartition tp) {
        return offsets.get(tp);
    }

    /** The owned partition a tracker belongs to, or null when it is from an earlier ownership. */
    TopicPartition partitionOf(PartitionOffsets tracker) {
        for (Map.Entry<TopicPartition, PartitionOffsets> entry : offsets.entrySet()) {
            if (entry.getValue() == tracker) {
                return entry.getKey();
            }
        }
        return null;
    }

    Set<TopicPartition> partitions() {
        return offsets.keySet();
    }

    /** Commits, without waiting, every owned partition whose safe offset moved. */
    void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> advanced = advanced(offsets.keySet());
        if (advanced.isEmpty()) {
            return;
        }
        consumer.commitAsync(advanced, (done, error) -> {
            if (error != null) {
                if (error instanceof RebalanceInProgressException) {
                    LOG.debugf("offset commit deferred by a rebalance in progress");
                } else {
                    LOG.warnf("offset commit failed, will retry: %s", error.toString());
                }
                // forget what was sent, so the next tick sends it again
                (done == null ? advanced : done).keySet().forEach(committed::remove);
            }
        });
    }

    /** Commits, waiting, the safe offsets of these partitions; a failure is logged, not thrown. */
    void commitSync(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> advanced = advanced(partitions);
        if (advanced.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(advanced, Duration.ofSeconds(10));
            LOG.debugf("committed %s", advanced);
        } catch (KafkaException e) {
            // the records stay uncommitted and are indexed again by whoever reads them next:
            // overwrites by _id, never duplicates
            advanced.keySet().forEach(committed::remove);
            LOG.warnf("offset commit failed: %s", e.toString());
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> advanced(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> advanced = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionOffsets partition = offsets.get(tp);
            long safe = partition == null ? -1 : partition.committable();
            Long last = committed.get(tp);
            if (safe >= 0 && (last == null || safe > last)) {
                advanced.put(tp, new OffsetAndMetadata(safe));
                committed.put(tp, safe);
            }
        }
        return advanced;
    }
}
