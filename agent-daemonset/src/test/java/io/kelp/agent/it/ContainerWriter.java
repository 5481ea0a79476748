package io.kelp.agent.it;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes CRI lines like a container runtime: through an open, append-mode stream, so a rename or a
 * truncation behaves as it does on a node (writes keep going to the open file until reopened).
 */
final class ContainerWriter implements AutoCloseable {

    final Path path;
    final List<String> written = new ArrayList<>();
    private FileOutputStream out;

    ContainerWriter(Path root, String namespace, String pod, String uid, String container) throws IOException {
        Path dir = Files.createDirectories(root.resolve(namespace + "_" + pod + "_" + uid).resolve(container));
        path = dir.resolve("0.log");
        reopen();
    }

    void line(String message) throws IOException {
        out.write((Instant.now() + " stdout F " + message + "\n").getBytes(StandardCharsets.UTF_8));
        written.add(message);
    }

    /** A last line whose newline never comes (the writer died, or the file was rotated mid-line). */
    void unterminated(String message) throws IOException {
        out.write((Instant.now() + " stdout F " + message).getBytes(StandardCharsets.UTF_8));
        written.add(message);
    }

    void lines(int count, String prefix) throws IOException {
        for (int i = 0; i < count; i++) {
            line(prefix + "-" + i);
        }
    }

    /** Renames the live file away; writes still go to it until {@link #reopen}. */
    Path renameTo(String name) throws IOException {
        return Files.move(path, path.resolveSibling(name));
    }

    void reopen() throws IOException {
        if (out != null) {
            out.close();
        }
        out = new FileOutputStream(path.toFile(), true);
    }

    /** logrotate's copytruncate: copy the file, then truncate it in place; the writer keeps appending. */
    Path copyTruncate(String copyName) throws IOException {
        Path copy = Files.copy(path, path.resolveSibling(copyName));
        try (var channel = java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        return copy;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
