package io.kelp.agent.it;

import io.kelp.testkit.FreePorts;
import io.kelp.testkit.ManagedProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A single-node KRaft Kafka in its own process, so a test can take it down (SIGKILL, like a crash)
 * and bring it back on the same port with the same data: a real outage, which the shared in-JVM
 * broker of the test kit cannot simulate.
 */
final class RestartableKafka implements AutoCloseable {

    private final Path dir;
    private final Path config;
    private final int port = FreePorts.next();
    private final int controllerPort = FreePorts.next();
    private ManagedProcess process;
    private int starts;

    RestartableKafka(Path dir) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        this.config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "log.dirs=" + dir.resolve("data"),
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
        ManagedProcess format = ManagedProcess.command("kafka-format-" + port, java("kafka.tools.StorageTool",
                "format", "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22), "-c",
                config.toString(), "--standalone")).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (format.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (format.exitCode() != 0) {
            throw format.failure("kafka storage format failed");
        }
    }

    private static List<String> java(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    void start() {
        process = ManagedProcess.command("kafka-" + port + "-" + (++starts), java("kafka.Kafka", config.toString()))
                .start();
        // The child logs through jboss-logmanager without configuration (silent): probe it instead.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000))) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get();
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline || !process.isAlive()) {
                        throw process.failure("Kafka did not become ready: " + e);
                    }
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: the broker vanishes mid-stream, as in a crash or a network partition. */
    void kill() {
        process.kill();
    }

    void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.kill();
        }
    }
}
