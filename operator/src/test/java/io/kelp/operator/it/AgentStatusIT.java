package io.kelp.operator.it;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.PutOption;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kelp.api.v1alpha1.ClusterLogCollection;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.api.v1alpha1.LogCollectionStatus;
import io.kelp.contract.AgentHeartbeat;
import io.kelp.contract.AgentHeartbeats;
import io.kelp.testkit.KelpServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * status.agents and status.linesPerSecond from heartbeats written into the real etcd exactly as an
 * agent writes them (contract value, key under a lease), on the mock API.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class AgentStatusIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void anAgentShippingForACollectionShowsInItsStatusUntilItsLeaseExpires() throws Exception {
        LogCollection web = LogCollectionReconcilerIT.collection("it-agents", "web");
        LogCollectionReconcilerIT.create(web);
        Eventually.within(WAIT, () -> assertThat(status("it-agents", "web")).isNotNull()
                .satisfies(s -> assertThat(s.getAgents()).isZero()));

        long lease = grantLease(2);
        putHeartbeat("it-agents-node-1", lease, Map.of("it-agents/web", new AgentHeartbeat.Shipping(5_000, 212.4, 2)));

        Eventually.within(WAIT, () -> assertThat(status("it-agents", "web")).satisfies(s -> {
            assertThat(s.getAgents()).isEqualTo(1);
            assertThat(Double.parseDouble(s.getLinesPerSecond())).isEqualTo(210);
        }));

        // The agent dies: nobody renews its lease, etcd deletes the key when it expires.
        Eventually.within(WAIT, () -> assertThat(status("it-agents", "web")).satisfies(s -> {
            assertThat(s.getAgents()).isZero();
            assertThat(s.getLinesPerSecond()).isEqualTo("0");
        }));
    }

    @Test
    void steadyHeartbeatsOfSeveralAgentsAreSummedAndRewriteNothing() throws Exception {
        LogCollectionReconcilerIT.create(LogCollectionReconcilerIT.collection("it-agents-steady", "api"));
        long lease = grantLease(30);
        putHeartbeat("it-steady-a", lease, Map.of("it-agents-steady/api", new AgentHeartbeat.Shipping(1, 100, 1)));
        putHeartbeat("it-steady-b", lease, Map.of("it-agents-steady/api", new AgentHeartbeat.Shipping(1, 400, 1)));
        Eventually.within(WAIT, () -> assertThat(status("it-agents-steady", "api")).satisfies(s -> {
            assertThat(s.getAgents()).isEqualTo(2);
            assertThat(s.getLinesPerSecond()).isEqualTo("500");
            // The autoscaler's first lag is in too, so nothing else is still to be written.
            assertThat(s.getLag()).isNotNull();
        }));
        String version = read("it-agents-steady", "api").getMetadata().getResourceVersion();

        // Five more heartbeats each, rates moving by a few percent, as under steady load.
        for (int i = 0; i < 5; i++) {
            putHeartbeat("it-steady-a", lease, Map.of("it-agents-steady/api", new AgentHeartbeat.Shipping(1, 97 + 2 * i, 1)));
            putHeartbeat("it-steady-b", lease, Map.of("it-agents-steady/api", new AgentHeartbeat.Shipping(1, 410 - 3 * i, 1)));
            Thread.sleep(1_000);
        }
        assertThat(read("it-agents-steady", "api").getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(status("it-agents-steady", "api").getLinesPerSecond()).isEqualTo("500");
        KelpServers.etcd().client().getLeaseClient().revoke(lease).get(5, TimeUnit.SECONDS);
    }

    @Test
    void clusterCollectionsGetTheirAgentStatusToo() throws Exception {
        ClusterLogCollection nodes = new ClusterLogCollection();
        nodes.setMetadata(new ObjectMetaBuilder().withName("it-agents-nodes").build());
        nodes.getSpec().setHostPaths(List.of("/var/log/syslog"));
        KelpServers.kubernetes().client().resource(nodes).create();
        long lease = grantLease(30);
        putHeartbeat("it-agents-vm-1", lease, Map.of("_cluster/it-agents-nodes", new AgentHeartbeat.Shipping(9, 3, 1)));

        Eventually.within(WAIT, () -> {
            ClusterLogCollection stored = KelpServers.kubernetes().client().resources(ClusterLogCollection.class)
                    .withName("it-agents-nodes").get();
            assertThat(stored.getStatus()).isNotNull();
            assertThat(stored.getStatus().getAgents()).isEqualTo(1);
            assertThat(stored.getStatus().getLinesPerSecond()).isEqualTo("3");
        });
        KelpServers.etcd().client().getLeaseClient().revoke(lease).get(5, TimeUnit.SECONDS);
    }

    private static long grantLease(long ttlSeconds) throws Exception {
        return KelpServers.etcd().client().getLeaseClient().grant(ttlSeconds).get(5, TimeUnit.SECONDS).getID();
    }

    private static void putHeartbeat(String node, long lease, Map<String, AgentHeartbeat.Shipping> collections)
            throws Exception {
        AgentHeartbeat heartbeat = new AgentHeartbeat(node, "it", System.currentTimeMillis(),
                AgentHeartbeats.INTERVAL.toMillis(), collections);
        KelpServers.etcd().client().getKVClient().put(
                ByteSequence.from(AgentHeartbeats.keyOf(node).getBytes()), ByteSequence.from(heartbeat.toJson()),
                PutOption.builder().withLeaseId(lease).build()).get(5, TimeUnit.SECONDS);
    }

    private static LogCollection read(String namespace, String name) {
        return Probes.read(namespace, name);
    }

    private static LogCollectionStatus status(String namespace, String name) {
        LogCollection collection = read(namespace, name);
        return collection == null ? null : collection.getStatus();
    }
}
