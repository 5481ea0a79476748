package io.kelp.e2e.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kelp.e2e.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opt-in check against a real Kubernetes API server (kind, k3d, any cluster you may write CRDs to):
 * {@code KELP_E2E_KUBECONFIG=~/.kube/config ./mvnw -B -pl e2e verify -Preal-cluster -Dit.test=RealClusterIT}
 * or {@code -Dkelp.e2e.kubeconfig=<path>}.
 *
 * <p>What it covers, and only that: the generated CRD in helm/kelp/crds is accepted by a real API
 * server and becomes Established; a LogCollection is accepted and the server fills in the schema's
 * defaults; the CEL rules refuse an invalid one with their message. It does not install the chart,
 * run the operator, agents or transfers, or need Kafka, etcd or Elasticsearch. It leaves the CRD
 * installed (other things may use it) and deletes the namespace it created.
 */
class RealClusterIT {

    private static final String PROPERTY = "kelp.e2e.kubeconfig";
    private static final Path CRD = Pipeline.findRepositoryRoot()
            .resolve("helm/kelp/crds/logcollections.kelp.io-v1.yml");

    private static KubernetesClient client;
    private static String namespace;

    /** Connects once; assumptions are checked per test so each is reported as skipped with the reason. */
    @BeforeAll
    static void connect() throws Exception {
        if (skipReason() == null) {
            String kubeconfig = System.getProperty(PROPERTY);
            Config config = Config.fromKubeconfig(null, Files.readString(Path.of(kubeconfig)), kubeconfig);
            client = new KubernetesClientBuilder().withConfig(config).build();
            namespace = "kelp-e2e-" + UUID.randomUUID().toString().substring(0, 8);
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                    .build()).create();
        }
    }

    @BeforeEach
    void requireCluster() {
        String reason = skipReason();
        assumeTrue(reason == null, reason);
    }

    private static String skipReason() {
        String kubeconfig = System.getProperty(PROPERTY, "");
        if (kubeconfig.isBlank() || kubeconfig.startsWith("${")) {
            return "skipped: no real cluster given. Run with -D" + PROPERTY + "=<kubeconfig path>, or set "
                    + "KELP_E2E_KUBECONFIG and activate the real-cluster profile (-Preal-cluster)";
        }
        if (!Files.isRegularFile(Path.of(kubeconfig))) {
            return "skipped: " + PROPERTY + "=" + kubeconfig + " is not a file";
        }
        return null;
    }

    @AfterAll
    static void cleanUp() {
        if (client != null) {
            client.namespaces().withName(namespace).delete();
            client.close();
        }
    }

    @Test
    void crdIsEstablishedAndLogCollectionsGetTheSchemaDefaults() throws Exception {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .load(Files.newInputStream(CRD)).item();
        client.resource(crd).forceConflicts().serverSideApply();
        client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
                        .anyMatch(cond -> cond.getType().equals("Established") && cond.getStatus().equals("True")),
                        60, TimeUnit.SECONDS);

        GenericKubernetesResource created = client.resource(logCollection("web", Map.of("maxReplicas", 2))).create();

        Map<String, Object> spec = spec(created);
        assertThat(spec).containsEntry("deletionPolicy", "Retain");
        assertThat(section(spec, "kafka")).containsEntry("partitions", 3);
        assertThat(section(spec, "parse")).containsEntry("format", "cri");
        assertThat(section(spec, "transfer")).containsEntry("maxReplicas", 2).containsEntry("minReplicas", 1);
    }

    @Test
    void celRulesRefuseAnInvalidCollectionWithTheirMessage() {
        GenericKubernetesResource invalid = logCollection("bad", Map.of("minReplicas", 4, "maxReplicas", 2));
        assertThatThrownBy(() -> client.resource(invalid).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec.transfer.minReplicas must not exceed spec.transfer.maxReplicas");
    }

    private static GenericKubernetesResource logCollection(String name, Map<String, Object> transfer) {
        GenericKubernetesResource collection = new GenericKubernetesResource();
        collection.setApiVersion("kelp.io/v1alpha1");
        collection.setKind("LogCollection");
        collection.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(name).withNamespace(namespace).build());
        collection.setAdditionalProperty("spec", Map.of(
                "selector", Map.of("matchLabels", Map.of("app", name)),
                "transfer", transfer));
        return collection;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> spec, String name) {
        return (Map<String, Object>) spec.get(name);
    }
}
