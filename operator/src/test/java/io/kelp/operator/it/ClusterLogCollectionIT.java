package io.kelp.operator.it;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kelp.api.v1alpha1.ClusterLogCollection;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.api.v1alpha1.MultilineSpec;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.testkit.KelpServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** ClusterLogCollections and the tenancy line between the two kinds, on the mock API with real servers. */
@QuarkusTest
@WithTestResource(RealServers.class)
class ClusterLogCollectionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void clusterCollectionBecomesReadyAndItsTaskCarriesHostPathsAndNamespaces() throws Exception {
        ClusterLogCollection nodes = new ClusterLogCollection();
        nodes.setMetadata(new ObjectMetaBuilder().withName("it-nodes").build());
        nodes.getSpec().setNamespaces(List.of("shop", "pay"));
        nodes.getSpec().setHostPaths(List.of("/var/log/syslog", "/var/log/app/*.log"));
        nodes.getSpec().setHostLabels(Map.of("role", "db"));
        MultilineSpec multiline = new MultilineSpec();
        multiline.setStartPattern("^\\S");
        nodes.getSpec().getParse().setMultiline(multiline);
        nodes.getSpec().getParse().setJsonFields(true);
        KelpServers.kubernetes().client().resource(nodes).create();
        CollectionRef ref = CollectionRef.cluster("it-nodes");

        Eventually.within(WAIT, () -> assertThat(clusterCondition("it-nodes", "Ready"))
                .hasValueSatisfying(c -> assertThat(c.getStatus()).as(c.getMessage()).isEqualTo("True")));

        CollectionTask task = Probes.task(ref).orElseThrow();
        assertThat(task.source().namespaces()).containsExactly("shop", "pay");
        assertThat(task.source().hostPaths()).containsExactly("/var/log/syslog", "/var/log/app/*.log");
        assertThat(task.source().hostLabels()).containsExactlyEntriesOf(Map.of("role", "db"));
        assertThat(task.parse().multiline().startPattern()).isEqualTo("^\\S");
        assertThat(task.parse().jsonFields()).isTrue();
        assertThat(task.sink().topic()).isEqualTo("kelp._cluster.it-nodes");
        assertThat(Probes.topic("kelp._cluster.it-nodes")).isPresent();
        assertThat(Probes.indexTemplateExists("kelp-_cluster_it-nodes")).isTrue();
        ClusterLogCollection stored = readCluster("it-nodes");
        assertThat(stored.getStatus().getTopic()).isEqualTo("kelp._cluster.it-nodes");
        assertThat(stored.getStatus().getIndexPattern()).isEqualTo("kelp-_cluster_it-nodes_*");
    }

    @Test
    void clusterCollectionGetsItsTransferDeploymentInTheClusterNamespaceUntilItIsDeleted() throws Exception {
        ClusterLogCollection nodes = new ClusterLogCollection();
        nodes.setMetadata(new ObjectMetaBuilder().withName("it-transfer").build());
        nodes.getSpec().setHostPaths(List.of("/var/log/syslog"));
        KelpServers.kubernetes().client().resource(nodes).create();

        Eventually.within(WAIT, () -> assertThat(clusterCondition("it-transfer", "TransferReady"))
                .hasValueSatisfying(c -> assertThat(c.getStatus()).as(c.getMessage()).isEqualTo("True")));
        Deployment deployment = transferDeployment();
        assertThat(deployment).isNotNull();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("KELP_TRANSFER_COLLECTION");
                    assertThat(e.getValue()).isEqualTo("_cluster/it-transfer");
                });
        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("ClusterLogCollection"));

        KelpServers.kubernetes().client().resources(ClusterLogCollection.class).withName("it-transfer").delete();
        Eventually.within(WAIT, () -> assertThat(transferDeployment()).isNull());
    }

    private static Deployment transferDeployment() {
        return KelpServers.kubernetes().client().apps().deployments().inNamespace(RealServers.CLUSTER_NAMESPACE)
                .withName("kelp-cluster-transfer-it-transfer").get();
    }

    @Test
    void namespacedCollectionTaskNeverSelectsAnotherNamespaceOrAHostPath() throws Exception {
        // Stored as raw JSON, as if the schema had not pruned them: a tenant asks for cluster-only fields.
        GenericKubernetesResource sneaky = new GenericKubernetesResource();
        sneaky.setApiVersion("kelp.io/v1alpha1");
        sneaky.setKind("LogCollection");
        sneaky.setMetadata(new ObjectMetaBuilder().withName("sneaky").withNamespace("it-tenant").build());
        sneaky.setAdditionalProperty("spec", Map.of("namespaces", List.of("kube-system"),
                "hostPaths", List.of("/etc/shadow"), "hostLabels", Map.of("a", "b"),
                "selector", Map.of("matchLabels", Map.of("app", "web"))));
        KelpServers.kubernetes().client().genericKubernetesResources("kelp.io/v1alpha1", "LogCollection")
                .inNamespace("it-tenant").resource(sneaky).create();
        CollectionRef ref = new CollectionRef("it-tenant", "sneaky");

        Eventually.within(WAIT, () -> assertThat(taskOf(ref)).isPresent());

        CollectionTask task = Probes.task(ref).orElseThrow();
        assertThat(task.source().namespaces()).containsExactly("it-tenant");
        assertThat(task.source().hostPaths()).isEmpty();
        assertThat(task.source().hostLabels()).isEmpty();
        assertThat(task.source().matchLabels()).containsExactlyEntriesOf(Map.of("app", "web"));
    }

    @Test
    void invalidMultilinePatternIsRefusedWithAConditionNamingTheField() throws Exception {
        LogCollection bad = LogCollectionReconcilerIT.collection("it-multiline", "bad");
        MultilineSpec multiline = new MultilineSpec();
        multiline.setStartPattern("[unclosed");
        bad.getSpec().getParse().setMultiline(multiline);
        LogCollectionReconcilerIT.create(bad);

        Eventually.within(WAIT, () -> assertThat(Probes.condition("it-multiline", "bad", "Ready"))
                .hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getMessage()).contains("spec.parse.multiline.startPattern");
                }));
        assertThat(Probes.task(new CollectionRef("it-multiline", "bad"))).isEmpty();
    }

    private static Optional<CollectionTask> taskOf(CollectionRef ref) {
        try {
            return Probes.task(ref);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ClusterLogCollection readCluster(String name) {
        return KelpServers.kubernetes().client().resources(ClusterLogCollection.class).withName(name).get();
    }

    private static Optional<Condition> clusterCondition(String name, String type) {
        ClusterLogCollection collection = readCluster(name);
        if (collection == null || collection.getStatus() == null || collection.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return collection.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
