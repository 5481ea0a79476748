package io.kelp.transfer.pipeline;

import io.kelp.contract.EventBatch;
import io.kelp.transfer.bulk.BulkBody;
import io.kelp.transfer.bulk.ItemResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/**
 * Fills batches from consumed records and seals them by size, document count or age. A record
 * with the {@link EventBatch} layout header yields one document per event; any other record is one
 * document, its key the id. Whatever could never be indexed is detected here (before it can break
 * a whole bulk request) and rides in the batch as a dead letter, published before its documents
 * are sent, so the batch's offsets cover it.
 *
 * <p>A record is never split: a batch is sealed only after a whole record was added, so it may
 * exceed the size limits by one record (at most one agent record, some 32 KiB).
 *
 * <p>Threading: consumer thread only.
 */
final class Batcher {

    private final TransferSettings settings;
    private final EventLines lines = new EventLines();
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
        if (isEventBatch(record)) {
            addEventBatch(record);
        } else {
            addDocumentRecord(record);
        }
        if (open.bytes >= settings.bulkMaxBytes() || open.items() >= settings.bulkMaxDocuments()) {
            return seal();
        }
        return null;
    }

    private void addDocumentRecord(ConsumerRecord<byte[], byte[]> record) {
        ItemResult problem = problemOf(record);
        byte[] action = problem == null ? indexes.actionPrefixFor(record.timestamp()) : null;
        if (problem == null && action == null) {
            problem = invalidTimestamp(record);
        }
        if (problem == null) {
            open.addDocumentRecord(record, action);
        } else {
            open.addRefused(DeadLetters.Letter.ofRecord(record, problem));
        }
    }

    /**
     * One document per event. A value that is no event batch at all is dead-lettered whole; a
     * malformed line alone, keyed by the record key; a wrong timestamp sends the whole record to
     * the dead letters, since it decides the one index of all its events.
     */
    private void addEventBatch(ConsumerRecord<byte[], byte[]> record) {
        byte[] action = indexes.actionPrefixFor(record.timestamp());
        if (action == null) {
            open.addRefused(DeadLetters.Letter.ofRecord(record, invalidTimestamp(record)));
            return;
        }
        byte[] value = record.value();
        int sharedTo = value == null ? -1 : EventBatch.read(value, lines.reset());
        if (sharedTo < 0) {
            open.addRefused(DeadLetters.Letter.ofRecord(record, new ItemResult(0, "malformed_event_batch",
                    "record value of layout " + EventBatch.LAYOUT_EVENTS + " does not start with a JSON object line")));
            return;
        }
        open.cover(record);
        if (lines.events() > 0) {
            int r = open.addEventRecord(record, action, sharedTo);
            for (int e = 0; e < lines.events(); e++) {
                open.addEvent(r, lines.idFrom(e), lines.idTo(e), lines.objectFrom(e), lines.objectTo(e));
            }
        }
        for (int m = 0; m < lines.malformed(); m++) {
            open.addRefused(new DeadLetters.Letter(record, record.key(), lines.malformedLine(value, m),
                    new ItemResult(0, "malformed_event", lines.malformedReason(m))));
        }
    }

    private static boolean isEventBatch(ConsumerRecord<byte[], byte[]> record) {
        Header layout = record.headers().lastHeader(EventBatch.LAYOUT_HEADER);
        return layout != null && EventBatch.isEventsLayout(layout.value());
    }

    private static ItemResult invalidTimestamp(ConsumerRecord<byte[], byte[]> record) {
        return new ItemResult(0, "invalid_timestamp",
                "record timestamp " + record.timestamp() + " does not name a daily index");
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
        if (open != null && open.touches(partitions)) {
            open = open.without(partitions);
        }
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
