package io.kelp.agent.parse;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/**
 * Splits a byte stream into newline-terminated lines. Bytes of an unfinished line stay buffered
 * until its newline arrives. A line longer than {@code maxLineBytes} keeps its first
 * {@code maxLineBytes} bytes and is delivered, flagged truncated, once its newline is seen: the
 * file never stops on a huge line and memory stays bounded by {@code maxLineBytes + chunk}.
 *
 * <p>Memory: the buffer is one read chunk from the first read on and only grows (doubling) while an
 * unfinished line needs more room, so an agent tailing many files of short lines pays ~one chunk per file,
 * not the maximum line size. Not thread-safe: one framer per tailed file, used by the tailing
 * thread only.
 */
public final class LineFramer {

    private static final byte[] NO_BUFFER = new byte[0];

    private final int maxLineBytes;
    private final int chunkBytes;
    private final int capacityLimit;
    private byte[] buf;
    private ByteBuffer view;
    /** buf[0, len) holds unconsumed bytes; buf[0] is at file offset {@code bufOffset}. */
    private int len;
    private long bufOffset;
    /** Inside an over-long line: its first maxLineBytes are kept, the rest is skipped. */
    private boolean skipping;
    private long skippingLineOffset;
    /** The kept head of an over-long line; allocated only while one is being skipped. */
    private byte[] truncatedHead;

    public LineFramer(int maxLineBytes, int chunkBytes, long startOffset) {
        this.maxLineBytes = maxLineBytes;
        this.chunkBytes = chunkBytes;
        this.capacityLimit = maxLineBytes + chunkBytes;
        // Allocated by the first read: a file opened only to wait (a rotated one) costs no buffer.
        this.buf = NO_BUFFER;
        this.view = ByteBuffer.wrap(buf);
        this.bufOffset = startOffset;
    }

    /**
     * Frees the read buffer if it holds nothing (the next read allocates one chunk again): for files
     * read to their end that will not grow, e.g. rotated files waiting to be retired, which can be
     * thousands at a time in a rotation storm.
     */
    public void releaseBuffer() {
        if (len == 0 && !skipping && buf.length > 0) {
            buf = NO_BUFFER;
            view = ByteBuffer.wrap(buf);
        }
    }

    /**
     * Grows the buffer when less than half a chunk is free. After {@link #deliver} at most
     * {@code maxLineBytes} stay buffered, so the limit always leaves a full chunk to read into.
     */
    private void ensureRoom() {
        if (buf.length - len >= chunkBytes / 2 || buf.length == capacityLimit) {
            return;
        }
        int size = (int) Math.min(capacityLimit, Math.max(2L * buf.length, (long) len + chunkBytes));
        buf = java.util.Arrays.copyOf(buf, size);
        view = ByteBuffer.wrap(buf);
    }

    /** The file offset of the first byte not yet delivered as part of a line. */
    public long pendingOffset() {
        return skipping ? skippingLineOffset : bufOffset;
    }

    /** The file offset of the next byte to read from the file. */
    public long readOffset() {
        return bufOffset + len;
    }

    /** Reads once from {@code channel} and delivers the complete lines. Returns bytes read, -1 at EOF. */
    public int readFrom(ReadableByteChannel channel, LineSink sink) throws IOException {
        int n = fill(channel);
        if (n > 0) {
            deliver(sink);
        }
        return n;
    }

    /**
     * Reads once from {@code channel} into the buffer without delivering, so the caller can check
     * the bytes still belong to the same file content before any line is shipped.
     */
    public int fill(ReadableByteChannel channel) throws IOException {
        ensureRoom();
        view.limit(buf.length).position(len);
        int n = channel.read(view);
        if (n > 0) {
            len += n;
        }
        return n;
    }

    /** Forgets the last {@code n} bytes {@link #fill} read (they turned out to be another content's). */
    public void dropLastFill(int n) {
        len -= n;
    }

    /** Delivers the complete lines buffered by {@link #fill}. */
    public void deliverBuffered(LineSink sink) {
        deliver(sink);
    }

    /**
     * Delivers a last line that never got its newline, at the end of a file's life (rotated away,
     * deleted, truncated): nobody will finish it, and keeping it buffered would lose it. Flagged
     * truncated if it had outgrown the limit.
     */
    public void deliverUnfinished(LineSink sink) {
        if (skipping) {
            skipping = false;
            sink.line(truncatedHead, 0, maxLineBytes, skippingLineOffset, readOffset(), true);
            truncatedHead = null;
        } else if (len > 0) {
            sink.line(buf, 0, len, bufOffset, bufOffset + len, false);
        }
        bufOffset += len;
        len = 0;
    }

    /** Appends bytes directly (for tests and non-channel sources). */
    public void feed(byte[] data, int from, int to, LineSink sink) {
        while (from < to) {
            ensureRoom();
            int n = Math.min(to - from, buf.length - len);
            System.arraycopy(data, from, buf, len, n);
            len += n;
            from += n;
            deliver(sink);
        }
    }

    private void deliver(LineSink sink) {
        int start = 0;
        while (true) {
            int nl = indexOfNewline(start);
            if (nl < 0) {
                break;
            }
            long lineOffset = bufOffset + start;
            long next = lineOffset + (nl - start) + 1;
            if (skipping) {
                skipping = false;
                sink.line(truncatedHead, 0, maxLineBytes, skippingLineOffset, next, true);
                truncatedHead = null;
            } else if (nl - start > maxLineBytes) {
                sink.line(buf, start, start + maxLineBytes, lineOffset, next, true);
            } else {
                sink.line(buf, start, nl, lineOffset, next, false);
            }
            start = nl + 1;
        }
        compact(start);
        if (!skipping && len > maxLineBytes) {
            // An unfinished line already exceeds the limit: keep its head, drop the rest as it comes.
            truncatedHead = new byte[maxLineBytes];
            System.arraycopy(buf, 0, truncatedHead, 0, maxLineBytes);
            skipping = true;
            skippingLineOffset = bufOffset;
            bufOffset += len;
            len = 0;
        } else if (skipping) {
            bufOffset += len;
            len = 0;
        }
    }

    /**
     * Eight bytes at a time (a line is ~150 bytes, so this loop is a real share of framing): a
     * newline byte becomes zero after the XOR, and the classic "has a zero byte" expression flags
     * it; the lowest flagged byte is always a real one.
     */
    private int indexOfNewline(int from) {
        int i = from;
        for (; i + Long.BYTES <= len; i += Long.BYTES) {
            long word = (long) LONGS.get(buf, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long zeros = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < len; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private void compact(int consumed) {
        if (consumed == 0) {
            return;
        }
        System.arraycopy(buf, consumed, buf, 0, len - consumed);
        len -= consumed;
        bufOffset += consumed;
    }

    /** The buffer's current size (grows only for long lines). */
    public int bufferCapacity() {
        return buf.length;
    }

    /** Bytes buffered for a line whose newline has not arrived. */
    public int bufferedBytes() {
        return len;
    }
}
