package io.kelp.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A single-node KRaft Kafka (broker and controller combined) in its own process, so a test can take
 * it down (SIGTERM or SIGKILL) and bring it back on the same port with the same data: a real outage,
 * which the in-JVM {@link KafkaServer} cannot simulate. Same broker settings as {@link KafkaServer}.
 *
 * <p>The broker runs {@code kafka.Kafka} from this JVM's class path (test-kit depends on
 * {@code kafka_2.13}). Its data directory survives {@link #stop()} / {@link #kill()} and is deleted
 * by {@link #close()}.
 */
public final class ForkedKafkaBroker implements AutoCloseable {

    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path directory;
    private final Path config;
    private final int port = FreePorts.next();
    private final int controllerPort = FreePorts.next();
    private ManagedProcess process;
    private Admin admin;
    private int starts;

    private ForkedKafkaBroker(Path directory) {
        this.directory = directory;
        this.config = directory.resolve("server.properties");
    }

    /** Formats a fresh node in its own temp dir and starts it; returns once it answers metadata requests. */
    public static ForkedKafkaBroker launch() {
        ForkedKafkaBroker broker = new ForkedKafkaBroker(InstanceDirs.create("kafka-forked"));
        try {
            broker.format();
            broker.start();
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private void format() {
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "log.dirs=" + directory.resolve("data")));
        KafkaServer.brokerSettings().forEach((key, value) -> lines.add(key + "=" + value));
        try {
            Files.writeString(config, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        ManagedProcess format = ManagedProcess.command("kafka-format-" + port,
                java("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString(), "--standalone"))
                .start();
        if (!format.awaitExit(FORMAT_TIMEOUT) || format.exitCode() != 0) {
            format.kill();
            throw format.failure("kafka storage format failed");
        }
    }

    /** A java command with this JVM's class path, passed in an argument file to keep the log header short. */
    private List<String> java(String mainClass, String... args) {
        Path classPath = directory.resolve("classpath.args");
        try {
            if (!Files.exists(classPath)) {
                Files.writeString(classPath, "-cp \"" + System.getProperty("java.class.path") + "\"\n",
                        StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + classPath, e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("@" + classPath);
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /** Starts the broker (again) on the same ports and data; returns once it answers metadata requests. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        process = ManagedProcess.command("kafka-" + port, java("kafka.Kafka", config.toString())).start();
        starts++;
        // Without a logging backend on the class path the broker prints nothing: probe it instead.
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw process.failure("exited with code " + process.exitCode() + " before it was ready");
            }
            try {
                admin().describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            }
        }
        throw process.failure("Kafka did not become ready within " + READY_TIMEOUT + " (last: " + last + ")");
    }

    /** Controlled shutdown (SIGTERM), SIGKILL after 30 s; the data stays for {@link #start()}. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
        }
    }

    /** SIGKILL: the broker vanishes mid-stream, as in a crash; the data stays for {@link #start()}. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** How many times the broker process was started. */
    public synchronized int starts() {
        return starts;
    }

    /** {@code 127.0.0.1:PORT}, the same across restarts. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The current broker process (a new one after every {@link #start()}). */
    public synchronized ManagedProcess process() {
        return process;
    }

    /** A shared admin client, usable across restarts and closed with the broker. Do not close it. */
    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
        }
        return admin;
    }

    /** Creates the topic (replication factor 1) unless it exists; returns once every partition has a leader. */
    public void createTopic(String name, int partitions) {
        Topics.create(admin(), name, partitions);
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
        kill();
        InstanceDirs.deleteQuietly(directory);
    }

    @Override
    public String toString() {
        return "forked Kafka at " + bootstrapServers();
    }
}
