package io.kelp.agent.record;

import io.kelp.contract.EventBatch;

/**
 * Builds the value of one Kafka record in the {@link EventBatch} layout: the source's fields once,
 * then a line per event with its record id. A record holds the events of one file, up to about
 * {@code maxValueBytes}, all with the same shared fields and in one UTC day (the record timestamp
 * picks the daily index for all of them).
 *
 * <p>Use: encode the event into {@link #nextEvent()}, ship the record first if
 * {@link #needsNewRecord} says so, then {@link #append}. {@link #release} when the file has been
 * read for now: a node can have thousands of files open (a rotation storm), so an idle file must
 * not hold a record-sized buffer. Tailing thread only.
 */
public final class EventBatchWriter {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** What an event line adds besides its object: the longest record id (16 + 1 + 16), a space, a LF. */
    private static final int MAX_LINE_OVERHEAD = 35;

    private final int maxValueBytes;
    /** Both null while released. */
    private JsonBytes value;
    private JsonBytes event;
    private byte[] shared;
    private int events;
    private long sourceId;
    private long firstOffset;
    private long resumeOffset;
    private long timestampMillis;
    private long day;

    public EventBatchWriter(int maxValueBytes) {
        this.maxValueBytes = maxValueBytes;
    }

    /** The buffer to encode the next event's object into, emptied. */
    public JsonBytes nextEvent() {
        if (event == null) {
            event = new JsonBytes(1024);
        }
        event.reset();
        return event;
    }

    /**
     * Whether the event in {@link #nextEvent()} must start a new record: this one has events with
     * other shared fields, of another UTC day, or no room left for it. A single event larger than
     * the limit gets a record of its own.
     */
    public boolean needsNewRecord(byte[] sharedFields, long epochMillis) {
        return events > 0 && (sharedFields != shared
                || Math.floorDiv(epochMillis, MILLIS_PER_DAY) != day
                || value.length() + event.length() + MAX_LINE_OVERHEAD > maxValueBytes);
    }

    /** Appends the event in {@link #nextEvent()}: its record id, a space, its object, a line break. */
    public void append(byte[] sharedFields, long sourceId, long offset, long resumeOffset, long epochMillis) {
        if (events == 0) {
            if (value == null) {
                value = new JsonBytes(maxValueBytes + 1024);
            }
            value.reset();
            value.raw(sharedFields).raw((byte) '\n');
            shared = sharedFields;
            this.sourceId = sourceId;
            firstOffset = offset;
            timestampMillis = epochMillis;
            day = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        }
        RecordKeys.write(value, sourceId, offset);
        value.raw((byte) ' ').raw(event).raw((byte) '\n');
        this.resumeOffset = resumeOffset;
        events++;
    }

    /** The record has reached its size: ship it before the next event. */
    public boolean isFull() {
        return value != null && value.length() >= maxValueBytes;
    }

    public boolean isEmpty() {
        return events == 0;
    }

    public int events() {
        return events;
    }

    /** The record id of the first event: spreads a file's records over the partitions. */
    public byte[] key() {
        return RecordKeys.of(sourceId, firstOffset);
    }

    public byte[] value() {
        return value.toByteArray();
    }

    /** The first event's time, in epoch millis. */
    public long timestampMillis() {
        return timestampMillis;
    }

    /** Where to resume reading once this record is acknowledged: after its last event. */
    public long resumeOffset() {
        return resumeOffset;
    }

    /** Starts over empty, after the record was shipped (or given up at shutdown); keeps the buffers. */
    public void clear() {
        events = 0;
        shared = null;
    }

    /** Empties the writer and lets its buffers go; the next event allocates them again. */
    public void release() {
        clear();
        value = null;
        event = null;
    }
}
