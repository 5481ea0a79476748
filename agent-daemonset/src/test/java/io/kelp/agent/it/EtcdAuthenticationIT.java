package io.kelp.agent.it;

import io.etcd.jetcd.ByteSequence;
import io.fabric8.kubernetes.api.model.Pod;
import io.kelp.agent.assembly.RunningAgent;
import io.kelp.agent.etcd.EtcdAccess;
import io.kelp.contract.AgentHeartbeats;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.TaskKeys;
import io.kelp.testkit.EtcdServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kelp.agent.it.AgentFixture.NODE;
import static io.kelp.agent.it.AgentFixture.await;
import static io.kelp.agent.it.AgentFixture.createPod;
import static io.kelp.agent.it.AgentFixture.newCollection;
import static io.kelp.agent.it.AgentFixture.reader;
import static io.kelp.agent.it.AgentFixture.startAgent;
import static io.kelp.agent.it.AgentFixture.taskOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent against an etcd that requires authentication (its own server: the shared one stays
 * anonymous), logging in as a user whose role may touch only the task prefix and the heartbeat keys;
 * and against one that also requires TLS with a private CA.
 */
class EtcdAuthenticationIT {

    private static final String AGENT_USER = "kelp-agent";
    private static final String AGENT_PASSWORD = "agent-secret";
    private static final ByteSequence HEARTBEAT = ByteSequence.from(AgentHeartbeats.keyOf(NODE), StandardCharsets.UTF_8);

    private static EtcdServer etcd;

    @TempDir
    Path work;

    @BeforeAll
    static void launchEtcdWithAuthentication() {
        etcd = EtcdServer.launchWithAuthentication("root-secret");
        etcd.addUser(AGENT_USER, AGENT_PASSWORD, TaskKeys.PREFIX, AgentHeartbeats.PREFIX);
    }

    @AfterAll
    static void closeEtcd() {
        etcd.close();
    }

    @Test
    void withItsCredentialsTheAgentReadsItsTaskShipsLinesAndWritesItsHeartbeat() throws Exception {
        CollectionRef web = newCollection("web");
        Path root = Files.createDirectories(work.resolve("pods"));
        Pod pod = createPod(web.namespace(), "web-1", Map.of(), "c");
        PodLog log = new PodLog(root, web.namespace(), "web-1", pod.getMetadata().getUid(), "c");
        putTask(web);
        EtcdAccess access = EtcdAccess.anonymous(etcd.endpoint()).withUser(AGENT_USER, AGENT_PASSWORD);

        try (RunningAgent agent = startAgent(root, work.resolve("state"), access, Map.of());
             TopicReader topic = reader(web)) {
            log.writeLines(20, "line");
            assertThat(topic.awaitAtLeast(20, Duration.ofSeconds(30))).as("lines of the task read from etcd").hasSize(20);
            await(Duration.ofSeconds(30), () -> heartbeatWritten(), "the heartbeat written with the agent's credentials");
            assertThat(agent.tasksSynced()).isTrue();
            assertThat(agent.etcdRefusal()).isEmpty();
        }
    }

    @Test
    void overTlsWithTheCaFileAndItsCredentialsTheAgentReadsItsTaskAndWritesItsHeartbeat() throws Exception {
        try (EtcdServer tls = EtcdServer.launchWithTlsAndAuthentication("root-secret")) {
            tls.addUser(AGENT_USER, AGENT_PASSWORD, TaskKeys.PREFIX, AgentHeartbeats.PREFIX);
            CollectionRef web = newCollection("web");
            Path root = Files.createDirectories(work.resolve("pods"));
            Pod pod = createPod(web.namespace(), "web-1", Map.of(), "c");
            PodLog log = new PodLog(root, web.namespace(), "web-1", pod.getMetadata().getUid(), "c");
            putTask(tls, web);
            EtcdAccess access = new EtcdAccess(tls.endpoint(), AGENT_USER, AGENT_PASSWORD, tls.caFile().toString());

            try (RunningAgent agent = startAgent(root, work.resolve("state"), access, Map.of());
                 TopicReader topic = reader(web)) {
                log.writeLines(5, "line");
                assertThat(topic.awaitAtLeast(5, Duration.ofSeconds(30))).hasSize(5);
                await(Duration.ofSeconds(30), () -> heartbeatWritten(tls), "the heartbeat written over TLS");
                assertThat(agent.etcdRefusal()).isEmpty();
            }
        }
    }

    @Test
    void withoutCredentialsTheAgentSaysEtcdAuthenticationRefusedIt() throws Exception {
        assertRefused(EtcdAccess.anonymous(etcd.endpoint()), "user name is empty");
    }

    @Test
    void withAWrongPasswordTheAgentSaysEtcdAuthenticationRefusedIt() throws Exception {
        assertRefused(EtcdAccess.anonymous(etcd.endpoint()).withUser(AGENT_USER, "guess"),
                "authentication failed, invalid user ID or password");
    }

    private void assertRefused(EtcdAccess access, String etcdMessage) throws Exception {
        etcd.client().getKVClient().delete(HEARTBEAT).get(10, TimeUnit.SECONDS);
        CollectionRef web = newCollection("web");
        putTask(web);
        Path root = Files.createDirectories(work.resolve("pods"));
        try (RunningAgent agent = startAgent(root, work.resolve("state"), access, Map.of())) {
            await(Duration.ofSeconds(30), () -> agent.etcdRefusal().isPresent(), "the agent to report the refusal");
            assertThat(agent.etcdRefusal().orElseThrow()).contains("etcd authentication refused the agent", etcdMessage,
                    "kelp.etcd.user");
            assertThat(agent.tasksSynced()).isFalse();
            assertThat(heartbeatWritten()).isFalse();
        }
    }

    private static void putTask(CollectionRef ref) throws Exception {
        putTask(etcd, ref);
    }

    private static void putTask(EtcdServer server, CollectionRef ref) throws Exception {
        server.client().getKVClient().put(ByteSequence.from(ref.taskKey(), StandardCharsets.UTF_8),
                ByteSequence.from(taskOf(ref, Map.of(), List.of()))).get(10, TimeUnit.SECONDS);
    }

    private static boolean heartbeatWritten() {
        return heartbeatWritten(etcd);
    }

    private static boolean heartbeatWritten(EtcdServer server) {
        try {
            return !server.client().getKVClient().get(HEARTBEAT).get(10, TimeUnit.SECONDS).getKvs().isEmpty();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
