package io.kelp.testkit;

import io.kelp.contract.EventBatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka records of the {@link EventBatch} layout for tests and benchmarks: a writer that packs
 * events into values the way the agent does (up to a size, never across a UTC day, the timestamp
 * of the first event), and a reader that expands a value into the documents Elasticsearch gets.
 *
 * <pre>
 * EventBatchRecords.Writer w = new EventBatchRecords.Writer(sharedJson, 32 * 1024);
 * for (...) {
 *     EventBatchRecords.Value full = w.add(id, eventJson, timestamp);   // null while the value has room
 *     if (full != null) producer.send(full.toRecord(topic));
 * }
 * EventBatchRecords.Value last = w.flush();                               // null when nothing is pending
 * Map&lt;String, String&gt; docs = EventBatchRecords.documents(record.value()); // id -&gt; merged document
 * </pre>
 *
 * <p>Not thread-safe.
 */
public final class EventBatchRecords {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private EventBatchRecords() {
    }

    /**
     * One finished value: its bytes, how many events it holds, the first event's id (a good record
     * key: it spreads sources over partitions as the agent's keys do) and time (the record timestamp).
     */
    public record Value(byte[] bytes, int events, String firstId, long timestamp) {

        /** The record to produce: the layout header set, key = first event id, partitioned by key. */
        public ProducerRecord<byte[], byte[]> toRecord(String topic) {
            return toRecord(topic, null);
        }

        public ProducerRecord<byte[], byte[]> toRecord(String topic, Integer partition) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition, timestamp,
                    firstId.getBytes(StandardCharsets.UTF_8), bytes);
            record.headers().add(EventBatch.LAYOUT_HEADER, EventBatch.eventsLayoutHeaderValue());
            return record;
        }
    }

    /** Packs the events of one source (one shared object) into values of at most a given size. */
    public static final class Writer {

        private final byte[] shared;
        private final int maxValueBytes;
        private final ByteArrayOutputStream value = new ByteArrayOutputStream();
        private int events;
        private String firstId;
        private long firstTimestamp;

        /** {@code sharedJson}: the JSON object of the fields all events share, on one line. */
        public Writer(String sharedJson, int maxValueBytes) {
            this.shared = (sharedJson + "\n").getBytes(StandardCharsets.UTF_8);
            this.maxValueBytes = maxValueBytes;
        }

        /**
         * Adds an event (its own JSON object, on one line). Returns the value it closed when it
         * did not fit in the pending one or falls on another UTC day, else null; an event larger
         * than the limit gets a value of its own.
         */
        public Value add(String id, String eventJson, long timestamp) {
            byte[] line = (id + " " + eventJson + "\n").getBytes(StandardCharsets.UTF_8);
            Value closed = null;
            if (events > 0 && (value.size() + line.length > maxValueBytes
                    || Math.floorDiv(timestamp, MILLIS_PER_DAY) != Math.floorDiv(firstTimestamp, MILLIS_PER_DAY))) {
                closed = flush();
            }
            if (events == 0) {
                value.writeBytes(shared);
                firstId = id;
                firstTimestamp = timestamp;
            }
            value.writeBytes(line);
            events++;
            return closed;
        }

        /** The pending value, or null when there is none; the writer starts afresh. */
        public Value flush() {
            if (events == 0) {
                return null;
            }
            Value done = new Value(value.toByteArray(), events, firstId, firstTimestamp);
            value.reset();
            events = 0;
            return done;
        }
    }

    /** Whether a consumed record carries the layout header. */
    public static boolean isEventBatch(ConsumerRecord<byte[], byte[]> record) {
        Header layout = record.headers().lastHeader(EventBatch.LAYOUT_HEADER);
        return layout != null && EventBatch.isEventsLayout(layout.value());
    }

    /**
     * The documents a value yields, id to merged document (own fields, then the shared ones), in
     * order. Throws when the value or any line is malformed: a test producing such values means to.
     */
    public static Map<String, String> documents(byte[] value) {
        List<int[]> events = new ArrayList<>();
        int sharedTo = EventBatch.read(value, new EventBatch.Visitor() {
            @Override
            public void event(int idFrom, int idTo, int objectFrom, int objectTo) {
                events.add(new int[] {idFrom, idTo, objectFrom, objectTo});
            }

            @Override
            public void malformed(int lineFrom, int lineTo, String why) {
                throw new IllegalArgumentException(why + ": " + new String(value, lineFrom, lineTo - lineFrom,
                        StandardCharsets.UTF_8));
            }
        });
        if (sharedTo < 0) {
            throw new IllegalArgumentException("value does not start with a JSON object line");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int[] e : events) {
            out.put(new String(value, e[0], e[1] - e[0], StandardCharsets.UTF_8),
                    new String(EventBatch.document(value, e[2], e[3], sharedTo), StandardCharsets.UTF_8));
        }
        return out;
    }
}
