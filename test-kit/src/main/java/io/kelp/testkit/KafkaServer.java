package io.kelp.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real KRaft node (broker and controller combined) running inside this JVM.
 *
 * <p>Topic auto-creation is off, as in production where the operator creates topics: tests create
 * theirs with {@link #createTopic}. Internal topics use replication factor 1 so that consumer groups
 * and transactions (the transfer's exactly-once path) work on a single node.
 */
public final class KafkaServer implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private final ServerDir dir;
    private Admin admin;

    private KafkaServer(KafkaClusterTestKit cluster, ServerDir dir) {
        this.cluster = cluster;
        this.dir = dir;
    }

    /** Starts a fresh node, or the kept one of an earlier run with its topics and offsets (see {@link ServerDir}). */
    public static KafkaServer start() {
        return start(ServerDir.of("kafka"));
    }

    static KafkaServer start(ServerDir dir) {
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(dir.path())
                    .setClusterId(clusterId(dir))
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(false);
            brokerSettings().forEach(builder::setConfigProp);
            cluster = builder.build();
            if (!dir.startedBefore()) {
                cluster.format();
            }
            cluster.startup();
            cluster.waitForReadyBrokers();
            dir.markStarted();
            return new KafkaServer(cluster, dir);
        } catch (Exception e) {
            closeQuietly(cluster);
            dir.release();
            throw new IllegalStateException("Kafka (in-JVM KRaft node, data in " + dir.path() + ") failed to start: " + e, e);
        }
    }

    /** A kept log dir only starts again under the cluster id it was formatted with. */
    private static String clusterId(ServerDir dir) throws IOException {
        Path file = dir.path().resolve("cluster.id");
        if (dir.startedBefore() && Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id);
        return id;
    }

    /** Broker settings of every test broker (also {@link ForkedKafkaBroker}'s). */
    static Map<String, String> brokerSettings() {
        return Map.of(
                "auto.create.topics.enable", "false",
                "offsets.topic.replication.factor", "1",
                "offsets.topic.num.partitions", "5",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "transaction.state.log.num.partitions", "5",
                "share.coordinator.state.topic.replication.factor", "1",
                "share.coordinator.state.topic.min.isr", "1",
                // Tests start consumers right away; the default 3 s delay only slows every group join.
                "group.initial.rebalance.delay.ms", "0");
    }

    /** {@code host:port} of the broker listener, usable by child processes too. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** A shared admin client, closed with the server. Do not close it. */
    public synchronized Admin admin() {
        if (admin == null) {
            admin = cluster.admin();
        }
        return admin;
    }

    /**
     * Creates the topic (replication factor 1) and returns once every partition has a leader; a topic
     * that already exists is left as it is (see {@link Topics#create}).
     */
    public void createTopic(String name, int partitions) {
        Topics.create(admin(), name, partitions);
    }

    /** Polls the topic's metadata until every partition has a leader. */
    public void awaitLeaders(String topic, Duration timeout) {
        Topics.awaitLeaders(admin(), topic, timeout);
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
        closeQuietly(cluster);
        dir.release();
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            // Shutting down: the data dir is removed anyway and the JVM is about to exit.
        }
    }
}
