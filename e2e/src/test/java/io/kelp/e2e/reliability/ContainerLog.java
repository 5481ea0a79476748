package io.kelp.e2e.reliability;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One container's CRI log file, {@code <root>/<namespace>_<pod>_<uid>/app/0.log}, written by one
 * writer whose lines carry consecutive {@link Marker}s. It remembers how many lines it wrote, and
 * which of them a copytruncate rotation could have destroyed before anyone read them.
 *
 * <p>Writes go through an {@code O_APPEND} channel, as a container runtime's do: after a
 * truncation the next line lands at offset 0. Appends and rotations hold this object's lock, so
 * each rotation happens between two whole writes; the copy of a copytruncate does not (logrotate
 * copies while the application keeps writing).
 */
final class ContainerLog implements AutoCloseable {

    private static final String FILLER = "GET /api/v1/items?page=7 HTTP/1.1 200 1532 \"-\" \"kelp-reliability/1.0\"";

    private final String stream;
    private final int writer;
    private final String pod;
    private final Path file;
    private FileChannel channel;
    private long written;
    private int rotations;
    /** Seq of the first line of the content now at the path (lines before it went to rotated files). */
    private long contentStart;
    /** Inclusive seq ranges that existed only in the file between a copytruncate's copy and its truncation. */
    private final List<long[]> truncationWindows = new ArrayList<>();

    ContainerLog(Path podLogRoot, String namespace, String stream, int writer) {
        this.stream = stream;
        this.writer = writer;
        this.pod = stream + "-w" + writer;
        this.file = podLogRoot.resolve(namespace + "_" + pod + "_" + UUID.randomUUID()).resolve("app").resolve("0.log");
        try {
            Files.createDirectories(file.getParent());
            channel = open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    private FileChannel open() throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    Path file() {
        return file;
    }

    /** The pod name; every pod of a stream starts with {@code <stream>-}. */
    String pod() {
        return pod;
    }

    /** {@code <root>/<namespace>_<pod>_<uid>}: deleting it is what the kubelet does when the pod is gone. */
    Path podDirectory() {
        return file.getParent().getParent();
    }

    int writer() {
        return writer;
    }

    /** The marker the next line gets. */
    synchronized Marker nextMarker() {
        return marker(written);
    }

    /** The marker of line {@code seq} of this writer. */
    Marker marker(long seq) {
        return new Marker(stream, writer, seq);
    }

    /** Appends {@code count} ordinary marked lines in one write. */
    void appendLines(int count) {
        appendLines(count, System.currentTimeMillis());
    }

    /**
     * Appends {@code count} ordinary marked lines in one write, stamped {@code now} (the CRI time and
     * a {@code t<millis>} token); returns the seq of the first.
     */
    synchronized long appendLines(int count, long now) {
        long first = written;
        if (count <= 0) {
            return first;
        }
        StringBuilder lines = new StringBuilder(count * 200);
        String timestamp = Instant.ofEpochMilli(now).toString();
        for (int i = 0; i < count; i++) {
            lines.append(timestamp).append(" stdout F ").append(new Marker(stream, writer, written + i).text())
                    .append(" sc").append(stream).append(" t").append(now).append(' ').append(FILLER).append('\n');
        }
        write(lines.toString().getBytes(StandardCharsets.UTF_8));
        written += count;
        return first;
    }

    /**
     * Appends raw bytes that complete {@code lines} marked lines (or start them, for a line finished
     * by a later call with 0): for bad input, which {@link #appendLines} would not produce.
     */
    synchronized void appendRaw(byte[] bytes, int lines) {
        write(bytes);
        written += lines;
    }

    private void write(byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Kubelet-style rotation: the file is renamed to {@code 0.log.<n>} and the writer goes on in a new one. */
    synchronized void renameAndCreate() {
        try {
            channel.close();
            Files.move(file, rotatedName(), StandardCopyOption.ATOMIC_MOVE);
            channel = open();
            contentStart = written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate " + file, e);
        }
    }

    /**
     * logrotate's copytruncate: copy the file while the writer goes on, then truncate it. Lines
     * written after the copy read past them and before the truncation exist nowhere afterwards
     * unless a reader had already read them: they are recorded as this rotation's window.
     */
    void copyTruncate() {
        Path copy;
        long firstOfContent;
        synchronized (this) {
            copy = rotatedName();
            firstOfContent = contentStart;
        }
        try {
            Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
            long lastCopied = lastCompleteSeq(copy, firstOfContent);
            synchronized (this) {
                try (FileChannel truncating = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    truncating.truncate(0);
                }
                long lastWritten = written - 1;
                contentStart = written;
                if (lastWritten > lastCopied) {
                    truncationWindows.add(new long[] {lastCopied + 1, lastWritten});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copytruncate " + file, e);
        }
    }

    /**
     * Size-based rotation, as the kubelet's {@code containerLogMaxSize} / {@code containerLogMaxFiles}:
     * rename+create once the file is larger than {@code maxBytes}, and delete rotated files beyond the
     * newest {@code keepRotated}.
     */
    synchronized void rotateWhenLarger(long maxBytes, int keepRotated) {
        try {
            if (channel.size() <= maxBytes) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
        renameAndCreate();
        try {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "." + String.format("%06d",
                    rotations - keepRotated)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete an old rotated file of " + file, e);
        }
    }

    private Path rotatedName() {
        return file.resolveSibling(file.getFileName() + "." + String.format("%06d", ++rotations));
    }

    /**
     * The seq of the last complete (newline-terminated) line of this writer in {@code copy}, or the
     * seq before the content's first line when it holds none; a torn last line does not count.
     */
    private static long lastCompleteSeq(Path copy, long firstOfContent) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(copy.toFile(), "r")) {
            long length = raf.length();
            int tail = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[tail];
            raf.seek(length - tail);
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end >= 0) {
                List<Marker> markers = Marker.findAll(text.substring(0, end));
                if (!markers.isEmpty()) {
                    return markers.get(markers.size() - 1).seq();
                }
            }
        }
        return firstOfContent - 1;
    }

    /** Lines written so far: markers {@code 0 .. written-1} of this writer. */
    synchronized long written() {
        return written;
    }

    /** Whether line {@code seq} fell into a copytruncate window. */
    synchronized boolean inTruncationWindow(long seq) {
        for (long[] window : truncationWindows) {
            if (seq >= window[0] && seq <= window[1]) {
                return true;
            }
        }
        return false;
    }

    /** Lines that fell into copytruncate windows: the most copytruncate can lose by its nature. */
    synchronized long atRiskFromTruncation() {
        return truncationWindows.stream().mapToLong(w -> w[1] - w[0] + 1).sum();
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a log the test no longer writes.
        }
    }
}
