package io.kelp.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.CompactOption;
import io.kelp.agent.assembly.RunningAgent;
import io.kelp.agent.etcd.EtcdAccess;
import io.kelp.contract.CollectionRef;
import io.kelp.testkit.EtcdServer;
import io.kelp.testkit.TcpProxy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kelp.agent.it.AgentFixture.await;
import static io.kelp.agent.it.AgentFixture.createPod;
import static io.kelp.agent.it.AgentFixture.deleteTask;
import static io.kelp.agent.it.AgentFixture.newCollection;
import static io.kelp.agent.it.AgentFixture.putTask;
import static io.kelp.agent.it.AgentFixture.reader;
import static io.kelp.agent.it.AgentFixture.startAgent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent reaches etcd through a {@link TcpProxy} that the tests cut and restore, in front of an
 * etcd of this class's own (it is compacted here, which would upset watches of other tests on the
 * shared one). Kafka and the Kubernetes API are the shared ones.
 *
 * <p>Every wait is for an outcome, with a generous bound: after a restore the agent reconnects only
 * when gRPC's reconnect backoff and its own resync backoff (at most 7.5 s with jitter) let it, which is seconds,
 * not a figure to assert. Checks for records that must not exist (a line shipped twice, a line of a
 * deleted task) read on for a while after the last expected record; they cannot fail spuriously.
 */
class EtcdReconnectIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SHIPPED = Duration.ofSeconds(30);
    /** gRPC's reconnect backoff grows with the length of the outage; the agent's resync follows it. */
    private static final Duration RECONNECTED = Duration.ofSeconds(120);
    private static final Duration READ_ON = Duration.ofSeconds(2);

    private static EtcdServer etcd;
    private static TcpProxy proxy;

    @TempDir
    Path work;

    @BeforeAll
    static void launchEtcdBehindAProxy() {
        etcd = EtcdServer.launchTemporary();
        proxy = TcpProxy.to("127.0.0.1", URI.create(etcd.endpoint()).getPort());
    }

    @AfterEach
    void restoreTheProxy() {
        proxy.restore();
    }

    @AfterAll
    static void closeProxyAndEtcd() {
        proxy.close();
        etcd.close();
    }

    @Test
    void whileEtcdIsUnreachableTheAgentKeepsShippingNewLinesOfItsTasksFiles() throws Exception {
        CollectionRef web = newCollection("web");
        Path root = Files.createDirectories(work.resolve("pods"));
        PodLog log = podLog(root, web, "web-1", "app");
        putTask(etcd, web, Map.of(), List.of());

        try (RunningAgent agent = startAgentBehindProxy(root, work.resolve("state"));
             TopicReader topic = reader(web)) {
            await(SHIPPED, agent::tasksSynced, "the tasks read from etcd");
            log.writeLines(5, "before the outage");
            assertThat(topic.awaitAtLeast(5, SHIPPED)).hasSize(5);

            cutOffAgent();
            log.writeLines(5, "while etcd is unreachable");
            assertThat(topic.awaitAtLeast(10, SHIPPED)).as("lines written while etcd is unreachable").hasSize(10);

            proxy.restore();
            await(RECONNECTED, agent::tasksSynced, "the agent back on etcd");
            log.writeLines(5, "after the outage");
            topic.awaitAtLeast(15, SHIPPED);
            assertThat(messages(topic.drain(READ_ON))).as("every line once").containsExactlyInAnyOrderElementsOf(log.messages);
        }
    }

    @Test
    void changesMadeWhileCutOffAndCompactedAwayAreAllAppliedAfterReconnect() throws Exception {
        CollectionRef deleted = newCollection("deleted");
        CollectionRef added = newCollection("added");
        CollectionRef widened = newCollection("widened");
        Path root = Files.createDirectories(work.resolve("pods"));
        PodLog deletedLog = podLog(root, deleted, "a-1", "app");
        PodLog addedLog = podLog(root, added, "b-1", "app");
        PodLog mainLog = podLog(root, widened, "c-1", "main");
        PodLog sidecarLog = podLog(root, widened, "c-2", "sidecar");
        putTask(etcd, deleted, Map.of(), List.of());
        putTask(etcd, widened, Map.of(), List.of("main"));

        try (RunningAgent agent = startAgentBehindProxy(root, work.resolve("state"));
             TopicReader deletedTopic = reader(deleted);
             TopicReader addedTopic = reader(added);
             TopicReader widenedTopic = reader(widened)) {
            await(SHIPPED, agent::tasksSynced, "the tasks read from etcd");
            deletedLog.writeLines(3, "before the outage");
            mainLog.writeLines(3, "before the outage");
            addedLog.writeLines(3, "before its task");
            sidecarLog.writeLines(3, "before it was selected");
            assertThat(deletedTopic.awaitAtLeast(3, SHIPPED)).hasSize(3);
            assertThat(widenedTopic.awaitAtLeast(3, SHIPPED)).hasSize(3);

            cutOffAgent();
            deletedLog.writeLines(3, "while cut off, before its task was deleted");
            mainLog.writeLines(3, "while cut off");
            assertThat(deletedTopic.awaitAtLeast(6, SHIPPED)).hasSize(6);
            assertThat(widenedTopic.awaitAtLeast(6, SHIPPED)).hasSize(6);

            deleteTask(etcd, deleted);
            putTask(etcd, added, Map.of(), List.of());
            putTask(etcd, widened, Map.of(), List.of("main", "sidecar"));
            compactToCurrentRevision();
            mainLog.writeLines(3, "after the changes, still cut off");

            proxy.restore();
            assertThat(addedTopic.awaitAtLeast(3, RECONNECTED)).as("the added task's file").hasSize(3);
            assertThat(widenedTopic.awaitAtLeast(12, SHIPPED)).as("the newly selected container's file").hasSize(12);

            // The deleted task's file is no longer read: its new lines are absent once later lines
            // of the other tasks, written after them, are in Kafka.
            deletedLog.writeLines(3, "after its task was deleted");
            addedLog.writeLines(1, "marker");
            mainLog.writeLines(1, "marker");
            assertThat(addedTopic.awaitAtLeast(4, SHIPPED)).hasSize(4);
            assertThat(widenedTopic.awaitAtLeast(13, SHIPPED)).hasSize(13);
            assertThat(messages(deletedTopic.drain(READ_ON))).as("the deleted task's lines, each once")
                    .containsExactlyInAnyOrderElementsOf(deletedLog.messages.subList(0, 6));
            assertThat(messages(addedTopic.drain(READ_ON))).containsExactlyInAnyOrderElementsOf(addedLog.messages);
            List<String> widenedExpected = new ArrayList<>(mainLog.messages);
            widenedExpected.addAll(sidecarLog.messages);
            assertThat(messages(widenedTopic.drain(READ_ON)))
                    .as("the still selected container's lines across the outage, each once, and the new one's")
                    .containsExactlyInAnyOrderElementsOf(widenedExpected);

            // The watch runs again after the resync: a put now is applied without another outage,
            // and the file resumes from its checkpoint.
            putTask(etcd, deleted, Map.of(), List.of());
            assertThat(deletedTopic.awaitAtLeast(9, SHIPPED)).as("the task put again").hasSize(9);
            assertThat(messages(deletedTopic.drain(READ_ON))).containsExactlyInAnyOrderElementsOf(deletedLog.messages);
        }
    }

    @Test
    void anAgentStartedWhileEtcdIsUnreachableShipsWithItsPersistedTasks() throws Exception {
        CollectionRef web = newCollection("web");
        Path root = Files.createDirectories(work.resolve("pods"));
        PodLog log = podLog(root, web, "web-1", "app");
        putTask(etcd, web, Map.of(), List.of());
        Path state = work.resolve("state");
        try (TopicReader topic = reader(web)) {
            try (RunningAgent agent = startAgentBehindProxy(root, state)) {
                await(SHIPPED, agent::tasksSynced, "the tasks read from etcd");
                log.writeLines(3, "first run");
                assertThat(topic.awaitAtLeast(3, SHIPPED)).hasSize(3);
            }

            proxy.cut();
            long refusedBefore = proxy.refusedConnections();
            try (RunningAgent agent = startAgentBehindProxy(root, state)) {
                log.writeLines(3, "second run, etcd unreachable");
                assertThat(topic.awaitAtLeast(6, SHIPPED)).as("lines of the persisted task").hasSize(6);
                await(SHIPPED, () -> proxy.refusedConnections() > refusedBefore, "the agent to try etcd");
                assertThat(agent.tasksSynced()).as("synced without reaching etcd").isFalse();

                proxy.restore();
                await(RECONNECTED, agent::tasksSynced, "the agent reaching etcd");
                log.writeLines(3, "second run, etcd back");
                topic.awaitAtLeast(9, SHIPPED);
                assertThat(messages(topic.drain(READ_ON))).containsExactlyInAnyOrderElementsOf(log.messages);
            }
        }
    }

    private static RunningAgent startAgentBehindProxy(Path root, Path state) {
        return startAgent(root, state, EtcdAccess.anonymous("http://127.0.0.1:" + proxy.port()), Map.of());
    }

    /** Cuts the agent's etcd connections and waits until it tried again and was refused. */
    private static void cutOffAgent() throws InterruptedException {
        assertThat(proxy.cut()).as("the agent's etcd connections cut").isPositive();
        long refusedBefore = proxy.refusedConnections();
        await(RECONNECTED, () -> proxy.refusedConnections() > refusedBefore, "the agent to try etcd again");
    }

    /**
     * Compacts etcd's history up to its current revision, so a watch cannot resume from any
     * revision the agent saw before the changes made while it was cut off.
     */
    private static void compactToCurrentRevision() throws Exception {
        long revision = etcd.client().getKVClient().get(ByteSequence.from("/", StandardCharsets.UTF_8)).get()
                .getHeader().getRevision();
        etcd.client().getKVClient().compact(revision, CompactOption.builder().withCompactPhysical(true).build()).get();
    }

    private static PodLog podLog(Path root, CollectionRef ref, String pod, String container) throws IOException {
        Pod created = createPod(ref.namespace(), pod, Map.of(), container);
        return new PodLog(root, ref.namespace(), pod, created.getMetadata().getUid(), container);
    }

    private static List<String> messages(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(record -> {
            try {
                JsonNode doc = JSON.readTree(record.value());
                return doc.get("message").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
