package io.kelp.agent;

import io.kelp.agent.parse.LogEvent;
import io.kelp.agent.record.RecordEncoder;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The agent's counters as plain Java, updated on the hot path without locks ({@link LongAdder});
 * the Quarkus layer exposes them through Micrometer.
 */
public final class AgentCounters {

    public final LongAdder bytesRead = new LongAdder();
    public final LongAdder linesRead = new LongAdder();
    public final LongAdder recordsShipped = new LongAdder();
    public final LongAdder bytesShipped = new LongAdder();
    public final LongAdder recordsFailed = new LongAdder();
    /** Kafka producers replaced because nothing was acknowledged for too long (see KafkaRecordSender). */
    public final LongAdder producerReplacements = new LongAdder();
    public final LongAdder linesTruncated = new LongAdder();
    public final LongAdder linesMalformed = new LongAdder();
    public final LongAdder linesInvalidUtf8 = new LongAdder();
    public final LongAdder linesWithNul = new LongAdder();
    public final LongAdder partialsIncomplete = new LongAdder();
    /** Tasks with parse.jsonFields: lines parsed into fields / starting like JSON but invalid / plain text. */
    public final LongAdder linesJsonParsed = new LongAdder();
    public final LongAdder linesJsonInvalid = new LongAdder();
    public final LongAdder linesNotJson = new LongAdder();
    public final LongAdder invalidTasks = new LongAdder();
    public final LongAdder taskReloads = new LongAdder();
    public final LongAdder filesOpened = new LongAdder();
    public final LongAdder rotations = new LongAdder();
    public final LongAdder truncations = new LongAdder();
    public final LongAdder checkpointsWritten = new LongAdder();
    public final LongAdder checkpointErrors = new LongAdder();
    /** Checkpoints deleted because their file is gone for good (after its last records were acknowledged). */
    public final LongAdder checkpointsDeleted = new LongAdder();
    public final AtomicLong filesTailed = new AtomicLong();
    /** Files found and selected but not opened yet: the open-file budget is used up. */
    public final AtomicLong filesWaiting = new AtomicLong();
    public final AtomicLong bytesBehind = new AtomicLong();
    /** Epoch millis of the last successful checkpoint save (0: never). */
    public final AtomicLong lastCheckpointMillis = new AtomicLong();
    /** Per collection, for the heartbeat. */
    public final CollectionCounters collections = new CollectionCounters();

    /** Reload latency sink; the wiring layer points it at a Micrometer timer. */
    private volatile LongConsumer reloadLatencyNanos = nanos -> { };
    public final AtomicLong lastReloadLatencyNanos = new AtomicLong();

    public void onReloadLatency(LongConsumer sink) {
        reloadLatencyNanos = sink;
    }

    public void recordReload(long nanos) {
        lastReloadLatencyNanos.set(nanos);
        reloadLatencyNanos.accept(nanos);
    }

    /** Bytes behind per tailed file (path), published by the tailing thread once per checkpoint interval. */
    private volatile Consumer<Map<String, Long>> filesBehind = behind -> { };
    private volatile Map<String, Long> lastFilesBehind = Map.of();

    public void onFilesBehind(Consumer<Map<String, Long>> sink) {
        filesBehind = sink;
    }

    public void reportFilesBehind(Map<String, Long> behind) {
        lastFilesBehind = behind;
        filesBehind.accept(behind);
    }

    /** The last per-file report (for tests). */
    public Map<String, Long> filesBehind() {
        return lastFilesBehind;
    }

    public void countEvent(int eventFlags, int encoderFound) {
        linesRead.increment();
        if (eventFlags != 0) {
            if ((eventFlags & LogEvent.FLAG_TRUNCATED) != 0) {
                linesTruncated.increment();
            }
            if ((eventFlags & LogEvent.FLAG_MALFORMED) != 0) {
                linesMalformed.increment();
            }
            if ((eventFlags & LogEvent.FLAG_INCOMPLETE) != 0) {
                partialsIncomplete.increment();
            }
        }
        if (encoderFound != 0) {
            if ((encoderFound & RecordEncoder.FOUND_INVALID_UTF8) != 0) {
                linesInvalidUtf8.increment();
            }
            if ((encoderFound & RecordEncoder.FOUND_NUL) != 0) {
                linesWithNul.increment();
            }
            if ((encoderFound & RecordEncoder.FOUND_JSON_PARSED) != 0) {
                linesJsonParsed.increment();
            } else if ((encoderFound & RecordEncoder.FOUND_JSON_INVALID) != 0) {
                linesJsonInvalid.increment();
            } else if ((encoderFound & RecordEncoder.FOUND_NOT_JSON) != 0) {
                linesNotJson.increment();
            }
        }
    }
}
