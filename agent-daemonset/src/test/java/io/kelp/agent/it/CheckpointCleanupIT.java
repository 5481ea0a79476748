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

    @Test
    void checkpointOfADeletedPodsFileIsDeletedOnceItsLinesAreAcknowledged() throws Exception {
        CollectionRef web = newCollection("churn");
        Path root = Files.createDirectories(work.resolve("pods"));
        Path state = work.resolve("state");
        Pod gone = createPod(web.namespace(), "gone-1", Map.of(), "app");
        Pod stays = createPod(web.namespace(), "stays-1", Map.of(), "app");
        PodLog goneLog = new PodLog(root, web.namespace(), "gone-1", gone.getMetadata().getUid(), "app");
        PodLog staysLog = new PodLog(root, web.namespace(), "stays-1", stays.getMetadata().getUid(), "app");
        putTask(web, Map.of(), List.of());
        try (RunningAgent agent = startAgent(root, state); TopicReader topic = reader(web)) {
            goneLog.writeLines(200, "last words");
            staysLog.writeLines(10, "still here");
            topic.awaitAtLeast(210, Duration.ofSeconds(20));
            await(Duration.ofSeconds(20), () -> checkpoints(state).size() == 2, "both files checkpointed");

            // kubelet removes the directory of a deleted pod, usually after its last lines were written.
            goneLog.writeLines(50, "written right before the pod was removed");
            deleteTree(goneLog.path.getParent().getParent());

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
        CollectionRef web = newCollection("down");
        Path root = Files.createDirectories(work.resolve("pods"));
        Path state = work.resolve("state");
        Pod gone = createPod(web.namespace(), "gone-2", Map.of(), "app");
        Pod stays = createPod(web.namespace(), "stays-2", Map.of(), "app");
        PodLog goneLog = new PodLog(root, web.namespace(), "gone-2", gone.getMetadata().getUid(), "app");
        PodLog staysLog = new PodLog(root, web.namespace(), "stays-2", stays.getMetadata().getUid(), "app");
        putTask(web, Map.of(), List.of());
        try (TopicReader topic = reader(web)) {
            try (RunningAgent agent = startAgent(root, state)) {
                goneLog.writeLines(20, "before the stop");
                staysLog.writeLines(20, "before the stop");
                topic.awaitAtLeast(40, Duration.ofSeconds(20));
            }
            assertThat(checkpoints(state)).hasSize(2);
            deleteTree(goneLog.path.getParent().getParent());

            try (RunningAgent agent = startAgentSweepingEvery(root, state, 300)) {
                staysLog.writeLines(5, "after the restart");
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
