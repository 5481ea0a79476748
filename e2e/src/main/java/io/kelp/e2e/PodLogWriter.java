package io.kelp.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Writes container log lines the way the kubelet's CRI runtime lays them out on a node:
 * {@code <root>/<namespace>_<pod>_<uid>/<container>/0.log}, each line
 * {@code <RFC3339Nano time> <stream> F <message>}.
 */
public final class PodLogWriter {

    private final Path file;

    public PodLogWriter(Path podLogRoot, String namespace, String pod, String uid, String container) {
        this.file = podLogRoot.resolve(namespace + "_" + pod + "_" + uid).resolve(container).resolve("0.log");
    }

    public Path file() {
        return file;
    }

    public void write(String stream, String message) {
        append(Instant.now() + " " + stream + " F " + message + "\n");
    }

    public void append(String rawLines) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, rawLines, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
