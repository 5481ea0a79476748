package io.kelp.bench;

import io.kelp.testkit.FreePorts;
import io.kelp.testkit.ManagedProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The built agent ({@code agent-daemonset/target/quarkus-app/quarkus-run.jar}) as a child process in
 * VM mode (no Kubernetes API): the deployable exactly as it ships, configured by -D properties.
 * Its log lines carry an ISO timestamp with offset so latencies can be read from them.
 */
final class AgentProcess implements AutoCloseable {

    /** Quarkus log format with a parseable timestamp: {@code 2026-11-21T23:01:02.345+00:00 INFO [Class] message}. */
    static final String LOG_FORMAT = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5p [%c{1}] %s%e%n";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final ManagedProcess process;
    private final int httpPort;

    private AgentProcess(ManagedProcess process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /**
     * Starts the agent. {@code environment} is added to this program's (e.g. the image's
     * {@code MALLOC_ARENA_MAX}); {@code extraProperties} override the defaults below (e.g. scan interval).
     */
    static AgentProcess start(BenchRig rig, Path jar, List<String> jvmOptions, Map<String, String> environment,
                              Path podLogRoot, String name, Map<String, String> extraProperties) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the agent first "
                    + "(./mvnw -B -o -q -pl agent-daemonset -am package -DskipTests)");
        }
        int port = FreePorts.next();
        Path checkpoints = Files.createDirectories(rig.workDir().resolve(name + "-checkpoints"));
        Map<String, String> props = new TreeMap<>();
        props.put("kelp.agent.kubernetes.enabled", "false");
        props.put("kelp.agent.node-name", "bench-node");
        props.put("kelp.agent.pod-log-root", podLogRoot.toString());
        props.put("kelp.agent.checkpoint-dir", checkpoints.toString());
        props.put("kelp.etcd.endpoints", rig.etcdEndpoint());
        props.put("kelp.kafka.bootstrap-servers", rig.kafkaBootstrap());
        props.put("quarkus.http.port", Integer.toString(port));
        props.put("quarkus.log.console.format", LOG_FORMAT);
        props.putAll(extraProperties);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        Path archive = jar.toAbsolutePath().resolveSibling(CDS_ARCHIVE);
        if (Files.isRegularFile(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        Path log = rig.logFile(name);
        Files.deleteIfExists(log);
        ManagedProcess.Launch launch = ManagedProcess.command(name, command).logFile(log);
        environment.forEach(launch::environment);
        return new AgentProcess(launch.start(), port);
    }

    /** The AppCDS archive Quarkus builds next to {@code quarkus-run.jar} when the build enables it. */
    static final String CDS_ARCHIVE = "app-cds.jsa";

    /**
     * Copies the built application ({@code quarkus-app}, the jar's directory) into {@code dir} and
     * returns the copy's jar, so a rebuild of the agent while the benchmark runs cannot pull jars
     * from under the running process.
     *
     * <p>When the build made an AppCDS archive, it is made again for the copy, as the image does
     * at build time (images/agent/Dockerfile): an archive only applies to the class path (paths,
     * sizes, times) and the JVM it was dumped with. Quarkus dumps it after static initialisation,
     * without starting the application. {@link #start} then uses it.
     */
    static Path snapshot(Path jar, Path dir, List<String> jvmOptions) throws IOException, InterruptedException {
        Path copied = copyApp(jar, dir);
        Path archive = copied.resolveSibling(CDS_ARCHIVE);
        // -Dkelp.bench.agent-cds=false measures the same build without its archive.
        if (Files.deleteIfExists(archive) && Boolean.parseBoolean(System.getProperty("kelp.bench.agent-cds", "true"))) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-XX:ArchiveClassesAtExit=" + archive);
            command.add("-Dquarkus.appcds.generate=true");
            command.add("-jar");
            command.add(copied.toString());
            Process dump = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!dump.waitFor(3, java.util.concurrent.TimeUnit.MINUTES) || dump.exitValue() != 0
                    || !Files.isRegularFile(archive)) {
                dump.destroyForcibly();
                throw new IllegalStateException("could not dump the AppCDS archive " + archive);
            }
            System.out.printf("AppCDS archive for the agent: %s (%.1f MB)%n", archive, Files.size(archive) / 1e6);
        }
        return copied;
    }

    private static Path copyApp(Path jar, Path dir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the agent first "
                    + "(./mvnw -B -o -q -pl agent-daemonset -am package -DskipTests)");
        }
        Path app = jar.toAbsolutePath().getParent();
        Path copy = dir.resolve("agent-app");
        try (var files = Files.walk(app)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(app.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return copy.resolve(jar.getFileName().toString());
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return process.logFile();
    }

    /** Polls readiness (tasks read from etcd, watch running) every 20 ms; returns System.nanoTime() when ready. */
    long awaitReady(Duration timeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw process.failure("exited before it was ready");
            }
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(20);
        }
        throw process.failure("not ready within " + timeout);
    }

    /** The whole Prometheus text of {@code /q/metrics}, or "" when it cannot be read. */
    String metrics() throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        }
    }

    /** The agent's own count of events Kafka acknowledged ({@code kelp_agent_records_shipped_total}). */
    long eventsShipped() throws InterruptedException {
        return (long) AgentRun.metric(metrics(), "kelp_agent_records_shipped_total");
    }

    IllegalStateException failure(String message) {
        return process.failure(message);
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }
}
