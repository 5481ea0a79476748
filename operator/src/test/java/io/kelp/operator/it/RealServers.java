package io.kelp.operator.it;

import io.kelp.testkit.KelpServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

/**
 * Points the operator under test at the test kit's real etcd, Kafka and Elasticsearch and at the
 * mock Kubernetes API, with the LogCollection CRD the crds module generated loaded into it.
 * The servers are JVM-wide and stopped by the kit at exit.
 */
public class RealServers implements QuarkusTestResourceLifecycleManager {

    static final Path CRD = Path.of("..", "helm", "kelp", "crds", "logcollections.kelp.io-v1.yml");
    static final Path CLUSTER_CRD = Path.of("..", "helm", "kelp", "crds", "clusterlogcollections.kelp.io-v1.yml");
    /** Where the transfers of ClusterLogCollections go (the operator's namespace in a cluster). */
    static final String CLUSTER_NAMESPACE = "it-kelp-system";

    @Override
    public Map<String, String> start() {
        KelpServers.kubernetes().loadCrd(CRD);
        KelpServers.kubernetes().loadCrd(CLUSTER_CRD);
        return Map.ofEntries(
                Map.entry("quarkus.kubernetes-client.api-server-url", KelpServers.kubernetes().url()),
                Map.entry("kelp.etcd.endpoints", KelpServers.etcd().endpoint()),
                Map.entry("kelp.kafka.bootstrap-servers", KelpServers.kafka().bootstrapServers()),
                Map.entry("kelp.elasticsearch.url", KelpServers.elasticsearch().url()),
                Map.entry("kelp.operator.server-side-apply", "false"),
                Map.entry("kelp.operator.request-timeout", "3s"),
                // Lag read every second so the scaling IT runs in seconds.
                Map.entry("kelp.operator.autoscale.interval", "1s"),
                // Heartbeats read every second so agent status follows within seconds.
                Map.entry("kelp.operator.agent-status.interval", "1s"),
                // What is kept for collections gone without a cleanup is dropped within seconds.
                Map.entry("kelp.operator.prune-interval", "1s"),
                Map.entry("kelp.operator.transfer.cluster-namespace", CLUSTER_NAMESPACE));
    }

    @Override
    public void stop() {
        // The kit stops the shared servers at JVM exit; other test classes may still need them.
    }
}
