package io.kelp.transfer.bulk;

import io.kelp.contract.EventBatch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An NDJSON {@code _bulk} request body built from raw bytes: for each document an action line
 * {@code {"index":{"_index":"<index>","_id":"<id>"}}} and the document itself, copied as is, or
 * for an event of an {@link EventBatch} written straight from the record value with the shared
 * fields merged in (no intermediate copy of the document).
 *
 * <p>The document is never parsed. Valid JSON can contain a raw CR or LF only as whitespace
 * between tokens (inside strings they must be escaped), so replacing them with spaces keeps the
 * document identical while keeping it on one NDJSON line; invalid JSON stays invalid and
 * Elasticsearch rejects that one item. The check reads eight bytes at a time: done byte by byte
 * it cost more than copying the document.
 *
 * <p>Not thread-safe; reuse one per sending thread with {@link #reset()}.
 */
public final class BulkBody {

    private static final byte[] ID_PREFIX = "\",\"_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACTION_SUFFIX = "\"}}\n".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long EVERY_BYTE_01 = 0x0101010101010101L;
    private static final long EVERY_BYTE_80 = 0x8080808080808080L;
    /** CR (0x0D) and LF (0x0A) are below 0x0E; so are other control bytes, rare and checked exactly. */
    private static final long EVERY_BYTE_0E = EVERY_BYTE_01 * 0x0E;

    /** Elasticsearch refuses longer ids. */
    public static final int MAX_ID_BYTES = EventBatch.MAX_ID_BYTES;

    private byte[] buffer;
    private int length;
    private int documents;

    public BulkBody(int initialCapacity) {
        buffer = new byte[Math.max(initialCapacity, 64)];
    }

    /**
     * The start of an action line for one index, {@code {"index":{"_index":"<index>}: computed once
     * per daily index and shared by all its documents.
     */
    public static byte[] actionPrefix(String index) {
        StringBuilder out = new StringBuilder(index.length() + 24).append("{\"index\":{\"_index\":\"");
        for (int i = 0; i < index.length(); i++) {
            char c = index.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code id} can be written into an action line: 1 to 512 bytes of printable ASCII.
     * The record ids of the contract are hex and a dash; anything else would risk an action line
     * that fails the whole bulk request, so it is dead-lettered before sending.
     */
    public static boolean isAcceptableId(byte[] id) {
        if (id == null || id.length == 0 || id.length > MAX_ID_BYTES) {
            return false;
        }
        for (byte b : id) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Appends one index action; {@code id} must be {@link #isAcceptableId acceptable}. */
    public void add(byte[] actionPrefix, byte[] id, byte[] document) {
        ensureCapacity(actionPrefix.length + ID_PREFIX.length + 2 * id.length + ACTION_SUFFIX.length
                + document.length + 1);
        appendAction(actionPrefix, id, 0, id.length);
        int start = length;
        System.arraycopy(document, 0, buffer, length, document.length);
        length += document.length;
        endDocument(start);
    }

    /**
     * Appends one index action for an event of an {@link EventBatch} value: id
     * {@code value[idFrom, idTo)} (acceptable to {@link EventBatch#isAcceptableId}), document
     * written by {@link EventBatch#writeDocument} from the event's object and the shared object.
     *
     * <p>Neither needs a look at its bytes: the id has no quote or backslash, and both objects are
     * pieces of lines split at LF, so they hold none (a raw CR is no line break to {@code _bulk},
     * which splits at LF only). So the scan one-document records need is skipped here.
     */
    public void addEvent(byte[] actionPrefix, byte[] value, int idFrom, int idTo, int objectFrom, int objectTo,
                         int sharedTo) {
        ensureCapacity(actionPrefix.length + ID_PREFIX.length + (idTo - idFrom) + ACTION_SUFFIX.length
                + EventBatch.documentLength(objectFrom, objectTo, sharedTo) + 1);
        append(actionPrefix);
        append(ID_PREFIX);
        System.arraycopy(value, idFrom, buffer, length, idTo - idFrom);
        length += idTo - idFrom;
        append(ACTION_SUFFIX);
        length = EventBatch.writeDocument(value, objectFrom, objectTo, sharedTo, buffer, length);
        buffer[length++] = '\n';
        documents++;
    }

    public byte[] buffer() {
        return buffer;
    }

    public int length() {
        return length;
    }

    public int documents() {
        return documents;
    }

    public void reset() {
        length = 0;
        documents = 0;
    }

    /** A copy of the body, for tests and logging. */
    public String toUtf8() {
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * Replaces CR and LF in {@code buffer[from, to)} with spaces. A word with no byte below 0x0E
     * needs no look at its bytes: {@code (w - 0x0E0E..) & ~w & 0x8080..} is non-zero exactly when
     * some byte of {@code w} is below 0x0E (bytes above a hit may be flagged too, harmlessly).
     */
    private void blankLineBreaks(int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) WORDS.get(buffer, i);
            if (((word - EVERY_BYTE_0E) & ~word & EVERY_BYTE_80) != 0) {
                blankLineBreaksBytewise(i, i + Long.BYTES);
            }
        }
        blankLineBreaksBytewise(i, to);
    }

    private void blankLineBreaksBytewise(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n' || buffer[i] == '\r') {
                buffer[i] = ' ';
            }
        }
    }

    private void appendAction(byte[] actionPrefix, byte[] id, int idFrom, int idTo) {
        append(actionPrefix);
        append(ID_PREFIX);
        for (int i = idFrom; i < idTo; i++) {
            byte b = id[i];
            if (b == '"' || b == '\\') {
                buffer[length++] = '\\';
            }
            buffer[length++] = b;
        }
        append(ACTION_SUFFIX);
    }

    /** Keeps the document written since {@code start} on one line, and ends the line. */
    private void endDocument(int start) {
        blankLineBreaks(start, length);
        buffer[length++] = '\n';
        documents++;
    }

    private void append(byte[] bytes) {
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void ensureCapacity(int extra) {
        if (length + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }
}
