package io.kelp.transfer.pipeline;

import io.kelp.transfer.bulk.BulkBody;
import io.kelp.transfer.bulk.ItemResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/**
 * Fills batches from consumed records and seals them by size, document count or age. Records that
 * could never be indexed are detected here (before they can break a whole bulk request) and ride
 * in the batch marked with their problem, so they are dead-lettered in offset order with the rest.
 *
 * <p>Threading: consumer thread only.
 */
final class Batcher {

    private final TransferSettings settings;
    private DailyIndexes indexes;
    private Batch open;

    Batcher(TransferSettings settings, String indexPrefix) {
        this.settings = settings;
        this.indexes = new DailyIndexes(indexPrefix);
    }

    /** Records added from now on go to indices with this prefix. */
    void indexPrefix(String prefix) {
        if (!prefix.equals(indexes.prefix())) {
            indexes = new DailyIndexes(prefix);
        }
    }

    /** Adds a record; returns the batch it sealed, or null. */
    Batch add(ConsumerRecord<byte[], byte[]> record, long nowNanos) {
        if (open == null) {
            open = new Batch(nowNanos);
        }
        ItemResult problem = problemOf(record);
        byte[] action = problem == null ? indexes.actionPrefixFor(record.timestamp()) : null;
        if (problem == null && action == null) {
            problem = new ItemResult(0, "invalid_timestamp",
                    "record timestamp " + record.timestamp() + " does not name a daily index");
        }
        open.add(record, action, problem);
        if (open.bytes >= settings.bulkMaxBytes() || open.size() >= settings.bulkMaxDocuments()) {
            return seal();
        }
        return null;
    }

    /** Seals the open batch when its first record has waited for the linger time. */
    Batch sealIfLingered(long nowNanos) {
        if (open != null && nowNanos - open.createdNanos >= settings.linger().toNanos()) {
            return seal();
        }
        return null;
    }

    /** Nanos until the open batch must be sealed, or -1 when there is none. */
    long nanosUntilLingered(long nowNanos) {
        return open == null ? -1 : Math.max(0, open.createdNanos + settings.linger().toNanos() - nowNanos);
    }

    /**
     * Forgets the unsent records of partitions this consumer no longer owns: they are not
     * committed, so their next owner reads them again.
     */
    void discard(Collection<TopicPartition> partitions) {
        if (open == null || !open.touches(partitions)) {
            return;
        }
        Batch kept = new Batch(open.createdNanos);
        for (int i = 0; i < open.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = open.records.get(i);
            if (!partitions.contains(new TopicPartition(r.topic(), r.partition()))) {
                kept.add(r, open.actions.get(i), open.problems.get(i));
            }
        }
        open = kept.size() == 0 ? null : kept;
    }

    void discardAll() {
        open = null;
    }

    private Batch seal() {
        Batch sealed = open;
        open = null;
        return sealed;
    }

    private static ItemResult problemOf(ConsumerRecord<byte[], byte[]> record) {
        if (!BulkBody.isAcceptableId(record.key())) {
            return new ItemResult(0, "invalid_record_key",
                    "record key must be 1-512 bytes of printable ASCII (the agent's record id)");
        }
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            return new ItemResult(0, "empty_document", "record has no value");
        }
        return null;
    }
}
