package io.kelp.transfer.pipeline;

import io.kelp.transfer.bulk.ItemResult;
import io.kelp.transfer.offsets.PartitionOffsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records that travel to Elasticsearch together, with the offset spans they cover.
 *
 * <p>Threading: filled and sealed on the consumer thread, then handed to exactly one worker, which
 * hands it back through the finished queue (which publishes {@link #delivered} to the consumer thread).
 */
final class Batch {

    final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    /** Per record: the action line start, or null when the record cannot be sent (see problems). */
    final List<byte[]> actions = new ArrayList<>();
    /** Per record: why it cannot be sent, or null. */
    final List<ItemResult> problems = new ArrayList<>();
    /** First and last offset per partition, in arrival order. */
    final Map<TopicPartition, long[]> ranges = new LinkedHashMap<>();
    final List<PartitionOffsets.Span> spans = new ArrayList<>();
    final long createdNanos;
    long bytes;
    /** Set by the worker before it hands the batch back: whether every record is indexed or dead-lettered. */
    volatile boolean delivered;
    private String lastTopic;
    private int lastPartition;
    private long[] lastRange;

    Batch(long createdNanos) {
        this.createdNanos = createdNanos;
    }

    void add(ConsumerRecord<byte[], byte[]> record, byte[] action, ItemResult problem) {
        records.add(record);
        actions.add(action);
        problems.add(problem);
        bytes += (record.value() == null ? 0 : record.value().length) + (record.key() == null ? 0 : record.key().length) + 64;
        rangeOf(record)[1] = record.offset();
    }

    /** The record's partition range; a poll hands out long runs of one partition, so remember the last. */
    private long[] rangeOf(ConsumerRecord<byte[], byte[]> record) {
        if (lastRange == null || record.partition() != lastPartition || !record.topic().equals(lastTopic)) {
            lastRange = ranges.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
                    tp -> new long[] {record.offset(), record.offset()});
            lastTopic = record.topic();
            lastPartition = record.partition();
        }
        return lastRange;
    }

    int size() {
        return records.size();
    }

    boolean touches(java.util.Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            if (ranges.containsKey(tp)) {
                return true;
            }
        }
        return false;
    }

}
