package io.kelp.agent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Writes CRI lines to a container log file laid out as the kubelet does, remembering each line's offset. */
final class PodLog {

    final Path path;
    final List<Long> offsets = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    final List<Instant> times = new ArrayList<>();
    private long size;

    PodLog(Path root, String namespace, String pod, String uid, String container) throws IOException {
        Path dir = Files.createDirectories(root.resolve(namespace + "_" + pod + "_" + uid).resolve(container));
        this.path = dir.resolve("0.log");
        this.size = Files.exists(path) ? Files.size(path) : 0;
    }

    void write(String stream, String message) throws IOException {
        Instant now = Instant.now();
        String line = now + " " + stream + " F " + message + "\n";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        Files.write(path, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        offsets.add(size);
        messages.add(message);
        times.add(now);
        size += bytes.length;
    }

    void writeLines(int count, String prefix) throws IOException {
        for (int i = 0; i < count; i++) {
            write("stdout", prefix + " " + i);
        }
    }
}
