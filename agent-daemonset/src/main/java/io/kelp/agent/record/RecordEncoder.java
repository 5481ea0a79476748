package io.kelp.agent.record;

import io.kelp.agent.parse.LevelDetector;
import io.kelp.agent.parse.LogEvent;
import io.kelp.contract.RecordFormat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Encodes an event's own fields (time, message, level, stream, offset, flags, the fields of a JSON
 * line) as the JSON object an {@link io.kelp.contract.EventBatch} line carries; the source's fields
 * are written once per record by {@link EventBatchWriter}. Writes bytes directly (no intermediate
 * Strings or maps). One encoder per tailed file; not thread-safe.
 */
public final class RecordEncoder {

    private static final byte[] OPEN_TIMESTAMP = bytes("{\"" + RecordFormat.TIMESTAMP + "\":");
    private static final byte[] MESSAGE = bytes(",\"" + RecordFormat.MESSAGE + "\":");
    private static final byte[] LEVEL = bytes(",\"" + RecordFormat.LOG_LEVEL + "\":\"");
    private static final byte[] STREAM = bytes(",\"" + RecordFormat.STREAM + "\":");
    private static final byte[] OFFSET = bytes(",\"" + RecordFormat.LOG_OFFSET + "\":");
    private static final byte[] FLAGS = bytes(",\"" + RecordFormat.FLAGS + "\":[");
    private static final byte[] STDOUT = bytes("\"stdout\"");
    private static final byte[] STDERR = bytes("\"stderr\"");

    /** Flags the encoder itself found, reported back so the caller can count them. */
    public static final int FOUND_INVALID_UTF8 = JsonBytes.SAW_INVALID_UTF8;
    public static final int FOUND_NUL = JsonBytes.SAW_NUL;
    /** jsonFields tasks: the line was a JSON object and its fields were written. */
    public static final int FOUND_JSON_PARSED = 1 << 2;
    /** jsonFields tasks: the line started like a JSON object but was not one; shipped as text, flagged. */
    public static final int FOUND_JSON_INVALID = 1 << 3;
    /** jsonFields tasks: the line was plain text (not starting with '{'); shipped as text. */
    public static final int FOUND_NOT_JSON = 1 << 4;

    /** Parses lines that are JSON objects into fields; null when the task did not ask for it. */
    private final JsonLineFields json;
    private int lastFound;
    private long lastEpochMillis;

    public RecordEncoder(boolean jsonFields) {
        this.json = jsonFields ? new JsonLineFields() : null;
    }

    /** Appends one event's object to {@code out}. */
    public void encode(LogEvent e, JsonBytes out) {
        int found = json == null ? 0 : scanJson(e);
        boolean fields = (found & FOUND_JSON_PARSED) != 0;
        lastEpochMillis = e.epochMillis;
        out.raw(OPEN_TIMESTAMP);
        if (fields && json.hasTime()) {
            json.writeTime(out);
            lastEpochMillis = json.timeMillis();
        } else if (e.timestamp != null) {
            out.raw((byte) '"').raw(e.timestamp, e.timestampStart, e.timestampEnd).raw((byte) '"');
        } else {
            out.string(Instant.ofEpochMilli(e.epochMillis).toString());
        }
        out.raw(MESSAGE);
        found |= writeMessageAndLevel(e, fields, out);
        if (e.stream != null) {
            out.raw(STREAM).raw("stdout".equals(e.stream) ? STDOUT : STDERR);
        }
        out.raw(OFFSET).number(e.offset);
        writeFlags(e.flags, found, out);
        if (fields) {
            json.writeRest(out);
        }
        out.raw((byte) '}');
        lastFound = found;
    }

    /** Returns what escaping the message found ({@link JsonBytes#SAW_INVALID_UTF8}, ...). */
    private int writeMessageAndLevel(LogEvent e, boolean fields, JsonBytes out) {
        int found = 0;
        int textStart = e.messageStart;
        int textEnd = e.messageEnd;
        if (fields && json.hasMessage()) {
            json.writeMessage(out); // already a valid JSON string: the scanner checked every byte
            textStart = json.messageTextStart();
            textEnd = json.messageTextEnd();
        } else {
            found = out.string(e.message, e.messageStart, e.messageEnd);
        }
        if (fields && json.hasLevel()) {
            out.raw(LEVEL);
            json.writeLevel(out);
            out.raw((byte) '"');
        } else {
            byte[] level = LevelDetector.detect(e.message, textStart, textEnd);
            if (level != null) {
                out.raw(LEVEL).raw(level).raw((byte) '"');
            }
        }
        return found;
    }

    private int scanJson(LogEvent e) {
        return switch (json.scan(e.message, e.messageStart, e.messageEnd)) {
            case OBJECT -> FOUND_JSON_PARSED;
            case INVALID -> FOUND_JSON_INVALID;
            case NOT_OBJECT -> FOUND_NOT_JSON;
        };
    }

    /** {@link #FOUND_INVALID_UTF8}, {@link #FOUND_NUL}, {@code FOUND_JSON_*} bits of the last encoded event. */
    public int lastFound() {
        return lastFound;
    }

    /**
     * The last event's time in epoch millis: the JSON line's own time when one was lifted into
     * {@code @timestamp}, else the event's. The record's Kafka timestamp (it picks the daily index).
     */
    public long lastEpochMillis() {
        return lastEpochMillis;
    }

    private static void writeFlags(int flags, int found, JsonBytes out) {
        if (flags == 0 && (found & (JsonBytes.SAW_INVALID_UTF8 | JsonBytes.SAW_NUL | FOUND_JSON_INVALID)) == 0) {
            return;
        }
        out.raw(FLAGS);
        boolean first = true;
        first = flag(out, first, (flags & LogEvent.FLAG_TRUNCATED) != 0, "truncated");
        first = flag(out, first, (flags & LogEvent.FLAG_MALFORMED) != 0, "malformed");
        first = flag(out, first, (flags & LogEvent.FLAG_INCOMPLETE) != 0, "incomplete");
        first = flag(out, first, (found & JsonBytes.SAW_INVALID_UTF8) != 0, "invalid_utf8");
        first = flag(out, first, (found & JsonBytes.SAW_NUL) != 0, "nul_bytes");
        flag(out, first, (found & FOUND_JSON_INVALID) != 0, "invalid_json");
        out.raw((byte) ']');
    }

    private static boolean flag(JsonBytes out, boolean first, boolean set, String name) {
        if (!set) {
            return first;
        }
        if (!first) {
            out.raw((byte) ',');
        }
        out.raw((byte) '"').raw(bytes(name)).raw((byte) '"');
        return false;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
