package io.kelp.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temp directories for server data and logs: {@code ${java.io.tmpdir}/kelp-test-kit/<kind>-<jvm pid>-<random>}.
 * The owning JVM's pid is in the name so that a later run can delete what a killed JVM left behind
 * without touching the directories of JVMs still running (several test JVMs share this machine).
 */
public final class InstanceDirs {

    private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "kelp-test-kit");
    private static volatile boolean swept;

    private InstanceDirs() {
    }

    public static Path root() {
        try {
            return Files.createDirectories(ROOT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + ROOT, e);
        }
    }

    public static Path create(String kind) {
        sweepOrphans();
        try {
            return Files.createTempDirectory(root(), kind + "-" + ProcessHandle.current().pid() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for " + kind, e);
        }
    }

    /** Deletes directories of JVMs that are gone. Runs once per JVM. */
    static synchronized void sweepOrphans() {
        if (swept) {
            return;
        }
        swept = true;
        try (Stream<Path> dirs = Files.list(root())) {
            dirs.filter(Files::isDirectory)
                    .filter(dir -> ownerPid(dir) > 0 && ProcessHandle.of(ownerPid(dir)).isEmpty())
                    .forEach(InstanceDirs::deleteQuietly);
        } catch (IOException e) {
            // Leftovers only cost disk space; never fail a test run over them.
        }
    }

    static long ownerPid(Path dir) {
        String[] parts = dir.getFileName().toString().split("-");
        for (int i = parts.length - 2; i >= 0; i--) {
            if (parts[i].matches("\\d+")) {
                return Long.parseLong(parts[i]);
            }
        }
        return -1;
    }

    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a file held open by a dying server is removed by the next sweep.
        }
    }
}
