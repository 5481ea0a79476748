package io.kelp.transfer.pipeline;

import io.kelp.contract.EventBatch;
import io.kelp.transfer.bulk.BulkBody;
import io.kelp.transfer.bulk.ItemResult;
import io.kelp.transfer.offsets.PartitionOffsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole records that travel to Elasticsearch together: their documents, the dead letters decided
 * before sending, and the offset spans they cover.
 *
 * <p>A document is a range of its record's value, never a copy: either the whole value (a record
 * of the one-document layout, its key the id) or one event of an {@link EventBatch} (id and object
 * in the value, merged with the record's shared fields only when written into the bulk body).
 * Documents live in parallel int arrays, so adding one allocates nothing.
 *
 * <p>Threading: filled and sealed on the consumer thread, then handed to exactly one worker, which
 * hands it back through the finished queue (which publishes {@link #delivered} to the consumer thread).
 */
final class Batch {

    /** Per record overhead counted in {@link #bytes}: its action line, roughly. */
    private static final int ACTION_BYTES = 64;
    /** In {@link #sharedTo}: the record holds one document, its whole value, and its key is the id. */
    private static final int ONE_DOCUMENT = -1;

    /** Records with documents to send, and per record its action line start and where its shared object ends. */
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final List<byte[]> actions = new ArrayList<>();
    private int[] sharedTo = new int[16];
    /** Per document: its record's index, its id range (-1: the record key) and its object range in the value. */
    private int documents;
    private int[] recordOf = new int[64];
    private int[] idFrom = new int[64];
    private int[] idTo = new int[64];
    private int[] objectFrom = new int[64];
    private int[] objectTo = new int[64];
    /** What cannot be sent, found while filling the batch; published before the documents are sent. */
    final List<DeadLetters.Letter> refused = new ArrayList<>();
    /** First and last offset per partition, in arrival order. */
    final Map<TopicPartition, long[]> ranges = new LinkedHashMap<>();
    final List<PartitionOffsets.Span> spans = new ArrayList<>();
    final long createdNanos;
    /** Bytes of the documents (as indexed, shared fields merged) and of the refused letters. */
    long bytes;
    /** Set by the worker before it hands the batch back: whether every document is indexed or dead-lettered. */
    volatile boolean delivered;
    private String lastTopic;
    private int lastPartition;
    private long[] lastRange;

    Batch(long createdNanos) {
        this.createdNanos = createdNanos;
    }

    /** A record of the one-document layout: its value is the document, its key the id. */
    void addDocumentRecord(ConsumerRecord<byte[], byte[]> record, byte[] action) {
        cover(record);
        addDocument(appendRecord(record, action, ONE_DOCUMENT), -1, -1, 0, record.value().length);
    }

    /** An event batch whose events follow through {@link #addEvent}; returns the record's index. */
    int addEventRecord(ConsumerRecord<byte[], byte[]> record, byte[] action, int sharedObjectEnd) {
        cover(record);
        return appendRecord(record, action, sharedObjectEnd);
    }

    void addEvent(int record, int eventIdFrom, int eventIdTo, int eventObjectFrom, int eventObjectTo) {
        addDocument(record, eventIdFrom, eventIdTo, eventObjectFrom, eventObjectTo);
    }

    /** A letter decided before sending; its record counts as covered by this batch. */
    void addRefused(DeadLetters.Letter letter) {
        cover(letter.source());
        appendRefused(letter);
    }

    /** Marks a record as part of this batch without anything to send or refuse (an empty event batch). */
    void cover(ConsumerRecord<byte[], byte[]> record) {
        rangeOf(record)[1] = record.offset();
    }

    /** Documents to send. */
    int size() {
        return documents;
    }

    /** Documents and refused letters: what the batch's size limit counts. */
    int items() {
        return documents + refused.size();
    }

    /** Appends document {@code d} with its action line to {@code body}, merging shared fields as it writes. */
    void writeTo(BulkBody body, int d) {
        ConsumerRecord<byte[], byte[]> record = records.get(recordOf[d]);
        byte[] action = actions.get(recordOf[d]);
        int shared = sharedTo[recordOf[d]];
        if (shared == ONE_DOCUMENT) {
            body.add(action, record.key(), record.value());
        } else {
            body.addEvent(action, record.value(), idFrom[d], idTo[d], objectFrom[d], objectTo[d], shared);
        }
    }

    /** The dead letter of document {@code d}: its id and the document as it was sent. */
    DeadLetters.Letter letter(int d, ItemResult error) {
        ConsumerRecord<byte[], byte[]> record = records.get(recordOf[d]);
        int shared = sharedTo[recordOf[d]];
        if (shared == ONE_DOCUMENT) {
            return DeadLetters.Letter.ofRecord(record, error);
        }
        byte[] value = record.value();
        return new DeadLetters.Letter(record, Arrays.copyOfRange(value, idFrom[d], idTo[d]),
                EventBatch.document(value, objectFrom[d], objectTo[d], shared), error);
    }

    /** The record document {@code d} came from (tests, logging). */
    ConsumerRecord<byte[], byte[]> recordOf(int d) {
        return records.get(recordOf[d]);
    }

    /** The action line start of document {@code d} (tests). */
    byte[] actionOf(int d) {
        return actions.get(recordOf[d]);
    }

    boolean touches(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            if (ranges.containsKey(tp)) {
                return true;
            }
        }
        return false;
    }

    /**
     * This batch without the records of {@code partitions}, or null when nothing is left. Whole
     * records go, since a record never spans two batches; the kept partitions' ranges are unchanged.
     */
    Batch without(Collection<TopicPartition> partitions) {
        Batch kept = new Batch(createdNanos);
        for (Map.Entry<TopicPartition, long[]> range : ranges.entrySet()) {
            if (!partitions.contains(range.getKey())) {
                kept.ranges.put(range.getKey(), range.getValue().clone());
            }
        }
        if (kept.ranges.isEmpty()) {
            return null;
        }
        int[] keptIndex = new int[records.size()];
        for (int r = 0; r < records.size(); r++) {
            ConsumerRecord<byte[], byte[]> record = records.get(r);
            keptIndex[r] = isIn(record, partitions) ? -1 : kept.appendRecord(record, actions.get(r), sharedTo[r]);
        }
        for (int d = 0; d < documents; d++) {
            int r = keptIndex[recordOf[d]];
            if (r >= 0) {
                kept.addDocument(r, idFrom[d], idTo[d], objectFrom[d], objectTo[d]);
            }
        }
        for (DeadLetters.Letter letter : refused) {
            if (!isIn(letter.source(), partitions)) {
                kept.appendRefused(letter);
            }
        }
        return kept;
    }

    private static boolean isIn(ConsumerRecord<byte[], byte[]> record, Collection<TopicPartition> partitions) {
        return partitions.contains(new TopicPartition(record.topic(), record.partition()));
    }

    private void appendRefused(DeadLetters.Letter letter) {
        refused.add(letter);
        bytes += (letter.value() == null ? 0 : letter.value().length) + ACTION_BYTES;
    }

    /** Appends a record without touching the ranges (the caller covers it). */
    private int appendRecord(ConsumerRecord<byte[], byte[]> record, byte[] action, int sharedObjectEnd) {
        int r = records.size();
        records.add(record);
        actions.add(action);
        if (r == sharedTo.length) {
            sharedTo = Arrays.copyOf(sharedTo, r * 2);
        }
        sharedTo[r] = sharedObjectEnd;
        return r;
    }

    private void addDocument(int record, int idStart, int idEnd, int from, int to) {
        if (documents == recordOf.length) {
            int capacity = documents * 2;
            recordOf = Arrays.copyOf(recordOf, capacity);
            idFrom = Arrays.copyOf(idFrom, capacity);
            idTo = Arrays.copyOf(idTo, capacity);
            objectFrom = Arrays.copyOf(objectFrom, capacity);
            objectTo = Arrays.copyOf(objectTo, capacity);
        }
        recordOf[documents] = record;
        idFrom[documents] = idStart;
        idTo[documents] = idEnd;
        objectFrom[documents] = from;
        objectTo[documents] = to;
        documents++;
        int shared = sharedTo[record];
        bytes += ACTION_BYTES + (shared == ONE_DOCUMENT
                ? records.get(record).key().length + to
                : idEnd - idStart + EventBatch.documentLength(from, to, shared));
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
}
