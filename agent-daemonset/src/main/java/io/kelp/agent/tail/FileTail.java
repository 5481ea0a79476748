package io.kelp.agent.tail;

import io.kelp.agent.AgentCounters;
import io.kelp.agent.parse.CriFraming;
import io.kelp.agent.parse.DockerJsonFraming;
import io.kelp.agent.parse.MultilineJoiner;
import io.kelp.agent.parse.EventSink;
import io.kelp.agent.parse.LineFramer;
import io.kelp.agent.parse.LineSink;
import io.kelp.agent.parse.LogEvent;
import io.kelp.agent.parse.PlainFraming;
import io.kelp.agent.record.EventBatchWriter;
import io.kelp.agent.record.RecordEncoder;
import io.kelp.agent.record.SourceFields;
import io.kelp.agent.ship.RecordSender;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.LogFormat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Tails one file for one collection: reads from the checkpoint on, frames and encodes lines, packs
 * the events into records ({@link EventBatchWriter}) and hands them to the sender. A record is
 * shipped when full and at the end of every {@link #poll}, so packing never delays a line. Owned by the tailing thread; only the {@link AckTracker} is shared
 * with the producer's thread.
 */
public final class FileTail implements EventSink, AutoCloseable {

    private final CollectionRef collection;
    private final String topic;
    private final Path path;
    private FileChannel channel;
    private final Fingerprint fingerprint;
    private final long sourceId;
    private final LineFramer framer;
    private final LineSink framing;
    /** Joins lines into multi-line events when the task asks; null otherwise. */
    private final MultilineJoiner joiner;
    private final RecordEncoder encoder;
    private final EventBatchWriter batch;
    private SourceFields fields;
    /** {@link #fields} encoded: the object shared by the events of a record. */
    private byte[] sharedFields;
    private final AckTracker tracker;
    private final AgentCounters counters;
    private final Object fileKey;
    private RecordSender sender;
    private long lastEndCheckNanos;
    private long lastGrowthNanos = System.nanoTime();
    /** The file at the open channel no longer holds our content (truncated or rewritten). */
    private boolean replaced;
    private long lastSavedOffset;
    private InterruptedException interrupted;

    private static final long QUIET_BEFORE_LEAVING_NANOS = 2_000_000_000L;
    /**
     * Events per record are what make shipping cheap (a Kafka record costs about as much CPU as
     * encoding a line). 32 KiB holds about a hundred typical lines, two records per producer batch.
     */
    static final int MAX_RECORD_VALUE_BYTES = 32 * 1024;

    /** Why a tail at the end of its file should stop. */
    public enum EndOfLife { NONE, ROTATED, DELETED, TRUNCATED }

    private final TailSpec spec;

    public FileTail(TailSpec spec, FileChannel channel, Object fileKey, Checkpoint start, SourceFields fields,
                    AgentCounters counters) throws IOException {
        this.spec = spec;
        this.fileKey = fileKey;
        this.collection = spec.collection();
        this.topic = spec.topic();
        this.path = spec.path();
        this.channel = channel;
        this.fingerprint = start.fingerprint();
        this.sourceId = start.sourceId();
        this.fields = fields;
        this.sharedFields = fields.encode();
        this.encoder = new RecordEncoder(spec.jsonFields());
        this.batch = new EventBatchWriter(MAX_RECORD_VALUE_BYTES);
        this.counters = counters;
        this.framer = new LineFramer(spec.maxLineBytes(), 64 * 1024, start.offset());
        this.joiner = spec.multiline() == null ? null
                : new MultilineJoiner(this, spec.multiline(), spec.maxLineBytes());
        EventSink events = joiner == null ? this : joiner;
        this.framing = switch (spec.format()) {
            case PLAIN -> new PlainFraming(events);
            case DOCKER_JSON -> new DockerJsonFraming(events, spec.maxLineBytes());
            case CRI -> new CriFraming(events, spec.maxLineBytes());
        };
        this.tracker = new AckTracker(start.offset(), counters.collections.shipped(collection));
        this.lastSavedOffset = start.offset();
        channel.position(start.offset());
    }

    /**
     * Reads and ships up to about {@code budgetBytes}. Returns the bytes read (0 when at the end).
     * Blocks inside the sender while Kafka cannot take more.
     */
    public int poll(RecordSender recordSender, int budgetBytes) throws IOException, InterruptedException {
        this.sender = recordSender;
        int total = 0;
        boolean atEnd = false;
        while (total < budgetBytes && !replaced) {
            // Without a buffer, look before reading: a buffer is allocated only for bytes to read.
            int n = framer.bufferCapacity() == 0 && channel.size() <= framer.readOffset() ? 0 : framer.fill(channel);
            if (n > 0 && !stillSameContent()) {
                // Truncated (and maybe rewritten) under us: these bytes may be the new content's.
                // Drop them; the rest of the old content is finished from the copy, if any.
                framer.dropLastFill(n);
                replaced = true;
                break;
            }
            if (n > 0) {
                framer.deliverBuffered(framing);
            }
            if (interrupted != null) {
                InterruptedException e = interrupted;
                interrupted = null;
                throw e;
            }
            if (n <= 0) {
                atEnd = true;
                break;
            }
            total += n;
        }
        if (atEnd && spec.rotated()) {
            // A rotated file read to its end only waits to be retired: it need not hold a buffer.
            framer.releaseBuffer();
        }
        if (total > 0) {
            counters.bytesRead.add(total);
            lastGrowthNanos = System.nanoTime();
        } else if (joiner != null) {
            joiner.flushIfIdle(System.nanoTime());
            rethrowInterrupt();
        }
        shipAndRelease();
        return total;
    }

    /**
     * Checked after every read, before the bytes are shipped: the file is still at least as long
     * as what was read and still starts with our first line. A pread of the first line per read
     * chunk is cheap next to the chunk itself.
     */
    private boolean stillSameContent() throws IOException {
        return channel.size() >= framer.readOffset() && fingerprint.matches(channel);
    }

    /**
     * Ships what will never be finished (the file was rotated away, deleted or truncated): a last
     * line without its newline, and partial messages.
     */
    public void finish() throws InterruptedException {
        framer.deliverUnfinished(framing);
        framer.releaseBuffer();
        framing.endOfInput(framer.readOffset());
        if (joiner != null) {
            joiner.flush();
        }
        rethrowInterrupt();
        shipAndRelease();
    }

    private void rethrowInterrupt() throws InterruptedException {
        if (interrupted != null) {
            InterruptedException e = interrupted;
            interrupted = null;
            throw e;
        }
    }

    @Override
    public void accept(LogEvent event) {
        try {
            if (interrupted != null) {
                return;
            }
            encoder.encode(event, batch.nextEvent());
            counters.countEvent(event.flags, encoder.lastFound());
            long epochMillis = encoder.lastEpochMillis();
            if (batch.needsNewRecord(sharedFields, epochMillis)) {
                shipBatch();
            }
            batch.append(sharedFields, sourceId, event.offset, event.resumeOffset, epochMillis);
            if (batch.isFull()) {
                shipBatch();
            }
        } catch (InterruptedException e) {
            // Shutdown while Kafka was blocking us: the record stays unacknowledged, so the
            // checkpoint stays before it and it is re-read on restart.
            interrupted = e;
        } finally {
            event.forgetBuffers();
        }
    }

    /**
     * Hands the record being built to the sender. Interrupted (shutdown while Kafka blocks us), its
     * events are dropped unacknowledged: the checkpoint stays before them, so they are re-read.
     */
    private void shipBatch() throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        try {
            long seq = tracker.register(batch.resumeOffset(), batch.events());
            sender.send(topic, batch.key(), batch.value(), batch.timestampMillis(), batch.events(), tracker, seq);
        } finally {
            batch.clear();
        }
    }

    /** Ships what this poll read and frees the record buffers until the file has more to read. */
    private void shipAndRelease() throws InterruptedException {
        try {
            shipBatch();
        } finally {
            batch.release();
        }
    }

    /**
     * Called at the end of the file: whether the file was rotated away (the path now names another
     * file), deleted, or truncated / rewritten (copytruncate). Checked at most every 200 ms.
     */
    public EndOfLife endOfLife() throws IOException {
        if (replaced) {
            counters.truncations.increment();
            return EndOfLife.TRUNCATED;
        }
        long now = System.nanoTime();
        if (now - lastEndCheckNanos < 200_000_000L) {
            return EndOfLife.NONE;
        }
        lastEndCheckNanos = now;
        if (!spec.rotated() && (channel.size() < framer.readOffset() || !fingerprint.matches(channel))) {
            // Our own file was cut, whatever the path names by now: a copytruncate followed by the
            // next rotation before this check must still finish from the copy, not as a rename.
            counters.truncations.increment();
            return EndOfLife.TRUNCATED;
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            // Renamed away with no new file yet, or deleted: the writer may still append to its open
            // handle until it reopens, so only leave once the file has been quiet for a while.
            return now - lastGrowthNanos > QUIET_BEFORE_LEAVING_NANOS ? EndOfLife.DELETED : EndOfLife.NONE;
        }
        if (spec.rotated()) {
            return writerMovedOn(attributes) ? EndOfLife.ROTATED : EndOfLife.NONE;
        }
        if (fileKey != null && !fileKey.equals(attributes.fileKey())) {
            // A new file at the path: the writer has switched to it, so the old one is complete.
            counters.rotations.increment();
            return EndOfLife.ROTATED;
        }
        return EndOfLife.NONE;
    }

    /**
     * Whether a rotated file will get no more writes: its writer has written to the live file since
     * (one runtime writes a container's log, so it has switched), or it has been quiet for 5 s (a
     * writer that reopens late). Without the first rule a storm of rotations kept thousands of
     * finished files open for 5 s each.
     */
    private boolean writerMovedOn(BasicFileAttributes rotated) throws IOException {
        if (System.currentTimeMillis() - rotated.lastModifiedTime().toMillis() > 5_000) {
            return true;
        }
        try {
            BasicFileAttributes live = Files.readAttributes(RotatedNames.livePath(path), BasicFileAttributes.class);
            return !java.util.Objects.equals(live.fileKey(), rotated.fileKey())
                    && live.lastModifiedTime().compareTo(rotated.lastModifiedTime()) > 0;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Continues reading from another file holding the same content (the copy copytruncate made),
     * from the current read offset on; the old channel is closed.
     */
    public void continueFrom(FileChannel copy) throws IOException {
        copy.position(framer.readOffset());
        replaced = false;
        FileChannel old = channel;
        channel = copy;
        old.close();
    }

    /** The checkpoint to persist, or null when nothing new was acknowledged since the last save. */
    public Checkpoint checkpointIfAdvanced() {
        long committed = tracker.committed();
        if (committed == lastSavedOffset) {
            return null;
        }
        return new Checkpoint(sourceId, fingerprint, committed, path.toString());
    }

    public void markSaved(Checkpoint checkpoint) {
        lastSavedOffset = checkpoint.offset();
    }

    public long committedOffset() {
        return tracker.committed();
    }

    public long readOffset() {
        return framer.readOffset();
    }

    public int inFlight() {
        return tracker.inFlight();
    }

    public long size() throws IOException {
        return channel.size();
    }

    public SourceFields fields() {
        return fields;
    }

    /** New metadata for the records from here on (labels became known or changed). */
    public void updateFields(SourceFields updated) {
        fields = updated;
        sharedFields = updated.encode();
    }

    public TailSpec spec() {
        return spec;
    }

    public String topic() {
        return topic;
    }

    public LogFormat format() {
        return spec.format();
    }

    public CollectionRef collection() {
        return collection;
    }

    public Path path() {
        return path;
    }

    public FileChannel channel() {
        return channel;
    }

    public Fingerprint fingerprint() {
        return fingerprint;
    }

    public long sourceId() {
        return sourceId;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
