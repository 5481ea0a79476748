package io.kelp.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A child process (a Java app or any command) that logs to a file and cannot outlive this JVM.
 *
 * <p>The command runs through {@code setsid}, so it leads its own process group: signals go to the
 * whole group (Elasticsearch's launcher forks the server JVM, {@code runuser} forks its command).
 * See {@link OrphanGuard} for what happens when this JVM dies without running shutdown hooks.
 */
public final class ManagedProcess implements AutoCloseable {

    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ManagedProcess::stopAllLive, "kelp-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    private final long logStart;
    private final OrphanGuard guard;

    private ManagedProcess(String name, Process process, Path logFile, long logStart) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.logStart = logStart;
        this.guard = OrphanGuard.protect(process);
        LIVE.add(this);
        process.onExit().thenRun(() -> {
            guard.release();
            LIVE.remove(this);
        });
    }

    /** Any command; {@code name} labels the log file and error messages. */
    public static Launch command(String name, List<String> command) {
        return new Launch(name, command);
    }

    /** {@code java -D<k>=<v>... -jar <jar> <args>} with the JVM running this code. */
    public static Launch javaJar(String name, Path jar, Map<String, String> systemProperties, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return new Launch(name, command);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code, or -1 while running. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** SIGKILL to the whole group, as a crash would; returns once the main process is gone. */
    public void kill() {
        OrphanGuard.killGroup(process.pid(), "KILL");
        awaitExit(Duration.ofSeconds(10));
    }

    public void stop() {
        stop(DEFAULT_STOP_TIMEOUT);
    }

    /** SIGTERM to the group, then SIGKILL if it has not exited within {@code timeout}. */
    public void stop(Duration timeout) {
        if (!process.isAlive()) {
            return;
        }
        OrphanGuard.killGroup(process.pid(), "TERM");
        if (!awaitExit(timeout)) {
            kill();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Polls {@code url} until it answers 2xx; fails early, with the output tail, if the process exits. */
    public void waitUntilHttpOk(String url, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
        Instant deadline = Instant.now().plus(timeout);
        String lastAnswer = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            failIfExited("before " + url + " answered");
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                lastAnswer = "HTTP " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                lastAnswer = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + url, e);
            }
            sleep(Duration.ofMillis(150));
        }
        throw failure(url + " did not answer 2xx within " + timeout + " (last: " + lastAnswer + ")");
    }

    /** Waits until the output contains {@code text}; fails early if the process exits. */
    public void waitForOutput(String text, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (outputTail(Integer.MAX_VALUE).contains(text)) {
                return;
            }
            failIfExited("before printing '" + text + "'");
            sleep(Duration.ofMillis(150));
        }
        throw failure("'" + text + "' did not appear in the output within " + timeout);
    }

    /**
     * The last {@code lines} lines this process printed (at most 256 KiB). The log file is appended to
     * across restarts and runs; earlier output is not part of the tail.
     */
    public String outputTail(int lines) {
        return tail(logFile, logStart, lines);
    }

    /** An exception naming the process, its log file and the tail of its output. */
    public IllegalStateException failure(String message) {
        return new IllegalStateException(name + ": " + message + "\n--- last output of " + name + " (" + logFile
                + ") ---\n" + outputTail(40));
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + (process.isAlive() ? "" : ", exited " + process.exitValue()) + "]";
    }

    static String tail(Path file, int lines) {
        return tail(file, 0, lines);
    }

    private static String tail(Path file, long notBefore, int lines) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.min(raf.length(), Math.max(notBefore, raf.length() - 256 * 1024));
            byte[] bytes = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            int from = Math.max(0, all.length - 1 - lines);
            return String.join("\n", List.of(all).subList(from, all.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private void failIfExited(String when) {
        if (!process.isAlive()) {
            throw failure("exited with code " + process.exitValue() + " " + when);
        }
    }

    /** Waits up to {@code timeout} for the process to exit; true when it has. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void stopAllLive() {
        List.copyOf(LIVE).parallelStream().forEach(p -> p.stop(Duration.ofSeconds(10)));
    }

    /** What to start; {@link #start()} launches it. */
    public static final class Launch {
        private final String name;
        private final List<String> command;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path workingDirectory;
        private Path logFile;

        private Launch(String name, List<String> command) {
            this.name = name;
            this.command = List.copyOf(command);
        }

        public Launch environment(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public Launch workingDirectory(Path directory) {
            this.workingDirectory = directory;
            return this;
        }

        /** Output (stdout and stderr) is appended here; default {@code target/kelp-logs/<name>.log}. */
        public Launch logFile(Path file) {
            this.logFile = file;
            return this;
        }

        public ManagedProcess start() {
            Path log = logFile != null ? logFile : LogFiles.defaultFor(name);
            List<String> full = new ArrayList<>();
            full.add("setsid");
            full.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            try {
                // The header separates runs in the shared file; the output of this run starts after it.
                Files.writeString(log, "=== " + Instant.now() + " starting " + String.join(" ", command) + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                long logStart = Files.size(log);
                return new ManagedProcess(name, builder.start(), log, logStart);
            } catch (IOException e) {
                throw new UncheckedIOException(name + ": cannot start " + command, e);
            }
        }
    }
}
