package io.kelp.agent.record;

import io.kelp.agent.parse.LevelDetector;
import io.kelp.agent.parse.LogEvent;
import io.kelp.contract.RecordFormat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Encodes events as the ECS-style JSON documents of {@link RecordFormat}, writing bytes directly
 * (no intermediate Strings or maps). One encoder per tailed file; not thread-safe.
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

    private final byte[] sourceFields;
    private final JsonBytes out = new JsonBytes(1024);
    private int lastFound;

    public RecordEncoder(SourceFields source) {
        this.sourceFields = source.encode();
    }

    /** Encodes one event; the bytes are a fresh array the producer may keep. */
    public byte[] encode(LogEvent e) {
        out.reset();
        out.raw(OPEN_TIMESTAMP);
        if (e.timestamp != null) {
            out.raw((byte) '"').raw(e.timestamp, e.timestampStart, e.timestampEnd).raw((byte) '"');
        } else {
            out.string(Instant.ofEpochMilli(e.epochMillis).toString());
        }
        out.raw(MESSAGE);
        int found = out.string(e.message, e.messageStart, e.messageEnd);
        byte[] level = LevelDetector.detect(e.message, e.messageStart, e.messageEnd);
        if (level != null) {
            out.raw(LEVEL).raw(level).raw((byte) '"');
        }
        if (e.stream != null) {
            out.raw(STREAM).raw("stdout".equals(e.stream) ? STDOUT : STDERR);
        }
        out.raw(OFFSET).number(e.offset);
        writeFlags(e.flags, found);
        out.raw(sourceFields);
        out.raw((byte) '}');
        lastFound = found;
        return out.toByteArray();
    }

    /** {@link #FOUND_INVALID_UTF8}/{@link #FOUND_NUL} bits of the last encoded event. */
    public int lastFound() {
        return lastFound;
    }

    private void writeFlags(int flags, int found) {
        if (flags == 0 && found == 0) {
            return;
        }
        out.raw(FLAGS);
        boolean first = true;
        first = flag(first, (flags & LogEvent.FLAG_TRUNCATED) != 0, "truncated");
        first = flag(first, (flags & LogEvent.FLAG_MALFORMED) != 0, "malformed");
        first = flag(first, (flags & LogEvent.FLAG_INCOMPLETE) != 0, "incomplete");
        first = flag(first, (found & JsonBytes.SAW_INVALID_UTF8) != 0, "invalid_utf8");
        flag(first, (found & JsonBytes.SAW_NUL) != 0, "nul_bytes");
        out.raw((byte) ']');
    }

    private boolean flag(boolean first, boolean set, String name) {
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
