package io.kelp.agent.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.kelp.agent.tail.Fingerprint;
import io.kelp.agent.tail.SourceIds;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.RecordId;
import io.kelp.testkit.FreePorts;
import io.kelp.testkit.KelpServers;
import io.kelp.testkit.ManagedProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.kelp.agent.it.AgentFixture.NODE;
import static io.kelp.agent.it.AgentFixture.createPod;
import static io.kelp.agent.it.AgentFixture.newCollection;
import static io.kelp.agent.it.AgentFixture.putTask;
import static io.kelp.agent.it.AgentFixture.reader;
import static org.assertj.core.api.Assertions.assertThat;

/** The agent as shipped: the Quarkus jar, run as a child process against the real servers. */
class AgentProcessIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private int httpPort;

    private ManagedProcess launch(Path root, Path state) {
        return launch(root, state, Map.of());
    }

    private ManagedProcess launch(Path root, Path state, Map<String, String> extra) {
        return launch(root, state, extra, "");
    }

    /** {@code jvmOptions}, e.g. a heap limit, reach the agent's JVM through JAVA_TOOL_OPTIONS. */
    private ManagedProcess launch(Path root, Path state, Map<String, String> extra, String jvmOptions) {
        httpPort = FreePorts.next();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kelp.etcd.endpoints", KelpServers.etcd().endpoint());
        props.put("kelp.kafka.bootstrap-servers", KelpServers.kafka().bootstrapServers());
        props.put("kelp.agent.node-name", NODE);
        props.put("kelp.agent.pod-log-root", root.toString());
        props.put("kelp.agent.checkpoint-dir", state.toString());
        props.put("quarkus.http.port", Integer.toString(httpPort));
        props.put("kelp.agent.kubernetes.api-server-url", KelpServers.kubernetes().url());
        props.put("kelp.agent.kubernetes.trust-certs", "true");
        props.putAll(extra);
        ManagedProcess process = ManagedProcess.javaJar("agent-" + httpPort, JAR.toAbsolutePath(), props)
                .environment("JAVA_TOOL_OPTIONS", jvmOptions).start();
        process.waitUntilHttpOk("http://127.0.0.1:" + httpPort + "/q/health/ready", Duration.ofSeconds(60));
        return process;
    }

    private String get(String path) throws Exception {
        // HTTP/1.1 and a timeout: the JDK client's default h2c upgrade attempt hung once against Vert.x.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    @Test
    void jarListsPodLabelsFromTheApiShipsMatchingLinesAndExposesHealthAndMetrics() throws Exception {
        CollectionRef web = newCollection("web");
        Path root = Files.createDirectories(work.resolve("pods"));
        Pod pod = createPod(web.namespace(), "web-1", Map.of("app", "web"), "nginx");
        PodLog log = new PodLog(root, web.namespace(), "web-1", pod.getMetadata().getUid(), "nginx");
        putTask(web, Map.of("app", "web"), List.of("nginx"));
        try (ManagedProcess agent = launch(root, work.resolve("state")); TopicReader topic = reader(web)) {
            log.writeLines(20, "hello from the jar");
            assertThat(topic.awaitAtLeast(20, Duration.ofSeconds(20))).hasSize(20);
            assertThat(get("/q/health/live")).contains("\"UP\"");
            String metrics = get("/q/metrics");
            assertThat(metrics).contains("kelp_agent_records_shipped_total 20.0");
            assertThat(metrics).contains("kelp_agent_files_tailed 1.0");
            // Per-file gauge, published once per checkpoint interval (1 s): the file is read to its end.
            String perFile = "kelp_agent_file_bytes_behind{path=\"" + log.path + "\"} 0.0";
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!metrics.contains(perFile) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                metrics = get("/q/metrics");
            }
            assertThat(metrics).contains(perFile);
        }
    }

    @Test
    void agentKilledWithSigkillMidStreamLosesNothingAndResendsWithOriginalIds() throws Exception {
        CollectionRef web = newCollection("web");
        Path root = Files.createDirectories(work.resolve("pods"));
        Path state = work.resolve("state");
        Pod pod = createPod(web.namespace(), "busy-1", Map.of(), "app");
        PodLog log = new PodLog(root, web.namespace(), "busy-1", pod.getMetadata().getUid(), "app");
        putTask(web, Map.of(), List.of());
        int total = 30_000;
        try (TopicReader topic = reader(web)) {
            ManagedProcess first = launch(root, state);
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        log.write("stdout", "line " + i + " " + "x".repeat(100));
                        if (i % 500 == 0) {
                            Thread.sleep(5);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            topic.awaitAtLeast(5_000, Duration.ofSeconds(30));
            first.kill();
            int seenAtKill = topic.records.size();
            writer.join();
            try (ManagedProcess second = launch(root, state)) {
                Map<String, String> byKey = new HashMap<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (byKey.size() < total && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : topic.awaitAtLeast(topic.records.size() + 1,
                            Duration.ofMillis(500))) {
                        String previous = byKey.put(r.key(), r.value());
                        // A re-sent line carries its original id and the same document.
                        assertThat(previous == null || previous.equals(r.value())).as("resent %s", r.key()).isTrue();
                    }
                }
                long sourceId;
                try (FileChannel channel = FileChannel.open(log.path)) {
                    sourceId = SourceIds.of(NODE, log.path.toString(), Fingerprint.of(channel));
                }
                for (long offset : log.offsets) {
                    assertThat(byKey).containsKey(RecordId.of(sourceId, offset));
                }
                assertThat(byKey).hasSize(total);
                System.out.printf("SIGKILL test: %d records before the kill, %d records in all, %d re-sent%n",
                        seenAtKill, topic.records.size(), topic.records.size() - total);
            }
        }
    }

    @Test
    void filesRotatedWhileTheAgentWasDownAreShippedAndKeepTheIdsOfLinesShippedBeforeTheKill() throws Exception {
        CollectionRef web = newCollection("web");
        Path root = Files.createDirectories(work.resolve("pods"));
        Path state = work.resolve("state");
        Pod pod = createPod(web.namespace(), "rot-1", Map.of(), "app");
        putTask(web, Map.of(), List.of());
        try (ContainerWriter log = new ContainerWriter(root, web.namespace(), "rot-1", pod.getMetadata().getUid(), "app");
             TopicReader topic = reader(web)) {
            // No checkpoint is written before the kill: the lines are in Kafka, the agent's disk knows nothing.
            ManagedProcess first = launch(root, state, Map.of("kelp.agent.checkpoint-interval-millis", "600000"));
            log.lines(100, "shipped-before-the-kill");
            topic.awaitAtLeast(100, Duration.ofSeconds(20));
            first.kill();

            // While the agent is down: the file it read is rotated, and a file it never saw is written
            // and rotated too (the kubelet does not wait for the agent).
            log.lines(20, "unread-when-killed");
            log.renameTo("0.log.20240501-100000");
            log.reopen();
            log.lines(50, "never-seen-by-any-run");
            log.renameTo("0.log.20240501-100001");
            log.reopen();
            log.lines(10, "current");

            try (ManagedProcess second = launch(root, state)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (keysByMessage(topic.records).size() < log.written.size() && System.nanoTime() < deadline) {
                    topic.awaitAtLeast(topic.records.size() + 1, Duration.ofMillis(500));
                }
                Map<String, Set<String>> keysByMessage = keysByMessage(topic.drain(Duration.ofSeconds(2)));
                assertThat(keysByMessage.keySet()).containsExactlyInAnyOrderElementsOf(log.written);
                assertThat(keysByMessage.values()).as("one id per line, re-sent lines included")
                        .allSatisfy(keys -> assertThat(keys).hasSize(1));
            }
        }
    }

    @Test
    void thousandsOfRotatedFilesWaitingToBeRetiredFitInASmallHeap() throws Exception {
        CollectionRef web = newCollection("web");
        Path root = Files.createDirectories(work.resolve("pods"));
        putTask(web, Map.of(), List.of());
        int pods = 40;
        int rotatedPerPod = 50;
        try (TopicReader topic = reader(web);
             ManagedProcess agent = launch(root, work.resolve("state"), Map.of(), "-Xmx48m -XX:+UseSerialGC")) {
            // Rotated after the agent started, before it saw them: each is read, then kept open a few
            // seconds in case its writer still appends. 2,000 of them at once must not need a buffer each.
            for (int p = 0; p < pods; p++) {
                Path dir = Files.createDirectories(root.resolve(web.namespace() + "_storm-" + p + "_uid-" + p).resolve("app"));
                for (int r = 0; r < rotatedPerPod; r++) {
                    StringBuilder lines = new StringBuilder();
                    for (int i = 0; i < 5; i++) {
                        lines.append(java.time.Instant.now()).append(" stdout F pod ").append(p).append(" file ")
                                .append(r).append(" line ").append(i).append('\n');
                    }
                    Files.writeString(dir.resolve(String.format("0.log.20240501-%06d", r)), lines);
                }
            }
            int expected = pods * rotatedPerPod * 5;
            assertThat(topic.awaitAtLeast(expected, Duration.ofSeconds(120))).hasSize(expected);
            assertThat(agent.isAlive()).isTrue();
            assertThat(agent.outputTail(Integer.MAX_VALUE)).doesNotContain("OutOfMemoryError");
        }
    }

    private static Map<String, Set<String>> keysByMessage(List<ConsumerRecord<String, String>> records) throws Exception {
        Map<String, Set<String>> keys = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            keys.computeIfAbsent(JSON.readTree(r.value()).get("message").asText(), m -> new HashSet<>()).add(r.key());
        }
        return keys;
    }
}
