package io.kelp.transfer.elasticsearch;

import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.ContentEncoder;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.entity.HttpAsyncContentProducer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A {@code _bulk} body handed to the HTTP client's I/O reactor straight from our buffer, in
 * slices.
 *
 * <p>Why not the stock entities: a {@code ByteArrayEntity} is streamed through an InputStream into
 * 4 KiB buffers and an 8 KiB session buffer (copies, and a syscall per 8 KiB); an
 * {@code NByteArrayEntity} writes the whole remaining body per call, and the JDK copies all of a
 * heap buffer's remaining bytes into a temporary direct buffer on every socket write, however few
 * the socket takes. Slices bound that copy and keep the cached direct buffer small.
 *
 * <p>Threading: written by one I/O reactor thread at a time; the caller must not touch the body
 * until the request has completed.
 */
final class BulkRequestEntity extends AbstractHttpEntity implements HttpAsyncContentProducer {

    static final int SLICE_BYTES = 64 * 1024;

    private final byte[] body;
    private final int length;
    private int written;

    BulkRequestEntity(byte[] body, int length, ContentType contentType) {
        this.body = body;
        this.length = length;
        setContentType(contentType.toString());
    }

    @Override
    public void produceContent(ContentEncoder encoder, IOControl ioControl) throws IOException {
        while (written < length) {
            int n = encoder.write(ByteBuffer.wrap(body, written, Math.min(SLICE_BYTES, length - written)));
            if (n == 0) {
                return; // the socket is full: the reactor calls again when it can take more
            }
            written += n;
        }
        encoder.complete();
    }

    /** Rewinds, so the client can send the body again (a retry on another node). */
    @Override
    public void close() {
        written = 0;
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    @Override
    public long getContentLength() {
        return length;
    }

    @Override
    public InputStream getContent() {
        return new ByteArrayInputStream(body, 0, length);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        out.write(body, 0, length);
    }

    @Override
    public boolean isStreaming() {
        return false;
    }
}
