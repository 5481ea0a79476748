package io.kelp.agent.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.kelp.agent.AgentCounters;
import io.kelp.agent.AgentSettings;
import io.kelp.agent.assembly.RunningAgent;
import io.kelp.contract.CollectionRef;
import io.kelp.testkit.ForkedKafkaBroker;
import io.kelp.testkit.KelpServers;
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
import java.util.concurrent.ThreadLocalRandom;

import static io.kelp.agent.it.AgentFixture.NODE;
import static io.kelp.agent.it.AgentFixture.createPod;
import static io.kelp.agent.it.AgentFixture.putTask;
import static org.assertj.core.api.Assertions.assertThat;

/** Kafka goes down mid-stream: the agent stops reading with bounded memory and loses nothing. */
class KafkaOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_IN_FLIGHT = 256 * 1024;

    @TempDir
    Path work;

    @Test
    void kafkaOutageMidStreamStopsReadingWithBoundedMemoryAndLosesNothing() throws Exception {
        try (ForkedKafkaBroker kafka = ForkedKafkaBroker.launch()) {
            CollectionRef web = new CollectionRef("it-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24)),
                    "web");
            kafka.createTopic(web.topic(), 4);
            Path root = Files.createDirectories(work.resolve("pods"));
            Pod pod = createPod(web.namespace(), "web-1", Map.of(), "app");
            putTask(web, Map.of(), List.of());
            AgentCounters counters = new AgentCounters();
            AgentSettings settings = new AgentSettings(NODE, NODE, root, work.resolve("state"), 100, 200, 64 * 1024,
                    64 * 1024, Map.of());
            try (ContainerWriter log = new ContainerWriter(root, web.namespace(), "web-1", pod.getMetadata().getUid(), "app");
                 RunningAgent agent = RunningAgent.start(settings, new RunningAgent.Connections(
                         KelpServers.etcd().endpoint(), kafka.bootstrapServers(),
                         Map.of(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500), MAX_IN_FLIGHT,
                         KelpServers.kubernetes().client(), 60_000), counters);
                 TopicReader topic = new TopicReader(kafka.bootstrapServers(), web.topic())) {
                log.lines(1_000, "before");
                topic.awaitAtLeast(1_000, Duration.ofSeconds(30));
                assertThat(topic.records).hasSize(1_000);

                kafka.kill();
                long readBeforeOutage = counters.bytesRead.sum();
                log.lines(30_000, "during-outage");
                long written = Files.size(log.path);
                Thread.sleep(4_000);
                long readDuringOutage = counters.bytesRead.sum() - readBeforeOutage;
                // Stopped reading: what was read while Kafka was down is bounded by the in-flight
                // budget plus one read chunk, far below what was written.
                assertThat(readDuringOutage).isLessThan(MAX_IN_FLIGHT * 3 + 64 * 1024);
                assertThat(written - readBeforeOutage).isGreaterThan(1_000_000);
                assertThat(counters.recordsShipped.sum()).isEqualTo(1_000);

                kafka.start();
                log.lines(1_000, "after");
                Set<String> messages = new HashSet<>();
                Set<String> keys = new HashSet<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                int consumed = 0;
                while (messages.size() < log.written.size() && System.nanoTime() < deadline) {
                    List<ConsumerRecord<String, String>> records = topic.awaitAtLeast(topic.records.size() + 1,
                            Duration.ofMillis(500));
                    for (; consumed < records.size(); consumed++) {
                        messages.add(JSON.readTree(records.get(consumed).value()).get("message").asText());
                        keys.add(records.get(consumed).key());
                    }
                }
                assertThat(messages).hasSize(log.written.size()).containsAll(log.written);
                assertThat(keys).hasSize(log.written.size());
            }
        }
    }
}
