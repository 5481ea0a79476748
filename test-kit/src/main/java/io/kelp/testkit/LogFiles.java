package io.kelp.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where server and child-process output goes: the module's {@code target/kelp-logs} under Maven, else the temp dir. */
public final class LogFiles {

    private LogFiles() {
    }

    public static Path directory() {
        Path target = Path.of("target");
        Path dir = Files.isDirectory(target) ? target.resolve("kelp-logs") : InstanceDirs.root().resolve("logs");
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    public static Path defaultFor(String name) {
        return directory().resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
    }
}
