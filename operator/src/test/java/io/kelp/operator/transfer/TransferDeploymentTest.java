package io.kelp.operator.transfer;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kelp.api.v1alpha1.ClusterLogCollection;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.operator.desired.Collections;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class TransferDeploymentTest {

    private static final CollectionRef WEB = new CollectionRef("shop", "web");
    private static final CollectionRef NODES = CollectionRef.cluster("web");
    private static final TransferPlacement PLACEMENT = new TransferPlacement("kelp-system");
    private static final TransferDeployment.Settings SETTINGS = new TransferDeployment.Settings(
            "kelp-transfer:1", "http://etcd:2379", "kafka:9092", "http://es:9200");
    private static final TransferCredentials CREDENTIALS = new TransferCredentials(
            Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "ScramLoginModule required password=\"k\";"),
            "elastic", "es-secret", null, "root", "etcd-secret", "-----BEGIN CERTIFICATE-----\n...");
    private static final TransferDeployment.Settings SECURED = new TransferDeployment.Settings(
            "kelp-transfer:1", "https://etcd:2379", "kafka:9093", "https://es:9200", CREDENTIALS);

    @Test
    void podsAreToldTheirCollectionAndTheEndpoints() {
        Deployment deployment = of(WEB, SETTINGS);

        assertThat(deployment.getMetadata().getName()).isEqualTo("kelp-transfer-web");
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(container(deployment).getEnv())
                .extracting(EnvVar::getName, EnvVar::getValue)
                .contains(tuple("KELP_TRANSFER_COLLECTION", "shop/web"), tuple("KELP_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));
        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getController()).isTrue());
    }

    @Test
    void withoutCredentialsNoSecretIsReferenced() {
        Deployment deployment = of(WEB, SETTINGS);
        assertThat(container(deployment).getEnv()).allSatisfy(e -> assertThat(e.getValueFrom()).isNull());
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).isEmpty();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void everyCredentialComesFromTheSecretBesideTheDeploymentNeverInline() {
        Deployment deployment = of(WEB, SECURED);

        assertThat(container(deployment).getEnv()).filteredOn(e -> e.getValueFrom() != null)
                .extracting(EnvVar::getName, e -> e.getValueFrom().getSecretKeyRef().getName(),
                        e -> e.getValueFrom().getSecretKeyRef().getKey())
                .containsExactlyInAnyOrder(
                        tuple("KELP_KAFKA_PROPERTIES__SECURITY_PROTOCOL__", "kelp-transfer-web", "kafka.security.protocol"),
                        tuple("KELP_KAFKA_PROPERTIES__SASL_JAAS_CONFIG__", "kelp-transfer-web", "kafka.sasl.jaas.config"),
                        tuple("KELP_ELASTICSEARCH_USERNAME", "kelp-transfer-web", "elasticsearch.username"),
                        tuple("KELP_ELASTICSEARCH_PASSWORD", "kelp-transfer-web", "elasticsearch.password"),
                        tuple("KELP_ETCD_USER", "kelp-transfer-web", "etcd.user"),
                        tuple("KELP_ETCD_PASSWORD", "kelp-transfer-web", "etcd.password"));
        String rendered = deployment.toString();
        assertThat(rendered).doesNotContain("es-secret", "etcd-secret", "password=\\\"k\\\"", "BEGIN CERTIFICATE");
    }

    @Test
    void theSecretHoldsExactlyWhatThePodsReference() {
        Secret secret = TransferSecret.of(WEB, "shop", owner(), CREDENTIALS);
        Deployment deployment = of(WEB, SECURED);

        assertThat(secret.getMetadata().getName()).isEqualTo("kelp-transfer-web");
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-1"));
        assertThat(secret.getStringData()).containsEntry("elasticsearch.password", "es-secret")
                .containsEntry("kafka.sasl.jaas.config", "ScramLoginModule required password=\"k\";")
                .doesNotContainKey("elasticsearch.api-key");
        assertThat(container(deployment).getEnv()).map(EnvVar::getValueFrom).filteredOn(Objects::nonNull)
                .allSatisfy(from -> assertThat(secret.getStringData()).containsKey(from.getSecretKeyRef().getKey()));
    }

    @Test
    void theEtcdCaIsMountedFromTheSecretAsAFile() {
        Deployment deployment = of(WEB, SECURED);

        assertThat(container(deployment).getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(tuple("KELP_ETCD_CA_FILE", "/etc/kelp/etcd-ca/etcd-ca.crt"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).singleElement().satisfies(v -> {
            assertThat(v.getSecret().getSecretName()).isEqualTo("kelp-transfer-web");
            assertThat(v.getSecret().getItems()).singleElement().satisfies(i -> assertThat(i.getKey()).isEqualTo("etcd-ca.crt"));
        });
        assertThat(container(deployment).getVolumeMounts()).singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/etc/kelp/etcd-ca"));
    }

    @Test
    void anApiKeyIsPassedInsteadOfBasicAuthWhenThatIsWhatTheOperatorHas() {
        TransferCredentials apiKey = new TransferCredentials(Map.of(), null, null, "aWQ6a2V5", null, null, null);
        Deployment deployment = of(WEB, new TransferDeployment.Settings("i", "e", "k", "es", apiKey));
        assertThat(container(deployment).getEnv()).filteredOn(e -> e.getValueFrom() != null)
                .extracting(EnvVar::getName).containsExactly("KELP_ELASTICSEARCH_API_KEY");
    }

    @Test
    void rotatedCredentialsChangeThePodTemplateSoPodsRestartWithThem() {
        TransferCredentials rotated = new TransferCredentials(CREDENTIALS.kafkaProperties(), "elastic", "new-secret",
                null, "root", "etcd-secret", CREDENTIALS.etcdCa());
        Deployment before = of(WEB, SECURED);
        Deployment after = of(WEB, new TransferDeployment.Settings("kelp-transfer:1", "https://etcd:2379", "kafka:9093",
                "https://es:9200", rotated));

        assertThat(hash(after)).isNotEqualTo(hash(before));
        assertThat(after.getSpec().getTemplate().getMetadata().getAnnotations().get(TransferDeployment.CREDENTIALS_HASH))
                .isNotEqualTo(before.getSpec().getTemplate().getMetadata().getAnnotations()
                        .get(TransferDeployment.CREDENTIALS_HASH));
        assertThat(CREDENTIALS.toString()).doesNotContain("es-secret");
    }

    @Test
    void aClusterCollectionsTransferLivesInTheOperatorsNamespaceUnderANameAndSelectorNoNamespacedOneCanHave() {
        ClusterLogCollection owner = new ClusterLogCollection();
        owner.setMetadata(new ObjectMetaBuilder().withName("web").withUid("uid-c").build());
        Deployment cluster = TransferDeployment.of(NODES, PLACEMENT.namespace(NODES), owner, SETTINGS, 1, null);
        Deployment namespaced = TransferDeployment.of(WEB, "kelp-system", owner(), SETTINGS, 1, null);

        assertThat(cluster.getMetadata().getNamespace()).isEqualTo("kelp-system");
        assertThat(cluster.getMetadata().getName()).isEqualTo("kelp-cluster-transfer-web")
                .isNotEqualTo(namespaced.getMetadata().getName());
        assertThat(container(cluster).getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(tuple("KELP_TRANSFER_COLLECTION", "_cluster/web"));
        assertThat(cluster.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("ClusterLogCollection");
            assertThat(o.getUid()).isEqualTo("uid-c");
        });
        // Neither selector matches the other's pods, even in the same namespace.
        Map<String, String> clusterPods = cluster.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> namespacedPods = namespaced.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(selects(cluster, namespacedPods)).isFalse();
        assertThat(selects(namespaced, clusterPods)).isFalse();
        assertThat(selects(cluster, clusterPods)).isTrue();
    }

    @Test
    void hashIgnoresReplicasSoTheAutoscalersChoiceIsNeverUndone() {
        assertThat(hash(TransferDeployment.of(WEB, "shop", owner(), SETTINGS, 5, null))).isEqualTo(hash(of(WEB, SETTINGS)));
    }

    @Test
    void hashChangesWithImageAndResources() {
        String base = hash(of(WEB, SETTINGS));
        String otherImage = hash(of(WEB, new TransferDeployment.Settings(
                "kelp-transfer:2", "http://etcd:2379", "kafka:9092", "http://es:9200")));
        String withLimits = hash(TransferDeployment.of(WEB, "shop", owner(), SETTINGS, 1, new ResourceRequirementsBuilder()
                .addToLimits("memory", new Quantity("512Mi")).build()));

        assertThat(otherImage).isNotEqualTo(base);
        assertThat(withLimits).isNotEqualTo(base).isNotEqualTo(otherImage);
    }

    @Test
    void kafkaPropertiesAreNamedAsSmallRyeMapsThemFromTheEnvironment() {
        assertThat(TransferCredentials.kafkaPropertyEnv("ssl.truststore.location"))
                .isEqualTo("KELP_KAFKA_PROPERTIES__SSL_TRUSTSTORE_LOCATION__");
    }

    private static Deployment of(CollectionRef ref, TransferDeployment.Settings settings) {
        return TransferDeployment.of(ref, PLACEMENT.namespace(ref), owner(), settings, 1, null);
    }

    private static boolean selects(Deployment deployment, Map<String, String> podLabels) {
        return podLabels.entrySet().containsAll(deployment.getSpec().getSelector().getMatchLabels().entrySet());
    }

    private static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static String hash(Deployment deployment) {
        return deployment.getMetadata().getAnnotations().get(TransferDeployment.SPEC_HASH);
    }

    private static LogCollection owner() {
        LogCollection owner = Collections.collection("shop", "web", 1);
        owner.getMetadata().setUid("uid-1");
        return owner;
    }
}
