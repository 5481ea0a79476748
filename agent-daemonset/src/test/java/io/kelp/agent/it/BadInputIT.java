package io.kelp.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.kelp.agent.assembly.RunningAgent;
import io.kelp.contract.CollectionRef;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.kelp.agent.it.AgentFixture.createPod;
import static io.kelp.agent.it.AgentFixture.newCollection;
import static io.kelp.agent.it.AgentFixture.putTask;
import static io.kelp.agent.it.AgentFixture.reader;
import static io.kelp.agent.it.AgentFixture.startAgent;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input never stops a file or disappears: each case is a counted, flagged, shipped record. */
class BadInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void overlongInvalidUtf8NulAndMalformedLinesAreShippedFlaggedAndCounted() throws Exception {
        CollectionRef web = newCollection("web");
        Path root = Files.createDirectories(work.resolve("pods"));
        Pod pod = createPod(web.namespace(), "bad-1", Map.of(), "app");
        Path dir = Files.createDirectories(root.resolve(web.namespace() + "_bad-1_" + pod.getMetadata().getUid())
                .resolve("app"));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        String ts = "2024-05-01T10:00:00.000000001Z stdout F ";
        file.writeBytes((ts + "first\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes((ts + "y".repeat(200_000) + "\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes(ts.getBytes(StandardCharsets.UTF_8));
        file.writeBytes(new byte[] {'b', 'a', 'd', (byte) 0xC3, (byte) 0x28, '\n'});
        file.writeBytes((ts + "nul\u0000byte\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes("this is not CRI\n".getBytes(StandardCharsets.UTF_8));
        file.writeBytes((ts + "last\n").getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("0.log"), file.toByteArray());

        try (RunningAgent agent = startAgent(root, work.resolve("state")); TopicReader topic = reader(web)) {
            putTask(web, Map.of(), List.of());
            List<ConsumerRecord<String, String>> records = topic.awaitAtLeast(6, Duration.ofSeconds(20));
            topic.drain(Duration.ofMillis(500));
            assertThat(records).hasSize(6);
            List<JsonNode> docs = records.stream().map(r -> read(r.value()))
                    .sorted(Comparator.comparingLong(d -> d.get("log.offset").asLong())).toList();
            assertThat(docs.get(0).get("message").asText()).isEqualTo("first");
            // The limit applies to the raw line, CRI prefix included.
            assertThat(docs.get(1).get("message").asText()).hasSize(64 * 1024 - ts.length()).matches("y+");
            assertThat(docs.get(1).get("kelp.flags").toString()).contains("truncated");
            assertThat(docs.get(2).get("message").asText()).isEqualTo("bad\uFFFD(");
            assertThat(docs.get(2).get("kelp.flags").toString()).contains("invalid_utf8");
            assertThat(docs.get(3).get("message").asText()).isEqualTo("nul\u0000byte");
            assertThat(docs.get(3).get("kelp.flags").toString()).contains("nul_bytes");
            assertThat(docs.get(4).get("message").asText()).isEqualTo("this is not CRI");
            assertThat(docs.get(4).get("kelp.flags").toString()).contains("malformed");
            assertThat(docs.get(5).get("message").asText()).isEqualTo("last");
            assertThat(agent.counters().linesTruncated.sum()).isEqualTo(1);
            assertThat(agent.counters().linesInvalidUtf8.sum()).isEqualTo(1);
            assertThat(agent.counters().linesWithNul.sum()).isEqualTo(1);
            assertThat(agent.counters().linesMalformed.sum()).isEqualTo(1);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
