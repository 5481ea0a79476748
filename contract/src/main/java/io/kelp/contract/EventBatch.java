package io.kelp.contract;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The value layout of a Kafka record that carries several events of one source (the agent's
 * records, marked with the header {@value #LAYOUT_HEADER}{@code =}{@value #LAYOUT_EVENTS}):
 *
 * <pre>
 * {"log.file.path":"/var/log/...","host.name":"node-1",...}\n     the fields every event shares
 * 0be7c40000000001-2a {"@timestamp":"...","message":"..."}\n       one line per event: its record id,
 * 0be7c40000000001-83 {"@timestamp":"...","message":"..."}\n       a space, the event's own fields
 * </pre>
 *
 * The document indexed for an event is its own object with the shared fields appended. Sharing the
 * source's fields (a pod's name, uid, labels, path... about two thirds of a document's bytes) and
 * one Kafka record per run of lines is what makes shipping cheap: per-record and per-byte costs of
 * the Kafka clients, on both sides, were most of the agent's and a large part of the transfer's CPU.
 * Every event of a record falls in the UTC day of the record's timestamp, so one daily index holds
 * the whole record. JSON never holds a raw line break, so lines split on {@code '\n'} alone.
 *
 * <p>Records without the header hold one document each, the record id as key (see {@link RecordFormat}).
 */
public final class EventBatch {

    public static final String LAYOUT_HEADER = "kelp.layout";
    public static final String LAYOUT_EVENTS = "events";
    private static final byte[] LAYOUT_EVENTS_BYTES = LAYOUT_EVENTS.getBytes(StandardCharsets.US_ASCII);
    /** Elasticsearch refuses longer ids. */
    public static final int MAX_ID_BYTES = 512;
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long EVERY_BYTE_01 = 0x0101010101010101L;
    private static final long EVERY_BYTE_80 = 0x8080808080808080L;
    private static final long EVERY_BYTE_LF = EVERY_BYTE_01 * '\n';

    private EventBatch() {
    }

    /** Receives the parts of a value, as ranges {@code [from, to)} of it. */
    public interface Visitor {

        /** One event: its id, then its JSON object (braces included). */
        void event(int idFrom, int idTo, int objectFrom, int objectTo);

        /** A line that is not {@code <id> {...}}: shipped by nobody, dead-lettered by the reader's owner. */
        void malformed(int lineFrom, int lineTo, String why);
    }

    /** Whether a header value marks the layout of this class. */
    public static boolean isEventsLayout(byte[] headerValue) {
        return java.util.Arrays.equals(headerValue, LAYOUT_EVENTS_BYTES);
    }

    /** The header value to mark a record with. */
    public static byte[] eventsLayoutHeaderValue() {
        return LAYOUT_EVENTS_BYTES.clone();
    }

    /**
     * Visits every event line of {@code value} in order. Returns where the shared object ends (it
     * starts at 0), or -1 when the first line is not a JSON object: then nothing was visited, the
     * value as a whole is unusable.
     */
    public static int read(byte[] value, Visitor visitor) {
        int sharedEnd = lineEnd(value, 0);
        int sharedTo = trimEnd(value, 0, sharedEnd);
        if (sharedTo < 2 || value[0] != '{' || value[sharedTo - 1] != '}') {
            return -1;
        }
        int at = sharedEnd + 1;
        while (at < value.length) {
            int end = lineEnd(value, at);
            int to = trimEnd(value, at, end);
            if (to > at) {
                readEvent(value, at, to, visitor);
            }
            at = end + 1;
        }
        return sharedTo;
    }

    private static void readEvent(byte[] value, int from, int to, Visitor visitor) {
        int space = from;
        while (space < to && value[space] != ' ') {
            space++;
        }
        if (space == to) {
            visitor.malformed(from, to, "event line without a space between record id and event");
            return;
        }
        if (!isAcceptableId(value, from, space)) {
            visitor.malformed(from, to, "record id must be 1-" + MAX_ID_BYTES + " bytes of printable ASCII "
                    + "without quotes or backslashes");
            return;
        }
        int objectFrom = space + 1;
        if (to - objectFrom < 2 || value[objectFrom] != '{' || value[to - 1] != '}') {
            visitor.malformed(from, to, "event is not a JSON object");
            return;
        }
        visitor.event(from, space, objectFrom, to);
    }

    /**
     * Whether {@code bytes[from, to)} can serve as a document id: 1 to {@value #MAX_ID_BYTES} bytes
     * of printable ASCII, no quote or backslash (it is written into action lines unescaped).
     */
    public static boolean isAcceptableId(byte[] bytes, int from, int to) {
        if (to - from < 1 || to - from > MAX_ID_BYTES) {
            return false;
        }
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b < 0x20 || b > 0x7e || b == '"' || b == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Bytes {@link #writeDocument} writes for these ranges. */
    public static int documentLength(int objectFrom, int objectTo, int sharedTo) {
        return objectTo - objectFrom + sharedTo;
    }

    /**
     * Writes the document of one event: its object with the shared object's fields appended, at
     * {@code out[at]}; returns the index after it. {@code out} must have room for
     * {@link #documentLength} bytes.
     */
    public static int writeDocument(byte[] value, int objectFrom, int objectTo, int sharedTo, byte[] out, int at) {
        int sharedFrom = 0;
        boolean noOwnFields = isEmptyObject(value, objectFrom, objectTo);
        boolean noSharedFields = isEmptyObject(value, sharedFrom, sharedTo);
        if (noSharedFields || noOwnFields) {
            int from = noSharedFields ? objectFrom : sharedFrom;
            int to = noSharedFields ? objectTo : sharedTo;
            System.arraycopy(value, from, out, at, to - from);
            return at + to - from;
        }
        int own = objectTo - 1 - objectFrom; // without the closing brace
        System.arraycopy(value, objectFrom, out, at, own);
        at += own;
        out[at++] = ',';
        int shared = sharedTo - 1 - (sharedFrom + 1); // without either brace
        System.arraycopy(value, sharedFrom + 1, out, at, shared);
        at += shared;
        out[at++] = '}';
        return at;
    }

    /** The document of one event as a new array (dead letters, tests). */
    public static byte[] document(byte[] value, int objectFrom, int objectTo, int sharedTo) {
        byte[] out = new byte[documentLength(objectFrom, objectTo, sharedTo)];
        int end = writeDocument(value, objectFrom, objectTo, sharedTo, out, 0);
        return end == out.length ? out : java.util.Arrays.copyOf(out, end);
    }

    private static boolean isEmptyObject(byte[] value, int from, int to) {
        for (int i = from + 1; i < to - 1; i++) {
            byte b = value[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * The index of the next LF at or after {@code from}, or {@code value.length}. Reads eight bytes
     * at a time: this scan passes over every byte a transfer indexes. {@code x = word ^ LFs} has a
     * zero byte where {@code word} has an LF, and {@code (x - 0x0101..) & ~x & 0x8080..} flags the
     * lowest zero byte exactly (false flags only occur above a real one).
     */
    private static int lineEnd(byte[] value, int from) {
        int i = from;
        for (; i + Long.BYTES <= value.length; i += Long.BYTES) {
            long x = (long) WORDS.get(value, i) ^ EVERY_BYTE_LF;
            long zeroBytes = (x - EVERY_BYTE_01) & ~x & EVERY_BYTE_80;
            if (zeroBytes != 0) {
                return i + (Long.numberOfTrailingZeros(zeroBytes) >>> 3);
            }
        }
        while (i < value.length && value[i] != '\n') {
            i++;
        }
        return i;
    }

    private static int trimEnd(byte[] value, int from, int to) {
        while (to > from && (value[to - 1] == '\r' || value[to - 1] == ' ')) {
            to--;
        }
        return to;
    }
}
