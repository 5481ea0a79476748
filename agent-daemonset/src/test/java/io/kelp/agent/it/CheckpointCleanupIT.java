package io.kelp.agent.it;

import io.fabric8.kubernetes.api.model.Pod;
import io.kelp.agent.AgentCounters;
import io.kelp.agent.AgentSettings;
import io.kelp.agent.assembly.RunningAgent;
import io.kelp.contract.CollectionRef;
import io.kelp.testkit.KelpServers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.kelp.agent.it.AgentFixture.NODE;
import static io.kelp.agent.it.AgentFixture.await;
import static io.kelp.agent.it.AgentFixture.createPod;
import static io.kelp.agent.it.AgentFixture.newCollection;
import static io.kelp.agent.it.AgentFixture.putTask;
import static io.kelp.agent.it.AgentFixture.reader;
import static io.kelp.agent.it.AgentFixture.startAgent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pod churn must not grow the checkpoint directory forever: the checkpoint of a file that is gone
 * for good is deleted, after its last records were acknowledged; files still present keep theirs.
 */
class CheckpointCleanupIT {

    @TempDir
    Path work;

    /** A collection selecting two pods of one namespace: one is deleted during the test, one stays. */
    private record TwoPods(CollectionRef collection, Path root, PodLog goneLog, PodLog staysLog) {
        static TwoPods create(Path work, String name) throws Exception {
            CollectionRef collection = newCollection(name);
            Path root = Files.createDirectories(work.resolve("pods"));
            Pod gone = createPod(collection.namespace(), "gone", Map.of(), "app");
            Pod stays = createPod(collection.namespace(), "stays", Map.of(), "app");
            putTask(collection, Map.of(), List.of());
            return new TwoPods(collection, root,
                    new PodLog(root, collection.namespace(), "gone", gone.getMetadata().getUid(), "app"),
                    new PodLog(root, collection.namespace(), "stays", stays.getMetadata().getUid(), "app"));
        }

        /** kubelet removes the whole directory of a deleted pod. */
        void deleteGonePod() throws IOException {
            deleteTree(goneLog.path.getParent().getParent());
        }
    }

    @Test
    void checkpointOfADeletedPodsFileIsDeletedOnceItsLinesAreAcknowledged() throws Exception {
        TwoPods pods = TwoPods.create(work, "churn");
        PodLog goneLog = pods.goneLog();
        PodLog staysLog = pods.staysLog();
        Path state = work.resolve("state");
        try (RunningAgent agent = startAgent(pods.root(), state); TopicReader topic = reader(pods.collection())) {
            goneLog.writeLines(200, "last words");
            staysLog.writeLines(10, "still here");
            topic.awaitAtLeast(210, Duration.ofSeconds(20));
            await(Duration.ofSeconds(20), () -> checkpoints(state).size() == 2, "both files checkpointed");

            goneLog.writeLines(50, "written right before the pod was removed");
            pods.deleteGonePod();

            // Generous bound: the file must be quiet for 2 s before the agent leaves it.
            await(Duration.ofSeconds(30), () -> agent.counters().checkpointsDeleted.sum() == 1,
                    "the deleted pod's checkpoint removed");
            assertThat(checkpoints(state)).hasSize(1);
            List<ConsumerRecord<String, String>> records = topic.drain(Duration.ofMillis(500));
            assertThat(records).as("every line, the last ones included").hasSize(260);
            assertThat(records.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).hasSize(260);
            assertThat(agent.agent().tailCount()).isEqualTo(1);
        }
        assertThat(checkpoints(state)).as("the live pod's checkpoint survives a clean stop").hasSize(1);
    }

    @Test
    void checkpointOfAFileDeletedWhileTheAgentWasDownIsSweptAndOthersAreKept() throws Exception {
        TwoPods pods = TwoPods.create(work, "down");
        Path state = work.resolve("state");
        try (TopicReader topic = reader(pods.collection())) {
            try (RunningAgent agent = startAgent(pods.root(), state)) {
                pods.goneLog().writeLines(20, "before the stop");
                pods.staysLog().writeLines(20, "before the stop");
                topic.awaitAtLeast(40, Duration.ofSeconds(20));
            }
            assertThat(checkpoints(state)).hasSize(2);
            pods.deleteGonePod();

            try (RunningAgent agent = startAgentSweepingEvery(pods.root(), state, 300)) {
                pods.staysLog().writeLines(5, "after the restart");
                await(Duration.ofSeconds(30), () -> agent.counters().checkpointsDeleted.sum() == 1, "sweep");
                topic.awaitAtLeast(45, Duration.ofSeconds(20));
                topic.drain(Duration.ofMillis(500));
                assertThat(checkpoints(state)).hasSize(1);
            }
            assertThat(topic.records).as("the kept checkpoint resumed: no line twice").hasSize(45);
        }
    }

    private static RunningAgent startAgentSweepingEvery(Path root, Path state, long sweepMillis) {
        AgentSettings settings = new AgentSettings(NODE, NODE, root, state, 100, 200, 64 * 1024, 512 * 1024,
                Map.of(), sweepMillis);
        return RunningAgent.start(settings, new RunningAgent.Connections(KelpServers.etcd().endpoint(),
                KelpServers.kafka().bootstrapServers(), Map.of(), 8L * 1024 * 1024,
                KelpServers.kubernetes().client(), 60_000), new AgentCounters());
    }

    private static List<Path> checkpoints(Path state) {
        try (var files = Files.list(state)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".ckpt")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
