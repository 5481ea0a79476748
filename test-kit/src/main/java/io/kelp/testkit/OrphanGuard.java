package io.kelp.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Makes sure a child process group never outlives this JVM, even when the JVM is killed with SIGKILL.
 *
 * <p>Two layers:
 * <ol>
 *   <li>A watchdog per child: {@code setsid bash -c 'read; kill -KILL -- -<pgid>'}. Its stdin is a pipe
 *   whose only writer is this JVM, so {@code read} returns exactly when the JVM dies (the kernel closes
 *   the pipe) or when we close it after the child exited. It runs in its own session, so killing the
 *   Maven/Surefire process group does not take it down with the JVM.</li>
 *   <li>A pid file per child under {@code kelp-test-kit/pids}. If the watchdog was killed too, the next
 *   JVM that starts a child kills groups whose owner JVM is gone. Start times are compared so that a
 *   reused pid is never killed.</li>
 * </ol>
 */
final class OrphanGuard {

    private static final Path PID_DIR = InstanceDirs.root().resolve("pids");
    private static boolean swept;

    private final long childPid;
    private final Process watchdog;
    private final Path pidFile;

    private OrphanGuard(long childPid, Process watchdog, Path pidFile) {
        this.childPid = childPid;
        this.watchdog = watchdog;
        this.pidFile = pidFile;
    }

    /** The child must lead its own process group (started through {@code setsid}). */
    static OrphanGuard protect(Process child) {
        long pid = child.pid();
        Path pidFile = writePidFile(child.toHandle());
        try {
            Process watchdog = new ProcessBuilder("setsid", "bash", "-c",
                    "read -r _; kill -KILL -- -\"$1\" 2>/dev/null; exit 0", "kelp-watchdog", Long.toString(pid))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new OrphanGuard(pid, watchdog, pidFile);
        } catch (IOException e) {
            killGroup(pid, "KILL");
            throw new UncheckedIOException("cannot start the watchdog for pid " + pid, e);
        }
    }

    /** Called once the child exited: kills stragglers of its group and retires the watchdog. */
    void release() {
        try {
            watchdog.getOutputStream().close();
        } catch (IOException e) {
            watchdog.destroyForcibly();
        }
        killGroup(childPid, "KILL");
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // The next sweep finds the child dead and removes the file.
        }
    }

    static void killGroup(long pgid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path writePidFile(ProcessHandle child) {
        sweepStale();
        String line = pidLine(child, ProcessHandle.current());
        Path file = PID_DIR.resolve(child.pid() + ".pid");
        try {
            Files.createDirectories(PID_DIR);
            Files.writeString(file, line, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** Kills process groups left by JVMs that died together with their watchdogs. Once per JVM. */
    static synchronized void sweepStale() {
        if (!swept) {
            swept = true;
            reapOrphans(PID_DIR);
        }
    }

    /** Kills the groups recorded in {@code pidDir} whose owner JVM is gone, and removes their files. */
    static void reapOrphans(Path pidDir) {
        if (!Files.isDirectory(pidDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(pidDir)) {
            files.filter(f -> f.toString().endsWith(".pid")).forEach(OrphanGuard::reapIfOrphaned);
        } catch (IOException e) {
            // Nothing to reap is better than failing the run.
        }
    }

    /** The line {@link #reapOrphans} reads: child pid and start, owner pid and start (epoch millis). */
    static String pidLine(ProcessHandle child, ProcessHandle owner) {
        return child.pid() + " " + startMillis(child) + " " + owner.pid() + " " + startMillis(owner) + "\n";
    }

    private static void reapIfOrphaned(Path pidFile) {
        try {
            List<String> fields = List.of(Files.readString(pidFile).trim().split(" "));
            long child = Long.parseLong(fields.get(0));
            long owner = Long.parseLong(fields.get(2));
            if (isSameProcess(owner, Long.parseLong(fields.get(3)))) {
                return;
            }
            if (isSameProcess(child, Long.parseLong(fields.get(1)))) {
                killGroup(child, "KILL");
            }
            Files.deleteIfExists(pidFile);
        } catch (IOException | RuntimeException e) {
            // A malformed or concurrently removed file: leave it to the next sweep.
        }
    }

    private static boolean isSameProcess(long pid, long startMillis) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isPresent() && handle.get().isAlive() && startMillis(handle.get()) == startMillis;
    }

    private static long startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }
}
