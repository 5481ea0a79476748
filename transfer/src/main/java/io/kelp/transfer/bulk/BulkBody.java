package io.kelp.transfer.bulk;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An NDJSON {@code _bulk} request body built from raw bytes: for each document an action line
 * {@code {"index":{"_index":"<index>","_id":"<id>"}}} and the document itself, copied as is.
 *
 * <p>The document is never parsed. Valid JSON can contain a raw CR or LF only as whitespace
 * between tokens (inside strings they must be escaped), so replacing them with spaces keeps the
 * document identical while keeping it on one NDJSON line; invalid JSON stays invalid and
 * Elasticsearch rejects that one item.
 *
 * <p>Not thread-safe; reuse one per sending thread with {@link #reset()}.
 */
public final class BulkBody {

    private static final byte[] ID_PREFIX = "\",\"_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACTION_SUFFIX = "\"}}\n".getBytes(StandardCharsets.US_ASCII);

    /** Elasticsearch refuses longer ids. */
    public static final int MAX_ID_BYTES = 512;

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
        append(actionPrefix);
        append(ID_PREFIX);
        for (byte b : id) {
            if (b == '"' || b == '\\') {
                buffer[length++] = '\\';
            }
            buffer[length++] = b;
        }
        append(ACTION_SUFFIX);
        int start = length;
        append(document);
        for (int i = start; i < length; i++) {
            byte b = buffer[i];
            if (b == '\n' || b == '\r') {
                buffer[i] = ' ';
            }
        }
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
