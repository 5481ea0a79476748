package io.kelp.agent.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.kelp.agent.assembly.RunningAgent;
import io.kelp.contract.CollectionRef;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.kelp.agent.it.AgentFixture.await;
import static io.kelp.agent.it.AgentFixture.createPod;
import static io.kelp.agent.it.AgentFixture.newCollection;
import static io.kelp.agent.it.AgentFixture.putTask;
import static io.kelp.agent.it.AgentFixture.reader;
import static io.kelp.agent.it.AgentFixture.startAgent;
import static org.assertj.core.api.Assertions.assertThat;

/** Rotation, truncation and deletion against real Kafka: every written line arrives, each once per id. */
class AgentRotationIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private CollectionRef web;
    private Path root;

    private ContainerWriter writer(String pod) throws Exception {
        web = newCollection("web");
        root = Files.createDirectories(work.resolve("pods"));
        Pod created = createPod(web.namespace(), pod, Map.of(), "app");
        putTask(web, Map.of(), List.of());
        return new ContainerWriter(root, web.namespace(), pod, created.getMetadata().getUid(), "app");
    }

    /** Waits until every written message arrived; fails listing what is missing. */
    private static void assertAllArrive(TopicReader topic, List<String> written) throws Exception {
        Set<String> messages = new HashSet<>();
        Set<String> keys = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int consumed = 0;
        while (messages.size() < written.size() && System.nanoTime() < deadline) {
            List<ConsumerRecord<String, String>> records = topic.awaitAtLeast(topic.records.size() + 1,
                    Duration.ofMillis(300));
            for (; consumed < records.size(); consumed++) {
                messages.add(JSON.readTree(records.get(consumed).value()).get("message").asText());
                keys.add(records.get(consumed).key());
            }
        }
        Set<String> missing = new HashSet<>(written);
        missing.removeAll(messages);
        assertThat(missing).as("lines never shipped").isEmpty();
        assertThat(keys).as("one id per line").hasSize(written.size());
    }

    @Test
    void renameAndCreateRotationFinishesTheOldFileAndLosesNothing() throws Exception {
        try (ContainerWriter log = writer("rot-1");
             RunningAgent agent = startAgent(root, work.resolve("state"));
             TopicReader topic = reader(web)) {
            log.lines(10, "seen");
            topic.awaitAtLeast(10, Duration.ofSeconds(15));
            for (int rotation = 0; rotation < 4; rotation++) {
                log.lines(400, "before-rotation-" + rotation);
                log.renameTo("0.log.2024050" + rotation + "-100000");
                // The runtime keeps writing to the renamed file until it reopens.
                log.lines(20, "late-" + rotation);
                log.reopen();
            }
            log.lines(100, "after");
            assertAllArrive(topic, log.written);
            assertThat(agent.counters().rotations.sum()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void copytruncateRotationLosesNothing() throws Exception {
        try (ContainerWriter log = writer("ct-1");
             RunningAgent agent = startAgent(root, work.resolve("state"));
             TopicReader topic = reader(web)) {
            log.lines(300, "first");
            topic.awaitAtLeast(300, Duration.ofSeconds(15));
            for (int rotation = 1; rotation <= 3; rotation++) {
                // Lines written right before the copy are likely unread: only the copy has them after.
                log.lines(300, "unread-" + rotation);
                log.copyTruncate("0.log." + rotation);
                log.lines(200, "after-truncate-" + rotation);
                Thread.sleep(400);
            }
            assertAllArrive(topic, log.written);
            assertThat(agent.counters().truncations.sum()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void copytruncateFollowedByARenameBeforeTheAgentLooksLosesNothing() throws Exception {
        // The agent may have 8 MiB in flight, and Kafka acknowledges only after 5 s (no partition's
        // batch fills up: 3 MiB each, within the producer's 16 MiB pool): the agent stops reading
        // part-way through the 18 MB below, so the rest exists only in the copy after the truncation.
        Map<String, Object> lateAcks = Map.of(ProducerConfig.LINGER_MS_CONFIG, 5_000,
                ProducerConfig.BATCH_SIZE_CONFIG, 3 << 20);
        String padding = "x".repeat(250);
        try (ContainerWriter log = writer("ct-rename");
             RunningAgent agent = startAgent(root, work.resolve("state"), lateAcks);
             TopicReader topic = reader(web)) {
            log.lines(60_000, "before-copy-" + padding);
            awaitReadingStopped(agent);
            assertThat(agent.counters().bytesRead.sum()).as("the agent must not have read everything yet")
                    .isLessThan(Files.size(log.path));
            log.copyTruncate("0.log.1");
            log.lines(5, "between-truncate-and-rename");
            // A storm's next rotation: by the time the agent looks again, the path names another file.
            log.renameTo("0.log.2");
            log.reopen();
            log.lines(5, "after-rename");

            assertAllArrive(topic, log.written);
            assertThat(topic.drain(Duration.ofSeconds(2))).hasSize(log.written.size());
        }
    }

    /** Waits until the agent read something and then nothing more for half a second (its in-flight budget is full). */
    private static void awaitReadingStopped(RunningAgent agent) throws Exception {
        long last = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            long read = agent.counters().bytesRead.sum();
            if (read > 0 && read == last) {
                return;
            }
            last = read;
            Thread.sleep(500);
        }
        throw new AssertionError("the agent never stopped reading");
    }

    @Test
    void filesRotatedBeforeTheAgentFirstSawThemAreStillShipped() throws Exception {
        try (ContainerWriter log = writer("fast-1");
             RunningAgent agent = startAgent(root, work.resolve("state"));
             TopicReader topic = reader(web)) {
            // Several rotations within milliseconds, likely before the first scan.
            for (int rotation = 0; rotation < 3; rotation++) {
                log.lines(50, "fast-" + rotation);
                log.renameTo("0.log.2024050" + rotation + "-100000");
                log.reopen();
            }
            log.lines(50, "current");
            assertAllArrive(topic, log.written);
        }
    }

    @Test
    void filesBeyondTheOpenFileBudgetWaitOnDiskAndAreAllShipped() throws Exception {
        int budget = 3;
        try (ContainerWriter log = writer("budget-1");
             RunningAgent agent = startAgent(root, work.resolve("state"),
                     io.kelp.agent.etcd.EtcdAccess.anonymous(io.kelp.testkit.KelpServers.etcd().endpoint()), Map.of(),
                     budget);
             TopicReader topic = reader(web)) {
            // 40 rotated files appear at once: far more than may be open.
            for (int rotation = 0; rotation < 40; rotation++) {
                log.lines(20, "rotated-" + rotation);
                log.renameTo(String.format("0.log.20240501-1000%02d", rotation));
                log.reopen();
            }
            log.lines(20, "current");
            long mostTailed = 0;
            long mostWaiting = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (topic.records.size() < log.written.size() && System.nanoTime() < deadline) {
                mostTailed = Math.max(mostTailed, agent.counters().filesTailed.get());
                mostWaiting = Math.max(mostWaiting, agent.counters().filesWaiting.get());
                topic.awaitAtLeast(log.written.size(), Duration.ofMillis(20));
            }
            assertAllArrive(topic, log.written);
            assertThat(mostTailed).as("files tailed at once").isLessThanOrEqualTo(budget);
            assertThat(mostWaiting).as("files seen waiting for the budget").isPositive();
        }
    }

    @Test
    void fileDeletedWhileOpenIsReadToItsEnd() throws Exception {
        try (ContainerWriter log = writer("del-1");
             RunningAgent agent = startAgent(root, work.resolve("state"));
             TopicReader topic = reader(web)) {
            log.lines(10, "opened");
            topic.awaitAtLeast(10, Duration.ofSeconds(15));
            log.lines(2_000, "then-deleted");
            Files.delete(log.path);
            assertAllArrive(topic, log.written);
        }
    }

    @Test
    void fileRotatedWhileTheAgentWasDownIsFinishedAfterRestart() throws Exception {
        try (ContainerWriter log = writer("down-1"); TopicReader topic = reader(web)) {
            try (RunningAgent agent = startAgent(root, work.resolve("state"))) {
                log.lines(100, "first-run");
                topic.awaitAtLeast(100, Duration.ofSeconds(15));
            }
            log.lines(100, "while-down");
            log.renameTo("0.log.20240501-100000");
            log.reopen();
            log.lines(50, "new-file");
            try (RunningAgent agent = startAgent(root, work.resolve("state"))) {
                assertAllArrive(topic, log.written);
            }
        }
    }

    @Test
    void aLastLineWithoutNewlineIsShippedOnceItsFileIsRotatedAwayOrDeleted() throws Exception {
        try (ContainerWriter rotated = writer("unterminated-rot");
             ContainerWriter deleted = new ContainerWriter(root, web.namespace(), "unterminated-del",
                     createPod(web.namespace(), "unterminated-del", Map.of(), "app").getMetadata().getUid(), "app");
             RunningAgent agent = startAgent(root, work.resolve("state"));
             TopicReader topic = reader(web)) {
            rotated.lines(5, "rotated");
            rotated.unterminated("rotated-without-newline");
            deleted.lines(5, "deleted");
            deleted.unterminated("deleted-without-newline");
            topic.awaitAtLeast(10, Duration.ofSeconds(15));

            rotated.renameTo("0.log.20240501-100000");
            rotated.reopen();
            rotated.lines(5, "new-file");
            Files.delete(deleted.path);

            List<String> written = new java.util.ArrayList<>(rotated.written);
            written.addAll(deleted.written);
            assertAllArrive(topic, written);
            assertThat(topic.drain(Duration.ofSeconds(1))).hasSize(written.size());
        }
    }

    @Test
    void copytruncateOfAFileReadToItsEndShipsNoLineTwice() throws Exception {
        // Kafka acknowledges late, so no checkpoint covers the lines yet when the truncation is seen:
        // only the tail itself knows that the copy holds nothing it has not read.
        Map<String, Object> lateAcks = Map.of(ProducerConfig.LINGER_MS_CONFIG, 1_500,
                ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        try (ContainerWriter log = writer("ct-read");
             RunningAgent agent = startAgent(root, work.resolve("state"), lateAcks);
             TopicReader topic = reader(web)) {
            log.lines(50, "read-before-the-copy");
            long size = Files.size(log.path);
            await(Duration.ofSeconds(15), () -> agent.counters().bytesRead.sum() >= size, "the agent read the file");
            // The copy gets its rotated name only after the agent saw the truncation, so the scan that
            // follows finds it as a file it never tailed (in a storm that order happens by itself).
            Path copy = log.copyTruncate("0.log.1.tmp");
            await(Duration.ofSeconds(15), () -> agent.counters().truncations.sum() >= 1, "the agent saw the truncation");
            Files.move(copy, copy.resolveSibling("0.log.1"));
            log.lines(10, "after-truncate");

            assertAllArrive(topic, log.written);
            assertThat(topic.drain(Duration.ofSeconds(3))).hasSize(log.written.size());
        }
    }
}
