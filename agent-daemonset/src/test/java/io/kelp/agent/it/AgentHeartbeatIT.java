package io.kelp.agent.it;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.kv.GetResponse;
import io.fabric8.kubernetes.api.model.Pod;
import io.kelp.agent.assembly.RunningAgent;
import io.kelp.contract.AgentHeartbeat;
import io.kelp.contract.AgentHeartbeats;
import io.kelp.contract.CollectionRef;
import io.kelp.testkit.KelpServers;
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
import static io.kelp.agent.it.AgentFixture.putTask;
import static io.kelp.agent.it.AgentFixture.startAgent;
import static org.assertj.core.api.Assertions.assertThat;

class AgentHeartbeatIT {

    private static final ByteSequence KEY = ByteSequence.from(AgentHeartbeats.keyOf(NODE), StandardCharsets.UTF_8);

    @TempDir
    Path work;

    @Test
    void heartbeatUnderALeaseCountsShippedLinesPerCollectionAndIsRemovedAtShutdown() throws Exception {
        CollectionRef web = newCollection("web");
        Path root = Files.createDirectories(work.resolve("pods"));
        Pod pod = createPod(web.namespace(), "web-1", Map.of(), "c");
        PodLog log = new PodLog(root, web.namespace(), "web-1", pod.getMetadata().getUid(), "c");
        putTask(web, Map.of(), List.of());

        try (RunningAgent agent = startAgent(root, work.resolve("state"))) {
            log.writeLines(30, "line");
            await(Duration.ofSeconds(30), () -> shipped(web) == 30, "a heartbeat with 30 lines shipped for " + web);

            AgentHeartbeat heartbeat = read();
            assertThat(heartbeat.node()).isEqualTo(NODE);
            assertThat(heartbeat.byCollection().get(web).filesTailed()).isEqualTo(1);
            assertThat(leaseOfKey()).as("the key lives under a lease").isNotZero();
            assertThat(KelpServers.etcd().client().getLeaseClient().timeToLive(leaseOfKey(),
                    io.etcd.jetcd.options.LeaseOption.DEFAULT).get(5, TimeUnit.SECONDS).getGrantedTTL())
                    .isEqualTo(AgentHeartbeats.TTL.toSeconds());
        }
        assertThat(read()).as("revoked at shutdown").isNull();
    }

    private static long shipped(CollectionRef collection) {
        AgentHeartbeat heartbeat = read();
        if (heartbeat == null || !heartbeat.byCollection().containsKey(collection)) {
            return -1;
        }
        return heartbeat.byCollection().get(collection).linesShipped();
    }

    private static AgentHeartbeat read() {
        GetResponse response = get();
        return response.getKvs().isEmpty() ? null : AgentHeartbeat.fromJson(response.getKvs().get(0).getValue().getBytes());
    }

    private static long leaseOfKey() {
        return get().getKvs().get(0).getLease();
    }

    private static GetResponse get() {
        try {
            return KelpServers.etcd().client().getKVClient().get(KEY).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
