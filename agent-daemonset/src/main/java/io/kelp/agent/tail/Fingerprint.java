package io.kelp.agent.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Identifies a file's content by its first bytes: the first line (newline included), at most
 * {@link #MAX_BYTES}. The first line of a container log starts with a nanosecond timestamp, so two
 * files practically never share it, and unlike an inode it survives a restart, a rename and inode
 * reuse. A file whose first line is not complete yet has no fingerprint: nothing in it could be
 * shipped anyway, and waiting makes the fingerprint a pure function of the content (the same file
 * always gets the same one).
 */
public record Fingerprint(int length, long hash) {

    public static final int MAX_BYTES = 256;

    /** The fingerprint of the file, or null while its first line is incomplete and shorter than MAX_BYTES. */
    public static Fingerprint of(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(MAX_BYTES);
        long position = 0;
        while (head.hasRemaining()) {
            int n = channel.read(head, position);
            if (n <= 0) {
                break;
            }
            position += n;
        }
        return of(head.array(), head.position());
    }

    static Fingerprint of(byte[] head, int available) {
        int length = -1;
        for (int i = 0; i < available; i++) {
            if (head[i] == '\n') {
                length = i + 1;
                break;
            }
        }
        if (length < 0) {
            if (available < MAX_BYTES) {
                return null;
            }
            length = MAX_BYTES;
        }
        return new Fingerprint(length, new Hash64().add(head, 0, length).value());
    }

    /** Whether the file still starts with the bytes this fingerprint was taken from. */
    public boolean matches(FileChannel channel) throws IOException {
        Fingerprint now = of(channel);
        return now != null && now.equals(this);
    }

    public String hex() {
        return String.format("%016x", hash);
    }
}
