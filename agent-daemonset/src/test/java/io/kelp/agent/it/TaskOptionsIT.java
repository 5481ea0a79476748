package io.kelp.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.kelp.agent.AgentCounters;
import io.kelp.agent.AgentSettings;
import io.kelp.agent.assembly.RunningAgent;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.contract.LogFormat;
import io.kelp.testkit.KelpServers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.kelp.agent.it.AgentFixture.createPod;
import static io.kelp.agent.it.AgentFixture.newCollection;
import static io.kelp.agent.it.AgentFixture.putRaw;
import static io.kelp.agent.it.AgentFixture.reader;
import static io.kelp.agent.it.AgentFixture.startAgent;
import static org.assertj.core.api.Assertions.assertThat;

/** Per-task options through real etcd and Kafka: multiline, docker json-file, host files in VM mode. */
class TaskOptionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private static ObjectNode task(CollectionRef ref, LogFormat format) throws Exception {
        CollectionTask task = new CollectionTask(ref, 1, CollectionTask.Source.of(List.of(ref.namespace()), Map.of(),
                List.of()), new CollectionTask.Parse(format), null);
        return (ObjectNode) JSON.readTree(task.toJson());
    }

    private static List<JsonNode> docs(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> {
            try {
                return JSON.readTree(r.value());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).sorted(Comparator.comparingLong(d -> d.get("log.offset").asLong())).toList();
    }

    @Test
    void multilineTaskJoinsStackTracesIntoOneRecord() throws Exception {
        CollectionRef web = newCollection("java");
        Path root = Files.createDirectories(work.resolve("pods"));
        Pod pod = createPod(web.namespace(), "java-1", Map.of(), "app");
        ObjectNode task = task(web, LogFormat.CRI);
        ((ObjectNode) task.get("parse")).putObject("multiline").put("startPattern", "^\\S").put("maxWaitMillis", 300);
        PodLog log = new PodLog(root, web.namespace(), "java-1", pod.getMetadata().getUid(), "app");
        try (RunningAgent agent = startAgent(root, work.resolve("state")); TopicReader topic = reader(web)) {
            putRaw(web.taskKey(), JSON.writeValueAsBytes(task));
            log.write("stdout", "INFO starting");
            log.write("stderr", "java.lang.IllegalStateException: boom");
            log.write("stderr", "\tat io.kelp.A.run(A.java:10)");
            log.write("stderr", "\tat java.lang.Thread.run(Thread.java:840)");
            log.write("stdout", "INFO recovered");
            List<JsonNode> docs = docs(topic.awaitAtLeast(3, Duration.ofSeconds(15)));
            topic.drain(Duration.ofMillis(700));
            assertThat(docs).extracting(d -> d.get("message").asText()).containsExactly("INFO starting",
                    "java.lang.IllegalStateException: boom\n\tat io.kelp.A.run(A.java:10)\n"
                            + "\tat java.lang.Thread.run(Thread.java:840)", "INFO recovered");
            assertThat(docs.get(1).get("stream").asText()).isEqualTo("stderr");
        }
    }

    @Test
    void jsonFieldsTaskShipsJsonLinesAsFieldsAndOtherLinesAsCountedText() throws Exception {
        CollectionRef web = newCollection("jsonapp");
        Path root = Files.createDirectories(work.resolve("pods"));
        Pod pod = createPod(web.namespace(), "api-1", Map.of(), "api");
        ObjectNode task = task(web, LogFormat.CRI);
        ((ObjectNode) task.get("parse")).put("jsonFields", true);
        PodLog log = new PodLog(root, web.namespace(), "api-1", pod.getMetadata().getUid(), "api");
        try (RunningAgent agent = startAgent(root, work.resolve("state")); TopicReader topic = reader(web)) {
            putRaw(web.taskKey(), JSON.writeValueAsBytes(task));
            log.write("stdout", "{\"time\":\"2024-06-01T08:30:00.250Z\",\"level\":\"ERROR\",\"msg\":\"payment \\\"42\\\" failed\","
                    + "\"order\":{\"id\":42,\"items\":[\"a\",\"ü\"]},\"retry\":true}");
            log.write("stdout", "starting server on :8080");
            log.write("stderr", "{\"msg\":\"cut off");
            List<ConsumerRecord<String, String>> records = topic.awaitAtLeast(3, Duration.ofSeconds(15));
            topic.drain(Duration.ofMillis(500));
            List<JsonNode> docs = docs(records);
            assertThat(docs).hasSize(3);

            JsonNode parsed = docs.get(0);
            assertThat(parsed.get("message").asText()).isEqualTo("payment \"42\" failed");
            assertThat(parsed.get("log.level").asText()).isEqualTo("error");
            assertThat(parsed.get("@timestamp").asText()).isEqualTo("2024-06-01T08:30:00.250Z");
            assertThat(parsed.get("json")).isEqualTo(JSON.readTree("{\"order\":{\"id\":42,\"items\":[\"a\",\"ü\"]},\"retry\":true}"));
            assertThat(parsed.get("kubernetes.pod.name").asText()).isEqualTo("api-1");
            assertThat(records.stream().mapToLong(ConsumerRecord::timestamp).min().getAsLong())
                    .as("the record time is the line's own time").isEqualTo(
                            java.time.Instant.parse("2024-06-01T08:30:00.250Z").toEpochMilli());

            assertThat(docs.get(1).get("message").asText()).isEqualTo("starting server on :8080");
            assertThat(docs.get(1).has("json")).isFalse();
            assertThat(docs.get(1).has("kelp.flags")).isFalse();
            assertThat(docs.get(2).get("message").asText()).isEqualTo("{\"msg\":\"cut off");
            assertThat(docs.get(2).get("kelp.flags").toString()).isEqualTo("[\"invalid_json\"]");

            assertThat(agent.counters().linesJsonParsed.sum()).isEqualTo(1);
            assertThat(agent.counters().linesNotJson.sum()).isEqualTo(1);
            assertThat(agent.counters().linesJsonInvalid.sum()).isEqualTo(1);
        }
    }

    @Test
    void dockerJsonFileLogsAreParsed() throws Exception {
        CollectionRef web = newCollection("docker");
        Path root = Files.createDirectories(work.resolve("pods"));
        Pod pod = createPod(web.namespace(), "d-1", Map.of(), "app");
        Path dir = Files.createDirectories(root.resolve(web.namespace() + "_d-1_" + pod.getMetadata().getUid())
                .resolve("app"));
        Files.writeString(dir.resolve("0.log"),
                "{\"log\":\"hello \\\"docker\\\"\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:00.5Z\"}\n"
                        + "{\"log\":\"long \",\"stream\":\"stderr\",\"time\":\"2024-05-01T10:00:01Z\"}\n"
                        + "{\"log\":\"line\\n\",\"stream\":\"stderr\",\"time\":\"2024-05-01T10:00:01Z\"}\n");
        try (RunningAgent agent = startAgent(root, work.resolve("state")); TopicReader topic = reader(web)) {
            putRaw(web.taskKey(), JSON.writeValueAsBytes(task(web, LogFormat.DOCKER_JSON)));
            List<ConsumerRecord<String, String>> records = topic.awaitAtLeast(2, Duration.ofSeconds(15));
            topic.drain(Duration.ofMillis(500));
            List<JsonNode> docs = docs(records);
            assertThat(docs).extracting(d -> d.get("message").asText()).containsExactly("hello \"docker\"", "long line");
            assertThat(docs.get(1).get("stream").asText()).isEqualTo("stderr");
            assertThat(records.stream().mapToLong(ConsumerRecord::timestamp).min().getAsLong())
                    .isEqualTo(java.time.Instant.parse("2024-05-01T10:00:00.5Z").toEpochMilli());
        }
    }

    @Test
    void vmModeTailsHostGlobsOfTasksWhoseHostLabelsMatch() throws Exception {
        CollectionRef mine = newCollection("syslog");
        CollectionRef other = newCollection("websrv");
        Path logs = Files.createDirectories(work.resolve("var-log/app"));
        Files.writeString(logs.resolve("a.log"), "plain line one\nplain line two\n");
        Files.writeString(logs.resolve("ignored.txt"), "not matched\n");
        ObjectNode wanted = task(mine, LogFormat.PLAIN);
        ((ObjectNode) wanted.get("source")).putArray("hostPaths").add(logs + "/*.log");
        ((ObjectNode) wanted.get("source")).putObject("hostLabels").put("role", "db");
        ObjectNode notForUs = task(other, LogFormat.PLAIN);
        ((ObjectNode) notForUs.get("source")).putArray("hostPaths").add(logs + "/*.log");
        ((ObjectNode) notForUs.get("source")).putObject("hostLabels").put("role", "web");
        AgentSettings settings = new AgentSettings("vm-7", "vm-7", work.resolve("no-pods"), work.resolve("state"),
                100, 200, 64 * 1024, 512 * 1024, Map.of("role", "db"));
        try (RunningAgent agent = RunningAgent.start(settings, new RunningAgent.Connections(
                KelpServers.etcd().endpoint(), KelpServers.kafka().bootstrapServers(), Map.of(), 8L << 20, null, 0),
                new AgentCounters());
             TopicReader topic = reader(mine); TopicReader otherTopic = reader(other)) {
            putRaw(mine.taskKey(), JSON.writeValueAsBytes(wanted));
            putRaw(other.taskKey(), JSON.writeValueAsBytes(notForUs));
            List<JsonNode> docs = docs(topic.awaitAtLeast(2, Duration.ofSeconds(15)));
            topic.drain(Duration.ofMillis(500));
            assertThat(docs).extracting(d -> d.get("message").asText()).containsExactly("plain line one",
                    "plain line two");
            assertThat(docs.get(0).get("host.name").asText()).isEqualTo("vm-7");
            assertThat(docs.get(0).get("log.file.path").asText()).isEqualTo(logs.resolve("a.log").toString());
            assertThat(docs.get(0).has("kubernetes.namespace")).isFalse();
            assertThat(otherTopic.drain(Duration.ofMillis(500))).isEmpty();
        }
    }
}
